from django.core.management.base import BaseCommand, CommandError

from reglab.accounts.services import organisations_load


class Command(BaseCommand):
    help = (
        "Load the 21 regional organisations, the agencies and the secretariat (reference data). Idempotent."
    )

    def handle(self, *args, **options):
        try:
            counts = organisations_load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{kind} {n}" for kind, n in counts.items()))
