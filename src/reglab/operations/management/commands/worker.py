"""reglab worker [--once] [--interval S] — run background jobs and enqueue scheduled ones."""

from reglab.core.commands import ReglabCommand
from reglab.operations.worker import run_worker


class Command(ReglabCommand):
    help = "Kör bakgrundsjobb (django-tasks databaskö) och köar schemalagda jobb när de är dags."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", "--batch", action="store_true", dest="once", help="Kör det som är klart och avsluta"
        )
        parser.add_argument("--interval", type=float, default=5.0, help="Sekunder mellan varven (standard 5)")
        parser.add_argument("--name", help="Arbetarens namn (standard: värdnamn-pid)")

    def handle(self, *args, once=False, interval=5.0, name=None, **options):
        done = run_worker(once=once, interval=interval, name=name)
        if once:
            self.stdout.write(f"{done} jobb körda.")
