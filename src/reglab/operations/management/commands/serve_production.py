"""reglab serve --production [HOST:PORT] — gunicorn with WhiteNoise, debug off, logs on stdout."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.operations.serving import gunicorn_argv


class Command(ReglabCommand):
    help = (
        "Produktionsserver: gunicorn (gthread-arbetare efter antalet CPU:er), statiska filer via WhiteNoise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "address", nargs="?", default="127.0.0.1:8000", help="HOST:PORT (standard 127.0.0.1:8000)"
        )

    def handle(self, *args, address, **options):
        if settings.DEBUG:
            raise CommandError("Produktionsläget kräver REGLAB_DEBUG=0.")
        # Static files must be collected with debug off, or every page answers 500 (missing manifest entry).
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(address)
        self.stdout.write(f"Reglab (produktion) körs på http://{address}/  ({' '.join(argv[3:])})")
        self.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606  gunicorn takes over this process (signals go straight to it)
