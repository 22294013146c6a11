"""The `reglab` front door.

    reglab serve [HOST:PORT]        run the web server (default 127.0.0.1:8000)
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


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    import django

    django.setup()


def _call(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["reglab", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
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
            return _call(["demo", *rest])
        if not rest or rest[0].startswith("-"):
            print(f"usage: reglab {command} <verb> [args]   (see `reglab --help`)", file=sys.stderr)
            return 2
        verb = rest[0].replace("-", "_")  # `reglab brp import-official` == `reglab brp import_official`
        return _call([f"{command}_{verb}", *rest[1:]])
    print(f"reglab: unknown command {command!r}; see `reglab --help`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
