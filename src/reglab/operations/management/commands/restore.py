"""reglab restore FILE [--force] — restore an archive from `reglab backup` and verify every table."""

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.operations.backup import BackupError, backup_restore


class Command(ReglabCommand):
    # Restore needs the empty database as it is: preparing it first would make it non-empty.
    needs_database = False
    help = "Återställ en säkerhetskopia till en tom databas (eller ersätt innehållet med --force)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Arkivet från reglab backup")
        parser.add_argument("--force", action="store_true", help="Ersätt en databas som inte är tom")

    def handle(self, *args, file, force=False, **options):
        try:
            done = backup_restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Återställd och kontrollerad: {done['tables']} tabeller, {done['rows']} rader, "
            f"{done['media']} mediefiler."
        )
