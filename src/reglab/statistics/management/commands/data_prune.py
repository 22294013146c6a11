"""reglab data prune [--keep N] [--days D] [--dry-run] — remove superseded dataset versions."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError

from reglab.core.commands import ReglabCommand
from reglab.statistics.services import dataset_versions_prune


class Command(ReglabCommand):
    help = (
        "Ta bort ersatta datasetversioner utöver de senaste N (REGLAB_KEEP_DATASET_VERSIONS) eller äldre "
        "än D dagar (REGLAB_KEEP_DATASET_VERSIONS_DAYS). Den gällande versionen tas aldrig bort."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, help="versioner att behålla per dataset, den gällande inräknad"
        )
        parser.add_argument("--days", type=int, help="ta bort ersatta versioner äldre än så många dagar")
        parser.add_argument(
            "--dry-run", action="store_true", help="visa vad som skulle tas bort, ta inte bort"
        )

    def handle(self, *args, keep=None, days=None, dry_run=False, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep måste vara minst 1: den gällande versionen behålls alltid.")
        if days is not None and days < 0:
            raise CommandError("--days kan inte vara negativt.")
        try:
            removed = dataset_versions_prune(keep=keep, days=days, dry_run=dry_run)
        except DatabaseError as exc:
            raise CommandError(
                "Databasen är upptagen (en import pågår); försök igen om en stund. Inget togs bort."
            ) from exc
        verb = "skulle tas bort" if dry_run else "borttagen"
        for item in removed:
            self.stdout.write(f"{item.dataset} v{item.number} ({item.status}, {item.rows} värden) {verb}")
        rows = sum(item.rows for item in removed)
        keep_text = keep if keep is not None else settings.REGLAB_KEEP_DATASET_VERSIONS
        summary = f"{len(removed)} versioner ({rows} värden) {verb if removed else 'att ta bort'}"
        self.stdout.write(
            f"{summary}; behåller {keep_text} per dataset."
            + (" Torrkörning: inget togs bort." if dry_run else "")
        )
