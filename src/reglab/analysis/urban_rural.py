"""Urban/rural classes as standard region groups: any measure split by Tillväxtverket's 3 or 6 kommun
classes, for Sweden or within one län (issue 14, item 3). The classes are reference data
(``reference/urban_rural.py``); each class is a group of kommuner computed on the fly, by the measure's
aggregation rule (statistics) or as the labelled approximation from kommunindex (BRP+)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reglab.analysis import charts
from reglab.analysis.brp import brp_groups_values, brp_runs_by_year
from reglab.analysis.measures import KOLADA_SEX, Measure, MeasureError, method_label
from reglab.analysis.series import groups_values
from reglab.geography.models import Region
from reglab.reference.urban_rural import class_labels, kommun_classes
from reglab.statistics.models import Sex

SCHEMES = (3, 6)


def classes_of(scheme: int) -> dict[str, str]:
    """Kommun code → class label of the 3- or 6-class scheme."""
    return {code: (c.class3 if scheme == 3 else c.class6) for code, c in kommun_classes().items()}


def class_groups(scheme: int, lan: Region | None = None) -> dict[str, list[str]]:
    """Class label → kommun codes (within ``lan`` when given), in the scheme's order; empty classes are
    left out."""
    classes = classes_of(scheme)
    codes = set(Region.objects.kommuner().values_list("code", flat=True))
    if lan is not None:
        codes = set(lan.children.values_list("code", flat=True))
    groups = {label: sorted(c for c in codes if classes.get(c) == label) for label in class_labels(scheme)}
    return {label: members for label, members in groups.items() if members}


@dataclass
class UrbanRuralSplit:
    measure: Measure
    scheme: int
    lan: Region | None
    period: str
    rows: list[dict]  # label, kommuner, value, method
    notes: list[str] = field(default_factory=list)

    def chart_svg(self) -> str:
        where = self.lan.name if self.lan else _("Sverige")
        return charts.bars_svg(
            [r["label"] for r in self.rows],
            [(where, [r["value"] for r in self.rows])],
            title=_("%(m)s per stads- och landsbygdsklass, %(where)s")
            % {"m": self.measure.label, "where": where},
            ident="urban-rural",
            kinds=["region"],
            vmin=None if self.measure.is_brp else min([0.0, *[r["value"] or 0.0 for r in self.rows]]),
            vmax=None if self.measure.is_brp else max([1.0, *[r["value"] or 0.0 for r in self.rows]]),
            desc=_("Stapeldiagram. Samma värden finns i tabellen."),
            scale=_("Skala 0–100") if self.measure.is_brp else (self.measure.unit or ""),
        )


def urban_rural_split(
    measure: Measure, scheme: int, *, lan: Region | None = None, gender: str = "T"
) -> UrbanRuralSplit:
    """One value per class (latest period with values). Raises ``MeasureError`` when the measure cannot be
    aggregated over kommuner (a rate without base counts or population)."""
    if scheme not in SCHEMES:
        raise MeasureError(_("Välj indelning 3 eller 6 klasser."))
    groups = class_groups(scheme, lan)
    notes: list[str] = []
    if measure.is_brp:
        runs = brp_runs_by_year()
        if not runs:
            raise MeasureError(_("Inga BRP+-resultat finns ännu (importera: reglab brp import-official)."))
        values, method = brp_groups_values(runs[-1], measure, groups, gender)
        period = str(runs[-1].config.stampelar)
        methods = dict.fromkeys(groups, method)
        notes.append(_("Kommunindex per klass: %(m)s.") % {"m": method_label(method)})
    else:
        result = groups_values(measure, groups, sex=KOLADA_SEX.get(gender, Sex.TOTAL), label=_("klasserna"))
        frame = result.values.dropna(subset=["value"])
        notes += result.notes
        if frame.empty:
            raise MeasureError(
                _(
                    "%(m)s kan inte delas upp efter stad och land: ingen klass har värden för alla sina "
                    "kommuner."
                )
                % {"m": measure.label}
            )
        period = max(frame["period"].astype(str))
        latest = frame[frame["period"].astype(str) == period]
        values = {g: float(v) for g, v in zip(latest["region"], latest["value"], strict=True)}
        methods = dict(zip(latest["region"], latest["method"], strict=True))
    rows = [
        {
            "label": label,
            "kommuner": len(members),
            "value": None if values.get(label) is None or pd.isna(values.get(label)) else values[label],
            "method": method_label(methods.get(label, "")),
        }
        for label, members in groups.items()
    ]
    return UrbanRuralSplit(measure, scheme, lan, period, rows, notes)
