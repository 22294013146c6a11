"""reglab data catalogue check [--offline] [IDS...] — is every catalogue entry still at its source?"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.statistics.catalogue import CatalogueError, catalogue_load
from reglab.statistics.catalogue_check import ERROR, WARNING, LiveScb, RecordedScb, catalogue_check
from reglab.statistics.sync import kolada_client, scb_client

# The responses recorded from SCB's live v2 API, beside the checkout (docs/statistics.md).
DEFAULT_RECORDED = Path("..") / "shared" / "data" / "scb-pxweb-v2-recorded"


class Command(ReglabCommand):
    help = (
        "Kontrollera katalogen mot källorna: tabell-id som försvunnit (404), bytt namn eller avslutats, "
        "och urval som inte längre stämmer. En rad per post; felkod när något är fel."
    )
    needs_database = False  # asks the sources (or recorded files), never the database

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"], help="check: kontrollera katalogen")
        parser.add_argument(
            "ids", nargs="*", metavar="ID", help="Dataset-, tabell- eller KPI-id (standard: alla)"
        )
        parser.add_argument("--source", choices=["scb", "kolada"], help="Bara en källa")
        parser.add_argument("--catalogue", help="En annan katalogfil (TOML)")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="Mot SCB:s inspelade svar i stället för nätet (Kolada kontrolleras då inte)",
        )
        parser.add_argument(
            "--recorded",
            default=str(DEFAULT_RECORDED),
            help="Mappen med inspelade svar (standard: ../shared/data/scb-pxweb-v2-recorded)",
        )

    def handle(self, *args, action, ids, source=None, catalogue=None, offline=False, recorded="", **options):
        try:
            entries = catalogue_load(catalogue).entries(source=source, ids=ids or None)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        clients = []
        if offline:
            try:
                scb = RecordedScb(Path(recorded))
            except FileNotFoundError as exc:
                raise CommandError(f"{exc} Ange mappen med --recorded.") from exc
            kolada = None
        else:
            client = scb_client()
            kolada = kolada_client()
            clients = [client, kolada]
            scb = LiveScb(client)
        try:
            results = catalogue_check(
                entries, scb=scb, kolada=kolada, on_result=lambda r: self.stdout.write(r.line())
            )
        finally:
            for client in clients:
                client.close()
        errors = [r for r in results if r.state == ERROR]
        warnings = sum(r.state == WARNING for r in results)
        good = len(results) - len(errors) - warnings
        summary = f"{len(results)} poster: {good} ok, {warnings} varningar, {len(errors)} fel"
        if errors:
            raise CommandError(
                f"{summary} ({', '.join(r.id for r in errors[:5])}). Rätta katalogen och kör igen."
            )
        self.stdout.write(summary + ".")
