"""reglab backup [--out DIR] [--keep N] — one archive with the database, media and a manifest."""

from django.conf import settings
from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.operations.backup import BackupError, backup_create


class Command(ReglabCommand):
    help = "Säkerhetskopiera databasen och uppladdade filer till ett arkiv med manifest."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Katalog för arkivet (standard REGLAB_BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="Behåll så många arkiv (standard REGLAB_BACKUP_KEEP)")

    def handle(self, *args, out=None, keep=None, **options):
        try:
            archive = backup_create(
                out or settings.REGLAB_BACKUP_DIR, keep=keep or settings.REGLAB_BACKUP_KEEP
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = archive.manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        media = len(archive.manifest["media"])
        self.stdout.write(f"{archive.path}  ({len(tables)} tabeller, {rows} rader, {media} mediefiler)")
