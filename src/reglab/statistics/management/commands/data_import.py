"""reglab data import FILE...  — PX, JSON-stat 2, CSV or XLSX files as dataset versions."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from reglab.core.commands import ReglabCommand
from reglab.readers import ReaderError, read_any
from reglab.statistics.progress import progress_bar
from reglab.statistics.services import IngestError, dataset_ingest, failure_record

BUSY = "{name}: databasen är upptagen (en annan import pågår); försök igen om en stund. Inget sparades."


def _record(**kwargs) -> None:
    """Record a failure if the database lets us; a locked database must not hide the real error."""
    with contextlib.suppress(DatabaseError):
        failure_record(**kwargs)


class Command(ReglabCommand):
    help = "Importera statistikfiler (PX, JSON-stat 2, CSV, XLSX) som nya datasetversioner."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--id", dest="dataset_id", help="Dataset-id att spara under (standard: tabellens id)"
        )
        parser.add_argument("--no-progress", action="store_true", help="Ingen förloppsindikator")

    def handle(self, *args, files, dataset_id=None, no_progress=False, **options):
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Filen finns inte: {name}")
            try:
                table = read_any(path)
            except ReaderError as exc:
                _record(source_kind="file", external_id=dataset_id or path.stem, message=str(exc))
                text = str(exc)
                where = "" if text.startswith(f"{path.name}:") else f"{path.name}: "
                raise CommandError(f"Kunde inte läsa {where}{text} Inget sparades.") from exc
            try:
                with progress_bar(f"{path.name}", enabled=not no_progress, stream=self.stderr) as progress:
                    result = dataset_ingest(
                        source_kind="file",
                        table=table,
                        external_id=dataset_id or table.table_id,
                        query={"file": path.name},
                        origin=str(path.name),
                        attribution=f"Källa: {table.source}" if table.source else "",
                        progress=progress,
                    )
            except IngestError as exc:
                _record(source_kind="file", external_id=dataset_id or table.table_id, message=str(exc))
                raise CommandError(f"{path.name}: {exc} Inget sparades.") from exc
            except DatabaseError as exc:
                # A database still locked after its busy timeout (SQLite) or a lock conflict: the
                # import wrote nothing visible, and trying again later works.
                raise CommandError(BUSY.format(name=path.name)) from exc
            if result.changed:
                self.stdout.write(
                    f"{path.name}: dataset {result.dataset.pk} ({result.dataset.external_id}) "
                    f"version {result.version.number}, {result.rows} värden."
                    + (f" Obs: {outside}." if (outside := result.version.outside_summary()) else "")
                )
            else:
                self.stdout.write(
                    f"{path.name}: oförändrad — dataset {result.dataset.pk} ({result.dataset.external_id}) "
                    f"version {result.version.number} gäller redan."
                )
        return None
