"""reglab data status — datasets, versions, freshness and last failures."""

from __future__ import annotations

from django.utils import timezone

from reglab.core.commands import ReglabCommand
from reglab.statistics.models import Dataset, DatasetVersion, SyncFailure, VersionStatus


def _age(when) -> str:
    if when is None:
        return "–"
    days = (timezone.now() - when).days
    return "i dag" if days == 0 else f"{days} d sedan"


class Command(ReglabCommand):
    help = "Visa dataset, versioner, aktualitet och senaste fel."

    def add_arguments(self, parser):
        parser.add_argument("--failures", type=int, default=10, help="Antal senaste fel att visa")

    def handle(self, *args, failures=10, **options):
        datasets = Dataset.objects.select_related("source").order_by("source__kind", "external_id")
        self.stdout.write(
            f"{'id':>4}  {'källa':7} {'tabell/KPI':20} {'version':>7} {'rader':>9}  {'hämtad':12} "
            "uppdaterad hos källan  titel"
        )
        for ds in datasets:
            versions = list(ds.versions.order_by("-number"))
            current = next((v for v in versions if v.status == VersionStatus.CURRENT), None)
            building = [v for v in versions if v.status == VersionStatus.BUILDING]
            self.stdout.write(
                f"{ds.pk:>4}  {ds.source.kind:7} {ds.external_id[:20]:20} "
                f"{('v' + str(current.number)) if current else '–':>7} "
                f"{current.row_count if current else 0:>9}  "
                f"{_age(current.activated_at if current else None):12} "
                f"{(current.provider_updated if current else '') or '–':21}  "
                f"{ds.title[:60]}" + (f"  [bygger v{building[0].number}]" if building else "")
            )
            if current is not None and current.outside_regions:
                self.stdout.write(f"      {current.outside_summary()}")
        if not datasets:
            self.stdout.write("Inga dataset ännu: `reglab data import FIL` eller `reglab data sync`.")
        failed_versions = DatasetVersion.objects.filter(status=VersionStatus.FAILED).select_related(
            "dataset"
        )[:failures]
        recent = list(SyncFailure.objects.select_related("dataset")[:failures])
        if recent:
            self.stdout.write("\nSenaste fel:")
            for failure in recent:
                hint = f" — {failure.hint}" if failure.hint else ""
                self.stdout.write(
                    f"  {failure.happened_at:%Y-%m-%d %H:%M} {failure.source_kind}:{failure.external_id}: "
                    f"{failure.message}{hint}"
                )
        elif failed_versions:
            self.stdout.write("\nMisslyckade versioner:")
        for version in failed_versions if not recent else []:
            self.stdout.write(f"  {version.dataset.external_id} v{version.number}: {version.failure_message}")
