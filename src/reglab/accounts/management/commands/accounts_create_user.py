from django.core.management.base import CommandError

from reglab.accounts.models import Organisation, Role
from reglab.accounts.services import user_create
from reglab.core.commands import ReglabCommand


class Command(ReglabCommand):
    help = (
        "Skapa en användare som agerar för en organisation: "
        "reglab accounts create-user NAMN --org KORTNAMN --role member."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--org", required=True, help="organisationens kortnamn, t.ex. region-kronoberg eller reglab"
        )
        parser.add_argument("--role", choices=Role.values, default=Role.MEMBER)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="utelämna för att bli tillfrågad")

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
