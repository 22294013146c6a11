"""`reglab backup` then `reglab restore` into an empty data directory (and, on PostgreSQL, an empty
database) reproduces every table; checked by reading both databases directly, not through the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tarfile
from pathlib import Path

import pytest

from reglab.operations.backup import backup_list, backup_prune
from tests.operations.clitools import cli_env, reglab

pytestmark = pytest.mark.slow


def _digest_rows(rows) -> str:
    lines = sorted(json.dumps(list(r), default=str) for r in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def sqlite_tables(path: Path) -> dict[str, tuple[int, str]]:
    db = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for name in names:
            rows = db.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608
            found[name] = (len(rows), _digest_rows(rows))
        return found
    finally:
        db.close()


def pg_tables(url: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as db, db.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        found = {}
        for (name,) in cur.fetchall():
            cur.execute(f'SELECT * FROM "{name}"')  # noqa: S608
            rows = cur.fetchall()
            found[name] = (len(rows), _digest_rows(rows))
        return found


def build_source(env: dict[str, str], data_dir: Path) -> None:
    """A data directory with reference data, a user and an uploaded file."""
    done = reglab(env, "setup")
    assert done.returncode == 0, done.stderr
    done = reglab(
        env,
        "accounts",
        "create_user",
        "kronoberg",
        "--org",
        "region-kronoberg",
        "--role",
        "member",
        "--password",
        "Kronoberg-2026!",
    )
    assert done.returncode == 0, done.stderr
    media = data_dir / "media" / "decks"
    media.mkdir(parents=True)
    (media / "workshop.pptx").write_bytes(os.urandom(2048))


def backup(env: dict[str, str], out: Path) -> Path:
    done = reglab(env, "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    [archive] = backup_list(out)
    assert str(archive) in done.stdout
    return archive


def test_sqlite_round_trip_into_an_empty_data_directory(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    env = cli_env(source)
    build_source(env, source)
    archive = backup(env, tmp_path / "backups")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == "sqlite" and manifest["media"].keys() == {"decks/workshop.pptx"}

    done = reglab(cli_env(target), "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Återställd och kontrollerad" in done.stdout

    before, after = sqlite_tables(source / "reglab.sqlite3"), sqlite_tables(target / "reglab.sqlite3")
    assert len(before) > 20 and before["geography_region"][0] > 300 and before["auth_user"][0] == 2
    assert after == before  # every table: row count and content
    assert (target / "media/decks/workshop.pptx").read_bytes() == (
        source / "media/decks/workshop.pptx"
    ).read_bytes()

    # The restored directory is no longer empty: a second restore refuses and changes nothing.
    again = reglab(cli_env(target), "restore", str(archive))
    assert again.returncode != 0
    assert "Databasen är inte tom" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert sqlite_tables(target / "reglab.sqlite3") == before
    forced = reglab(cli_env(target), "restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_text("hello")
    done = reglab(cli_env(tmp_path / "target"), "restore", str(bogus))
    assert done.returncode != 0 and "ingen Reglab-säkerhetskopia" in done.stderr


def test_retention_keeps_the_newest(tmp_path):
    for stamp in ("20260101", "20260102", "20260103", "20260104"):
        (tmp_path / f"reglab-backup-{stamp}T000000Z.tar.gz").write_bytes(b"x")
    removed = backup_prune(tmp_path, keep=2)
    assert [p.name[14:22] for p in removed] == ["20260102", "20260101"]
    assert [p.name[14:22] for p in backup_list(tmp_path)] == ["20260104", "20260103"]


@pytest.fixture
def pg_databases():
    """Two new PostgreSQL databases next to the test database (only when the suite runs on PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL round trip: run the suite with DATABASE_URL=postgres://…")
    import psycopg

    base, _, name = url.rpartition("/")
    names = [f"{name}_backup_source", f"{name}_backup_target"]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for db in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}"')
            admin.execute(f'CREATE DATABASE "{db}"')
    yield [f"{base}/{db}" for db in names]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for db in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def test_postgresql_round_trip_into_an_empty_database(tmp_path, pg_databases):
    source_url, target_url = pg_databases
    source = tmp_path / "source"
    env = cli_env(source, DATABASE_URL=source_url)
    build_source(env, source)
    archive = backup(env, tmp_path / "backups")

    target_env = cli_env(tmp_path / "target", DATABASE_URL=target_url)
    done = reglab(target_env, "restore", str(archive))
    assert done.returncode == 0, done.stderr

    before, after = pg_tables(source_url), pg_tables(target_url)
    assert len(before) > 20 and before["geography_region"][0] > 300 and before["auth_user"][0] == 2
    assert after == before
    assert (tmp_path / "target/media/decks/workshop.pptx").exists()

    again = reglab(target_env, "restore", str(archive))
    assert again.returncode != 0 and "Databasen är inte tom" in again.stderr
    assert pg_tables(target_url) == before
