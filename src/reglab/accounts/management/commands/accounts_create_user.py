from django.core.management.base import BaseCommand, CommandError

from reglab.accounts.models import Organisation, Role
from reglab.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create a user acting for an organisation: reglab accounts create_user NAME --org SLUG --role member"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="organisation slug, e.g. region-kronoberg or reglab")
        parser.add_argument("--role", choices=Role.values, default=Role.MEMBER)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="omit to be asked")

    def handle(self, *args, **o):
        org = Organisation.objects.filter(slug=o["org"]).first()
        if org is None:
            raise CommandError(
                f"Ingen organisation med kortnamnet {o['org']!r}. Se admin eller `reglab accounts load`."
            )
        password = o["password"]
        if not password:
            import getpass

            password = getpass.getpass("Lösenord: ")
        user = user_create(
            username=o["username"], password=password, organisation=org, role=o["role"], email=o["email"]
        )
        self.stdout.write(f"Skapade {user.username} ({o['role']}) för {org.name}")
