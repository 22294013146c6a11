"""`reglab serve [HOST:PORT]`: the web server, preparing an empty data directory first."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from reglab.core.commands import ReglabCommand

DEFAULT_ADDRESS = "127.0.0.1:8000"


class Command(ReglabCommand):
    help = "Kör webbservern för utveckling (standard 127.0.0.1:8000); förbereder en tom datakatalog först."
    needs_database = True  # a fresh data directory is migrated and loaded before the first request
    requires_system_checks: list[str] = []  # runserver runs them

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default=DEFAULT_ADDRESS, metavar="HOST:PORT")
        parser.add_argument(
            "--production",
            action="store_true",
            help="gunicorn med debug av; kräver REGLAB_SECRET_KEY i miljön (docs/deploy.md)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="kör inte bakgrundsjobben i samma process (då behövs reglab worker); se REGLAB_DEV_WORKER",
        )

    def handle(
        self, *args: Any, address: str, production: bool = False, no_worker: bool = False, **options: Any
    ) -> None:
        if production:
            # `reglab serve --production` never gets here: the front door switches debug off before the
            # settings load and runs `serve_production`. From manage.py, the settings decide.
            call_command("serve_production", address)
            return
        self.development(address, worker=settings.REGLAB_DEV_WORKER and not no_worker)

    def development(self, address: str, *, worker: bool = True) -> None:
        """Django's development server in this process (no autoreloader: `reglab` is not a checkout tool),
        with the queued background jobs run in a thread beside it unless `worker` is off."""
        if worker:
            from reglab.operations.worker import worker_thread_start

            worker_thread_start()
            self.stdout.write(
                "Bakgrundsjobb körs i samma process (--no-worker eller REGLAB_DEV_WORKER=0 stänger av)."
            )
        self.stdout.write(f"Reglab körs på http://{address}/  (Ctrl+C avslutar)")
        self.stdout.flush()
        call_command("runserver", address, use_reloader=False)
