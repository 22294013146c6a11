from django.core.management.base import CommandError

from reglab.accounts.services import organisations_load
from reglab.core.commands import ReglabCommand


class Command(ReglabCommand):
    help = (
        "Läs in de 21 regionala organisationerna, myndigheterna och sekretariatet (referensdata). Idempotent."
    )

    def handle(self, *args, **options):
        try:
            counts = organisations_load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{kind} {n}" for kind, n in counts.items()))
