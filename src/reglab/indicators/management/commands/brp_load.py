"""`reglab brp load [--config 2025]`: store the shipped BRP+ configuration and its indicator definitions."""

from __future__ import annotations

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.indicators.brp_data import available_versions


class Command(ReglabCommand):
    help = "Läs in BRP+-konfigurationen för ett stämpelår (indikatordefinitioner) i databasen."

    def add_arguments(self, parser):
        parser.add_argument("--config", default=None, help="stämpelår; standard: alla som levereras")

    def handle(self, *args, **opts):
        from reglab.indicators.services import brp_config_load

        versions = [opts["config"]] if opts["config"] else available_versions()
        for version in versions:
            if version not in available_versions():
                raise CommandError(
                    f"Okänd konfiguration {version!r}; finns: {', '.join(available_versions())}"
                )
            cfg = brp_config_load(version=version)
            self.stdout.write(f"BRP+ {cfg.stampelar}: {cfg.indicators.count()} indikatorer inlästa.")
