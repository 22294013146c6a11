"""Backups: one archive with the database, the media files and a manifest; restore with verification.

An archive `reglab-backup-<UTC time>.tar.gz` holds
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.pgdump` (`pg_dump --format=custom`, restored with `pg_restore`),
- `media/…` (uploads, when media are on the filesystem),
- `manifest.json`: vendor, every table's row count and SHA-256 of its rows ordered by primary key,
  and a SHA-256 per file, so a restore can prove it reproduced every table.
On PostgreSQL the dump and the manifest read the same snapshot (`pg_dump --snapshot`).
"""

from __future__ import annotations

import decimal
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections, transaction

FORMAT = 1
PREFIX = "reglab-backup-"
SUFFIX = ".tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says what to do."""


@dataclass
class Archive:
    path: Path
    manifest: dict


# --- table fingerprints (shared by backup, restore verification and the tests' comparison) -----------


def _normal(value: Any) -> Any:
    """A value in a form that is the same before and after a dump/restore on the same database kind."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _tables_and_keys(cursor, vendor: str) -> dict[str, list[str]]:
    """Every table with its ordering columns (primary key, else all columns)."""
    found: dict[str, list[str]] = {}
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = cursor.fetchall()  # cid, name, type, notnull, default, pk
            keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
            found[table] = keys or [c[1] for c in columns]
        return found
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    for (table,) in cursor.fetchall():
        cursor.execute(
            """SELECT a.attname FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
               WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum""",
            [f'"{table}"'],
        )
        keys = [row[0] for row in cursor.fetchall()]
        if not keys:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                [table],
            )
            keys = [row[0] for row in cursor.fetchall()]
        found[table] = keys
    return found


def table_fingerprints(cursor, vendor: str) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hash of its rows ordered by primary key}} for a DB-API cursor."""
    result = {}
    for table, keys in _tables_and_keys(cursor, vendor).items():
        order = ", ".join(f'"{k}"' for k in keys)
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')  # noqa: S608 (names from the catalogue)
        digest = hashlib.sha256()
        rows = 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(json.dumps([_normal(v) for v in row], default=str).encode())
                digest.update(b"\n")
            rows += len(batch)
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL tools ---------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore from PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if candidates:
        return candidates[0]
    raise BackupError(
        f"{name} hittades inte: installera PostgreSQL-klienten (apt-get install postgresql-client)."
    )


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(cmd[0]).name} misslyckades: {detail[-1] if detail else done.returncode}")


# --- backup -------------------------------------------------------------------------------------------


def _media_root() -> Path | None:
    """The media folder when uploads live on the filesystem; None on S3 (the bucket has its own backups)."""
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def _sqlite_connect(name) -> sqlite3.Connection:
    # Django's test databases are shared in-memory URIs ("file:memorydb_default?mode=memory&cache=shared").
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


def _dump_database(work: Path) -> tuple[str, dict]:
    vendor = connection.vendor
    if vendor == "sqlite":
        target = work / "database.sqlite3"
        source = _sqlite_connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
            tables = table_fingerprints(copy.cursor(), "sqlite")
        finally:
            copy.close()
            source.close()
        return target.name, tables
    if vendor == "postgresql":
        target = work / "database.pgdump"
        db = connection.settings_dict
        args, env = _pg_args(db)
        with transaction.atomic(), connection.cursor() as cursor:
            # The dump and the fingerprints see the same snapshot, so the manifest describes the dump.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                [
                    pg_tool("pg_dump"),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(target),
                    db["NAME"],
                ],
                env,
            )
            tables = table_fingerprints(cursor, "postgresql")
        return target.name, tables
    raise BackupError(f"Säkerhetskopiering stöds för SQLite och PostgreSQL, inte {vendor}.")


