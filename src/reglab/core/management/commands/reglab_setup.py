"""Bring a data directory up to date: migrate and load reference data. Safe to run again."""

from django.conf import settings

from reglab.core.commands import ReglabCommand
from reglab.core.services import local_admin_create, platform_prepare


class Command(ReglabCommand):
    help = "Migrera databasen och läs in referensdata (geografi, organisationer, BRP+-konfiguration)."
    needs_database = False  # it prepares the database itself, reporting each step

    def handle(self, *args, **options):
        platform_prepare(report=self.stdout.write)
        if settings.DEBUG:
            password = local_admin_create()
            if password:
                # So a newcomer can log in; the password is shown once.
                self.stdout.write(self.style.WARNING(f"Skapade lokal administratör: admin / {password}"))
