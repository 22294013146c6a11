"""reglab data sync [--source scb|kolada] [IDS...] — fetch the catalogue's tables and KPIs."""

from __future__ import annotations

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.statistics.catalogue import CatalogueError, catalogue_load
from reglab.statistics.progress import rich_progress
from reglab.statistics.sync import catalogue_sync


class Command(ReglabCommand):
    help = "Hämta SCB-tabeller och Kolada-KPI:er ur katalogen som nya datasetversioner (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", metavar="ID", help="Dataset-, tabell- eller KPI-id (standard: alla)"
        )
        parser.add_argument("--source", choices=["scb", "kolada"], help="Bara en källa")
        parser.add_argument("--catalogue", help="En annan katalogfil (TOML)")
        parser.add_argument("--no-progress", action="store_true", help="Ingen förloppsindikator")

    def handle(self, *args, ids, source=None, catalogue=None, no_progress=False, **options):
        try:
            entries = catalogue_load(catalogue).entries(source=source, ids=ids or None)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        if not entries:
            raise CommandError("Inget att hämta: katalogen är tom för det urvalet.")
        with rich_progress(enabled=not no_progress, stream=self.stderr) as bar:
            task = bar.add_task("Synkar", total=len(entries))

            def start(entry):
                bar.update(task, description=f"{entry.source}:{entry.id}")

            def done(outcome):
                bar.advance(task)
                if outcome.state == "new":
                    line = (
                        f"{outcome.source}:{outcome.id}: ny version {outcome.version} ({outcome.rows} värden)"
                    )
                elif outcome.state == "unchanged":
                    line = f"{outcome.source}:{outcome.id}: oförändrad (version {outcome.version})"
                else:
                    line = f"{outcome.source}:{outcome.id}: MISSLYCKADES: {outcome.message} — {outcome.hint}"
                if outcome.state != "failed" and outcome.message:
                    line += f" (obs: {outcome.message})"
                if outcome.outside:
                    line += f" (obs: {outcome.outside}; sparade med källans etiketter)"
                self.stdout.write(line)

            outcomes = catalogue_sync(entries, on_start=start, on_done=done)
        failed = [o for o in outcomes if o.state == "failed"]
        new = sum(o.state == "new" for o in outcomes)
        summary = (
            f"{len(outcomes)} dataset: {new} nya versioner, {len(outcomes) - new - len(failed)} oförändrade"
        )
        if failed:
            raise CommandError(
                f"{summary}, {len(failed)} misslyckades ({', '.join(o.id for o in failed[:5])}). "
                "Tidigare versioner är orörda; kör `reglab data sync` igen för att fortsätta."
            )
        self.stdout.write(summary + ".")