def backup_create(out_dir: Path | str, *, keep: int | None = None) -> Archive:
    """Write one archive into `out_dir`; keep the newest `keep` archives there (None keeps all)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".partial-") as tmp:
        work = Path(tmp)
        db_file, tables = _dump_database(work)
        media_root = _media_root()
        media: dict[str, str] = {}
        if media_root and media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                media[path.relative_to(media_root).as_posix()] = _file_sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database_file": db_file,
            "database_sha256": _file_sha256(work / db_file),
            "tables": tables,
            "media": media,
            "media_included": media_root is not None,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / db_file, arcname=db_file)
            for relative in media:  # media is empty when there is no media root
                assert media_root is not None
                tar.add(media_root / relative, arcname=f"media/{relative}")
        final = out_dir / f"{PREFIX}{stamp}{SUFFIX}"
        partial.replace(final)  # atomic: a crash never leaves a half-written archive under the final name
    if keep:
        backup_prune(out_dir, keep)
    return Archive(final, manifest)


def backup_list(out_dir: Path | str) -> list[Path]:
    """Archives in `out_dir`, newest first."""
    return sorted(Path(out_dir).glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def backup_prune(out_dir: Path | str, keep: int) -> list[Path]:
    removed = backup_list(out_dir)[max(keep, 1) :]
    for path in removed:
        path.unlink()
    return removed


def backup_latest(out_dir: Path | str) -> Archive | None:
    for path in backup_list(out_dir):
        try:
            return Archive(path, read_manifest(path))
        except BackupError:
            continue
    return None


def read_manifest(path: Path | str) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            handle = tar.extractfile("manifest.json")
            if handle is None:  # a folder, not a file, by that name
                raise KeyError("manifest.json")
            manifest: dict = json.load(handle)
            return manifest
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError, TypeError) as exc:
        raise BackupError(f"{path} är ingen Reglab-säkerhetskopia ({exc}).") from exc


# --- restore ------------------------------------------------------------------------------------------


def database_is_empty() -> bool:
    """True when the configured database has no tables (a new data directory or a new database)."""
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return True
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def current_fingerprints() -> dict[str, dict]:
    if connection.vendor == "sqlite":
        db = _sqlite_connect(connection.settings_dict["NAME"])
        try:
            return table_fingerprints(db.cursor(), "sqlite")
        finally:
            db.close()
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, connection.vendor)


def backup_restore(archive: Path | str, *, force: bool = False) -> dict:
    """Restore an archive into the configured database and media folder, then verify every table.

    Refuses a database that has tables unless `force`. Returns {"tables": n, "rows": n, "media": n}.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Filen {archive} finns inte.")
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Okänt format {manifest.get('format')!r} i {archive.name}.")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Kopian är från {manifest['vendor']} men databasen är {connection.vendor}; "
            "återställ till samma databastyp (DATABASE_URL)."
        )
    if not force and not database_is_empty():
        raise BackupError(
            "Databasen är inte tom; återställning skulle skriva över den. "
            "Använd en tom datakatalog/databas, eller --force för att ersätta innehållet."
        )
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        db_file = work / manifest["database_file"]
        if _file_sha256(db_file) != manifest["database_sha256"]:
            raise BackupError(f"{archive.name} är skadad (databasfilens kontrollsumma stämmer inte).")
        _restore_database(db_file, force=force)
        media_root = _media_root()
        restored_media = 0
        if media_root is not None and (work / "media").is_dir():
            for relative in manifest["media"]:
                target = media_root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(work / "media" / relative, target)
                restored_media += 1
    now = current_fingerprints()
    expected = manifest["tables"]
    different = sorted(t for t in expected if now.get(t) != expected[t])
    if different:
        raise BackupError(
            f"Återställningen stämmer inte för {len(different)} tabeller ({', '.join(different[:5])})."
        )
    return {
        "tables": len(expected),
        "rows": sum(t["rows"] for t in expected.values()),
        "media": restored_media,
    }


def _restore_database(db_file: Path, *, force: bool) -> None:
    connections.close_all()
    if connection.vendor == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(str(db_file))
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)  # page-by-page copy into the live file (also when it was in WAL mode)
            dest.execute("PRAGMA journal_mode=WAL")
        finally:
            dest.close()
            source.close()
        return
    db = connection.settings_dict
    args, env = _pg_args(db)
    cmd = [
        pg_tool("pg_restore"),
        *args,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "-d",
        db["NAME"],
    ]
    if force:
        cmd += ["--clean", "--if-exists"]
    _run([*cmd, str(db_file)], env)
