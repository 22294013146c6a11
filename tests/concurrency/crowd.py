"""A real Reglab server in a subprocess, on the database the suite runs on, and a crowd of clients.

SQLite: a file database in a temporary REGLAB_DATA_DIR (WAL, as in production). PostgreSQL (when
DATABASE_URL points there): a separate database `<name>_conc`, created here and dropped afterwards;
pytest-django's test database is not involved, since the server process cannot see its transactions.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

SCENARIO = Path(__file__).with_name("scenario.py")
STARTUP_SECONDS = 120  # an upper bound for a loaded CI machine, not a measurement
REQUEST_TIMEOUT = 120.0  # queued writers wait; this only keeps a broken run from hanging forever


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


@dataclass
class Server:
    base_url: str
    env: dict[str, str]
    world: dict
    log: Path

    def scenario(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(SCENARIO), *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"scenario {args} failed:\n{result.stderr[-3000:]}"
        return result.stdout

    def stored(self, meeting: str = "meeting") -> dict:
        world = self.world
        return json.loads(self.scenario("count", *(str(world[k]) for k in (meeting, "ballot", "proposal"))))

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@contextmanager
def running_server(data_dir: Path) -> Iterator[Server]:
    """Seed a fresh database, start `reglab serve` on a free port, stop it (and drop the database)."""
    env = {**os.environ, "REGLAB_DEBUG": "1", "REGLAB_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("REGLAB_SECRET_KEY", None)
    pg_url = _postgres_url()
    drop = None
    if pg_url:
        parts = urlsplit(pg_url)
        name = f"{parts.path.lstrip('/') or 'postgres'}_conc"
        # WITH (FORCE): a connection a previous, killed run left behind must not keep the database.
        _admin_sql(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin_sql(pg_url, f'CREATE DATABASE "{name}"')
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        env.pop("DATABASE_URL", None)
    log = data_dir / "server.log"
    proc = None
    try:
        seeded = subprocess.run(
            [sys.executable, str(SCENARIO), "seed"], env=env, capture_output=True, text=True, timeout=600
        )
        assert seeded.returncode == 0, f"seeding failed:\n{seeded.stderr[-3000:]}"
        world = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = _free_port()
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "reglab.cli", "serve", f"127.0.0.1:{port}"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert proc.poll() is None, f"the server stopped:\n{log.read_text(errors='replace')[-3000:]}"
            try:
                if httpx.get(f"{base_url}/halsa/", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer /halsa/"
            time.sleep(0.2)
        yield Server(base_url=base_url, env=env, world=world, log=log)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if drop:
            _admin_sql(pg_url, drop)


@dataclass
class Member:
    """One person in the crowd: an own HTTP client with its own cookies (session, CSRF)."""

    server: Server
    username: str
    organisation: int | None = None
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.server.base_url, timeout=REQUEST_TIMEOUT)

    def csrf(self) -> str:
        return self.client.cookies["csrftoken"]

    def open_login(self) -> None:
        response = self.client.get(self.server.world["login_url"])
        assert response.status_code == 200, response.status_code

    def log_in(self) -> httpx.Response:
        data = {"username": self.username, "password": self.server.world["password"]}
        return self.post(self.server.world["login_url"], data)

    def post(self, url: str, data: dict) -> httpx.Response:
        return self.client.post(url, data={**data, "csrfmiddlewaretoken": self.csrf()})

    def close(self) -> None:
        self.client.close()


@dataclass
class Outcome:
    status: int | None
    text: str = ""
    error: str = ""


def all_at_once(members: list[Member], action: Callable[[Member], httpx.Response]) -> list[Outcome]:
    """Run ``action`` for every member in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(members))

    def run(member: Member) -> Outcome:
        barrier.wait()
        try:
            response = action(member)
        except httpx.HTTPError as exc:  # reported, so one broken connection names itself
            return Outcome(status=None, error=repr(exc))
        return Outcome(status=response.status_code, text=response.text)

    with ThreadPoolExecutor(max_workers=len(members)) as pool:
        return list(pool.map(run, members))


def statuses(outcomes: list[Outcome]) -> dict:
    """How many of each status (or transport error), for assertions that show the whole picture."""
    counts: dict = {}
    for outcome in outcomes:
        key = outcome.status if outcome.status is not None else "error"
        counts[key] = counts.get(key, 0) + 1
    return counts
