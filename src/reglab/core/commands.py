"""The base of every Reglab management command.

A command runs three ways: `reglab <domain> <verb>` (the front door, `reglab.cli`), `manage.py
<domain>_<verb>` and `call_command` in tests. Through the front door it names itself `reglab <domain>
<verb>` in its usage, hides Django's developer flags from `--help` (they keep working), reports
Reglab's version, and prepares the database first when its parsed options say it needs one.
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# Django's flags: accepted, but only `manage.py` shows them (`--traceback` is for developers).
DJANGO_FLAGS = frozenset(
    {
        "-v",
        "--verbosity",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }
)


def reglab_version() -> str:
    """Reglab's version from the package metadata (not Django's)."""
    try:
        return version("reglab")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


class ReglabCommand(BaseCommand):
    """A management command that declares whether it needs a database.

    `needs_database` is the default answer; override `database_needed` when the parsed options decide
    (e.g. `brp compute --input FILE` reads a file and needs none).
    """

    needs_database: bool = True
    # Set by `reglab.cli` on the instance it runs; `manage.py` and `call_command` leave it off.
    front_door: bool = False

    def database_needed(self, options: dict[str, Any]) -> bool:
        return self.needs_database

    def get_version(self) -> str:
        return reglab_version()

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if self.front_door:
            # Django adds some of these through add_base_argument and `--skip-checks` directly, so hide
            # them after the fact; argparse still accepts a flag whose help is suppressed.
            for action in parser._actions:
                if DJANGO_FLAGS.intersection(action.option_strings):
                    action.help = argparse.SUPPRESS
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        if self.front_door and self.database_needed(options):
            database_ensure()
        return super().execute(*args, **options)


def database_ensure() -> None:
    """Migrate and load reference data on first use, so any command works in a fresh data directory."""
    from reglab.core.services import platform_ensure

    try:
        platform_ensure()
    except Exception as exc:  # any failure here is the environment's (disk, permissions, server)
        raise CommandError(f"Databasen kan inte förberedas: {exc}") from exc
