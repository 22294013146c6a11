"""A BRP+ index split by Tillväxtverket's urban/rural class of kommuner (for the workshop deck)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reglab.analysis.brp import brp_level_values
from reglab.analysis.deck import breakdown_regions
from reglab.analysis.measures import measure_resolve
from reglab.geography.models import Region
from reglab.indicators.models import BrpRun
from reglab.reference.urban_rural import class_labels, kommun_classes


def urban_rural_rows(region: Region, run: BrpRun | None) -> tuple[list[tuple[str, int, float | None]], str]:
    """(class label, kommuner, unweighted mean of their Livskvalitet kommunindex) per 3-class group.

    The kommuner are those of the region's breakdown (a kommun's län, a län's kommuner, all of Sweden
    for Riket). Returns no rows and a message when BRP+ is missing.
    """
    if run is None:
        return [], _("Inga BRP+-resultat finns ännu (reglab brp import-official).")
    level, _whole, parts = breakdown_regions(region)
    codes = (
        [r.code for r in parts]
        if level == "kommun"
        else list(Region.objects.kommuner().values_list("code", flat=True))
    )
    classes = kommun_classes()
    values = brp_level_values(run, measure_resolve("brp:Livskvalitet"), "kommun", "T")
    rows = []
    for label in class_labels(3):
        members = [c for c in codes if c in classes and classes[c].class3 == label]
        if not members:
            continue
        known = [v for v in (values.get(c) for c in members) if v is not None]
        rows.append((label, len(members), sum(known) / len(known) if known else None))
    note = _(
        "Tillväxtverkets kommungruppering (3 klasser). Ovägt medel av kommunernas publicerade "
        "kommunindex för Livskvalitet."
    )
    return rows, note
