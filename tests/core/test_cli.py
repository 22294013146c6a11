import argparse
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from pathlib import Path

import django
import pytest

from reglab.cli import main, reglab_commands
from reglab.core.commands import DJANGO_FLAGS, ReglabCommand
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict, write_rows

SRC = Path(__file__).resolve().parents[2] / "src"


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "reglab serve" in out and "reglab geography load" in out


def test_unknown_command_is_a_clear_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "okänt kommando" in capsys.readouterr().err


def test_domain_without_verb_explains_usage(capsys):
    assert main(["geography"]) == 2
    assert "usage: reglab geography <verb>" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_command_uses_the_same_data_directory(tmp_path):
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "manage", "migrate", "-v0"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reglab.sqlite3").exists()


def test_domain_command_prepares_a_fresh_data_directory_without_configuration(tmp_path):
    """`reglab geography load` works in a new checkout with no environment variables set."""
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "geography", "load", "--no-geometry"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # groups 9: Tillväxtverket's urban/rural classes (3 + 6), loaded as standard groups when preparing
    assert "riket 1, län 21, kommun 290, fa 60, groups 9" in result.stdout
    assert (tmp_path / "var" / "reglab.sqlite3").exists()


def test_unexpected_errors_are_one_line(tmp_path):
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "data", "export", "no-such-dataset"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


# --- the front door as a user runs it: the installed `reglab` script in a fresh process ---------------

REGLAB = Path(sys.executable).with_name("reglab")


def reglab(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`reglab ARGS` on SQLite in `data_dir` (DATABASE_URL left out, so PostgreSQL runs test the same)."""
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(data_dir),
    }
    command = [str(REGLAB)] if REGLAB.exists() else [sys.executable, "-m", "reglab.cli"]
    return subprocess.run([*command, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def kolada_csv(tmp_path) -> Path:
    cfg = load_config_dict()
    path = tmp_path / "kolada.csv"
    write_rows(kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict()), path)
    return path


def test_command_help_names_itself_and_hides_django_flags(tmp_path):
    data_dir = tmp_path / "var"
    done = reglab("brp", "compute", "--help", data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: reglab brp compute"), done.stdout[:200]
    assert "--input" in done.stdout
    for flag in ("--settings", "--pythonpath", "--traceback", "--no-color", "--skip-checks", "--verbosity"):
        assert flag not in done.stdout, flag
    assert not data_dir.exists()


def test_django_flags_stay_for_developers(tmp_path):
    """`reglab manage` shows Django's own usage, and `--traceback` still works through the front door."""
    shown = reglab("manage", "brp_compute", "--help", data_dir=tmp_path / "var", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "--settings" in shown.stdout and "--traceback" in shown.stdout
    missing = str(tmp_path / "missing.csv")
    quiet = reglab("brp", "compute", f"--input={missing}", data_dir=tmp_path / "var", cwd=tmp_path)
    assert quiet.returncode == 1
    assert quiet.stderr.strip() == f"CommandError: Filen finns inte: {missing}"
    loud = reglab(
        "brp", "compute", f"--input={missing}", "--traceback", data_dir=tmp_path / "var", cwd=tmp_path
    )
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr and "Filen finns inte" in loud.stderr


def test_manage_py_runs_the_same_command(tmp_path, kolada_csv):
    out = tmp_path / "out"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [
            sys.executable,
            str(SRC.parent / "manage.py"),
            "brp_compute",
            f"--input={kolada_csv}",
            "--out",
            str(out),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "BRP+ beräknat" in done.stdout
    assert len(list(out.glob("*.kolada_*.csv"))) == 4


@pytest.mark.parametrize("form", ["--input=FILE", "--input FILE"])
def test_compute_from_a_file_leaves_the_data_directory_untouched(tmp_path, kolada_csv, form):
    data_dir = tmp_path / "var"
    out = tmp_path / "out"
    flag = [f"--input={kolada_csv}"] if "=" in form else ["--input", str(kolada_csv)]
    done = reglab("brp", "compute", *flag, "--out", str(out), data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "BRP+ beräknat" in done.stdout
    assert len(list(out.glob("*.kolada_*.csv"))) == 4
    assert not data_dir.exists()


def test_version_is_reglabs(tmp_path):
    data_dir = tmp_path / "var"
    for args in (["--version"], ["brp", "compute", "--version"]):
        done = reglab(*args, data_dir=data_dir, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith(version("reglab")), (args, done.stdout)
        assert django.get_version() not in done.stdout or django.get_version() == version("reglab")
    assert not data_dir.exists()


@pytest.mark.parametrize("args", [["plans", "list"], ["brp", "frobnicate"]])
def test_unknown_verb_fails_in_one_line_without_a_data_directory(tmp_path, args):
    data_dir = tmp_path / "var"
    done = reglab(*args, data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "okänt kommando" in done.stderr, done.stderr
    assert f"reglab {' '.join(args)}" in done.stderr
    assert not data_dir.exists()


def test_top_level_help_lists_domains_and_verbs(tmp_path):
    data_dir = tmp_path / "var"
    done = reglab("--help", data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    compute = next(line for line in lines if line.strip().startswith("reglab brp compute"))
    assert "Beräkna BRP+" in compute  # the command's own one-line help
    for name in ("reglab serve", "reglab data import", "reglab proposals import", "reglab manage"):
        assert any(line.strip().startswith(name) for line in lines), name
    assert not data_dir.exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_prepares_an_empty_data_directory(tmp_path):
    data_dir = tmp_path / "var"
    port = _free_port()
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "REGLAB_DATA_DIR": str(data_dir),
    }
    command = [str(REGLAB)] if REGLAB.exists() else [sys.executable, "-m", "reglab.cli"]
    server = subprocess.Popen(
        [*command, "serve", f"127.0.0.1:{port}"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 240  # a bound on waiting, not an assertion on speed
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as reply:
                    status = reply.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert status == 200, output
    assert (data_dir / "reglab.sqlite3").exists()


# --- the command classes ------------------------------------------------------------------------------


def test_every_reglab_command_uses_the_base_class():
    from django.core.management import load_command_class

    for name, app in reglab_commands().items():
        assert isinstance(load_command_class(app, name), ReglabCommand), name


def _needs_database(name: str, *args: str) -> bool:
    from django.core.management import load_command_class

    command = load_command_class(reglab_commands()[name], name)
    options = vars(command.create_parser("reglab", name).parse_args(list(args)))
    return command.database_needed(options)


def test_commands_decide_from_their_parsed_options_whether_they_need_a_database():
    assert not _needs_database("brp_compute", "--input=in.csv")
    assert not _needs_database("brp_compute", "--input", "in.csv", "--out", "dir")
    assert _needs_database("brp_compute", "--input", "in.csv", "--save")
    assert _needs_database("brp_compute")
    assert not _needs_database("brp_analyse", "trends", "--input", "in.csv")
    assert not _needs_database("proposals_import", "deck.pptx", "--dry-run")
    assert _needs_database("proposals_import", "deck.pptx", "--dry-run", "--round", "3")
    assert _needs_database("proposals_import", "deck.pptx", "--round", "3")
    assert _needs_database("data_import", "table.px")
    assert _needs_database("serve")


def test_front_door_hides_exactly_djangos_flags():
    from django.core.management import load_command_class

    command = load_command_class("reglab.statistics", "data_import")  # runs system checks: has --skip-checks
    command.front_door = True
    parser = command.create_parser("reglab", "data import")
    hidden = {o for a in parser._actions if a.help == argparse.SUPPRESS for o in a.option_strings}
    assert hidden == DJANGO_FLAGS
