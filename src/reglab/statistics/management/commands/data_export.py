"""reglab data export DATASET [--format csv|xlsx|parquet] [--output FILE]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.statistics.selectors import DatasetNotFound, dataset_resolve, version_frame
from reglab.writers.spreadsheet import frame_to_csv, frame_to_xlsx


class Command(ReglabCommand):
    help = (
        "Exportera gällande version av ett dataset i långt format "
        "(mått, region, period, dimensioner, kön, värde, status)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dataset", metavar="DATASET", help="Dataset-id eller källans tabell-/KPI-id (t.ex. BE0101D1)"
        )
        parser.add_argument("--format", choices=["csv", "xlsx", "parquet"], default=None)
        parser.add_argument("--output", "-o", help="Fil att skriva (standard: standard ut för csv)")

    def handle(self, *args, dataset, format=None, output=None, **options):
        try:
            found = dataset_resolve(dataset)
        except DatasetNotFound as exc:
            raise CommandError(str(exc)) from exc
        version = found.current_version
        if version is None:
            raise CommandError(f"Dataset {found.external_id} har ingen gällande version ännu.")
        fmt = format or (Path(output).suffix.lstrip(".").lower() if output else "csv")
        if fmt not in {"csv", "xlsx", "parquet"}:
            raise CommandError(f"Okänt format {fmt!r}: välj csv, xlsx eller parquet.")
        if fmt != "csv" and not output:
            raise CommandError(f"Formatet {fmt} är binärt: ange --output FIL.")
        frame = version_frame(version)
        try:
            if fmt == "csv":
                if output:
                    frame_to_csv(frame, output)
                else:
                    self.stdout.write(frame_to_csv(frame), ending="")
            elif fmt == "xlsx":
                if len(frame) > 1_048_000:
                    raise CommandError("För många rader för Excel (max 1 048 576); välj csv eller parquet.")
                frame_to_xlsx(frame, output, sheet_name=found.external_id)
            else:
                frame.to_parquet(output, index=False)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {output}: {exc.strerror}") from exc
        if output:
            self.stderr.write(f"{len(frame)} rader från {found.external_id} v{version.number} → {output}")
