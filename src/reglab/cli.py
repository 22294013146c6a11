"""The `reglab` front door.

    reglab serve [HOST:PORT]        run the web server (default 127.0.0.1:8000)
    reglab serve --production [HOST:PORT]  gunicorn, debug off, REGLAB_SECRET_KEY from the environment
    reglab worker [--once]          run background jobs and the schedule
    reglab backup [--out DIR]       archive the database and media;  reglab restore FILE [--force]
    reglab setup                    migrate and load reference data (idempotent)
    reglab manage ARGS...           any Django management command
    reglab <domain> <verb> ARGS...  domain commands, e.g. `reglab geography load`,
                                    `reglab data import FILE`, `reglab brp compute`,
                                    `reglab proposals import FILE`

Domain commands are management commands named `<domain>_<verb>` (e.g. `geography_load`), so the
same code runs from `reglab`, `manage.py` and tests. Django is imported only when needed.
"""

from __future__ import annotations

import os
import sys

DOMAINS = ("geography", "accounts", "data", "brp", "indicators", "proposals", "programme", "plans", "demo")

# Commands that work on files alone and must not touch (or need) a database.
FILE_ONLY = {("brp", "--input"), ("proposals", "--dry-run")}


def _django_setup() -> None:
    # On a workstation without configuration the commands run with local defaults (debug on, the
    # development key); a deployment sets REGLAB_SECRET_KEY and keeps debug off.
    if not os.environ.get("REGLAB_SECRET_KEY"):
        os.environ.setdefault("REGLAB_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    import django

    django.setup()


def _ensure_database() -> None:
    """Migrate and load reference data on first use, so any command works in a fresh data directory."""
    try:
        _prepare()
    except Exception as exc:
        print(f"reglab: databasen kan inte förberedas: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


def _prepare() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    from reglab.geography.models import Region

    if pending or not Region.objects.exists():
        # Silent: the command's own output (a CSV on stdout, one error line on stderr) stays clean.
        from reglab.core.services import platform_prepare

        platform_prepare()


def _call(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["reglab", *argv])
    except Exception as exc:  # the boundary: users get one line, developers ask for --traceback
        if "--traceback" in argv:
            raise
        print(f"reglab: {type(exc).__name__}: {exc}  (kör med --traceback för detaljer)", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve" and "--production" in rest:
        if not os.environ.get("REGLAB_SECRET_KEY"):
            print(
                "reglab: REGLAB_SECRET_KEY saknas; sätt en lång slumpmässig nyckel i miljön (docs/deploy.md)",
                file=sys.stderr,
            )
            return 2
        os.environ["REGLAB_DEBUG"] = "0"
        command, rest = "serve_production", [a for a in rest if a != "--production"]
    if command in {"serve_production", "worker", "backup", "restore"}:  # reglab.operations
        _django_setup()
        if command != "restore":  # restore needs the empty database as it is
            _ensure_database()
        return _call([command, *rest])
    if command == "serve":
        # Local serving: debug defaults on so a fresh checkout works without a secret key.
        os.environ.setdefault("REGLAB_DEBUG", "1")
        _django_setup()
        address = rest[0] if rest and not rest[0].startswith("-") else "127.0.0.1:8000"
        print(f"Reglab körs på http://{address}/  (Ctrl+C avslutar)", flush=True)
        return _call(["runserver", address, "--noreload", *[a for a in rest if a.startswith("-")]])
    if command == "manage":
        _django_setup()
        return _call(rest)
    if command == "setup":
        _django_setup()
        return _call(["reglab_setup", *rest])
    if command in DOMAINS:
        _django_setup()
        if command == "demo":
            _ensure_database()
            return _call(["demo", *rest])
        if not rest or rest[0].startswith("-"):
            print(f"usage: reglab {command} <verb> [args]   (see `reglab --help`)", file=sys.stderr)
            return 2
        verb = rest[0].replace("-", "_")  # `reglab brp import-official` == `reglab brp import_official`
        file_only = any((command, flag) in FILE_ONLY for flag in rest)
        if not file_only and not {"-h", "--help"} & set(rest):
            _ensure_database()
        return _call([f"{command}_{verb}", *rest[1:]])
    print(f"reglab: unknown command {command!r}; see `reglab --help`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
