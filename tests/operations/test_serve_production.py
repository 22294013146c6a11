"""`reglab serve --production`: gunicorn, debug off, secret key from the environment, static files."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.operations.clitools import cli_env, reglab

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def production_server(tmp_path):
    port = free_port()
    env = cli_env(
        tmp_path / "data",
        REGLAB_SECRET_KEY="test-only-" + "k" * 50,
        # No REGLAB_ALLOWED_HOSTS / REGLAB_SECURE_SSL_REDIRECT: a loopback server works out of the box.
        REGLAB_WEB_WORKERS="1",
        REGLAB_WEB_THREADS="2",
    )
    env.pop("REGLAB_DEBUG")
    process = subprocess.Popen(
        [sys.executable, "-m", "reglab.cli", "serve", "--production", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # a fresh data directory is migrated and loaded first
            if process.poll() is not None:
                pytest.fail(f"server exited: {process.stdout.read()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0]
    # Request logs went to stdout.
    assert '"GET / HTTP/1.1" 200' in output


def test_production_server_serves_the_home_page_with_debug_off(production_server):
    status, headers, body = fetch(production_server + "/")
    assert status == 200
    assert headers["Server"].startswith("gunicorn")  # not Django's WSGIServer
    assert "Reglab" in body

    # Hashed static file names come from collectstatic's manifest; WhiteNoise serves them.
    css = body.split('href="/static/reglab/reglab.')[1].split('"')[0]
    status, headers, text = fetch(f"{production_server}/static/reglab/reglab.{css}")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and "{" in text
    assert "immutable" in headers.get("Cache-Control", "")

    status, _, body = fetch(production_server + "/no-such-page/")
    assert status == 404
    assert "Traceback" not in body and "URLconf" not in body and "DEBUG = True" not in body


def test_production_needs_a_secret_key(tmp_path):
    env = cli_env(tmp_path / "data")
    env.pop("REGLAB_DEBUG")
    done = reglab(env, "serve", "--production", "127.0.0.1:9")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "REGLAB_SECRET_KEY saknas" in done.stderr


@pytest.mark.parametrize(
    ("address", "environ", "expected"),
    [
        (
            "127.0.0.1:8000",
            {},
            {"REGLAB_ALLOWED_HOSTS": "127.0.0.1,localhost", "REGLAB_SECURE_SSL_REDIRECT": "0"},
        ),
        ("localhost:9000", {"REGLAB_BEHIND_PROXY": "1"}, {"REGLAB_ALLOWED_HOSTS": "127.0.0.1,localhost"}),
        (
            "127.0.0.1:8000",
            {"REGLAB_ALLOWED_HOSTS": "reglab.example.org"},
            {"REGLAB_SECURE_SSL_REDIRECT": "0"},
        ),
        ("0.0.0.0:8000", {}, {}),  # a public address: host names and TLS are the operator's to set
    ],
)
def test_production_defaults_only_for_loopback_and_never_over_the_operators_choice(
    address, environ, expected
):
    from reglab.cli import production_defaults

    assert production_defaults(address, environ) == expected
