"""`reglab brp import_official DIR`: store the four published BRP+ files as a dataset."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.indicators.brp_data import available_versions


class Command(ReglabCommand):
    help = "Importera de fyra publicerade BRP+-filerna (1..4.kolada_*.csv) som officiellt dataset."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="katalog med de fyra filerna")
        parser.add_argument("--config", default="2025", help="stämpelår (standard 2025)")

    def handle(self, *args, **opts):
        from reglab.indicators.services import brp_official_import

        if opts["config"] not in available_versions():
            raise CommandError(f"Okänd konfiguration {opts['config']!r}")
        if not opts["directory"].is_dir():
            raise CommandError(f"Katalogen finns inte: {opts['directory']}")
        try:
            run = brp_official_import(directory=opts["directory"], version=opts["config"])
        except (FileNotFoundError, ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kunde inte importera: {exc}") from None
        n = run.values.count()
        self.stdout.write(
            f"Importerade officiella BRP+ {run.config.stampelar}: {n} värden (körning {run.pk})."
        )
