"""Bring a data directory up to date: migrate and load reference data. Safe to run again."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from reglab.accounts.models import Organisation, Role
from reglab.accounts.services import organisations_load, user_create
from reglab.geography.models import Region
from reglab.geography.services import geography_counts, geography_load
from reglab.indicators.services import brp_config_load


class Command(BaseCommand):
    help = "Migrate the database and load reference data (geography, organisations)."

    def handle(self, *args, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Datakatalog: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        if Region.objects.kommuner().count() < 290 or not Region.objects.filter(kind="fa").exists():
            self.stdout.write("Läser in geografi (län, kommuner, FA-regioner) …")
            geography_load()
        self.stdout.write(f"Geografi: {geography_counts()}")
        counts = organisations_load()
        self.stdout.write("Organisationer: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
        config = brp_config_load(version="2025")
        self.stdout.write(f"BRP+-konfiguration: {config}")
        if settings.DEBUG and not get_user_model().objects.exists():
            # A first local administrator so a newcomer can log in; the password is shown once.
            password = secrets.token_urlsafe(10)
            user_create(
                username="admin",
                password=password,
                organisation=Organisation.objects.get(slug="reglab"),
                role=Role.SECRETARIAT,
                is_superuser=True,
            )
            self.stdout.write(self.style.WARNING(f"Skapade lokal administratör: admin / {password}"))
