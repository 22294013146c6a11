"""Map values per kommun, län or FA region, and the map page (quantile classes, SVG paths, table)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reglab.analysis import charts
from reglab.analysis.brp import brp_groups_values, brp_latest_run, brp_level_values
from reglab.analysis.measures import KOLADA_SEX, Measure, method_label
from reglab.analysis.series import groups_values, stat_values
from reglab.geography.models import Region, RegionKind
from reglab.geography.svg import svg_paths
from reglab.statistics.models import Sex

LEVEL_KINDS = {"kommun": RegionKind.KOMMUN, "lan": RegionKind.LAN, "fa": RegionKind.FA}


@dataclass
class MapValues:
    """One value per region code for one period, and the notes that say how they were obtained."""

    values: dict[str, float | None]
    period: str = ""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.notes = list(dict.fromkeys(self.notes))


def fa_membership() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, fa in Region.objects.kommuner().exclude(fa_region=None).values_list("code", "fa_region__code"):
        groups.setdefault(fa, []).append(code)
    return groups


def _for_period(values: pd.DataFrame, period: str | None, notes: list[str]) -> MapValues:
    """One value per region for the asked period (or the latest)."""
    if values.empty:
        return MapValues({}, "", notes)
    periods = sorted(values["period"].astype(str).unique())
    chosen = period if period is not None and period in periods else periods[-1]
    sel = values[values["period"].astype(str) == chosen]
    out = {r: (None if pd.isna(v) else float(v)) for r, v in zip(sel["region"], sel["value"], strict=True)}
    return MapValues(out, chosen, notes)


def _stat_fa_values(measure: Measure, sex: str, period: str | None) -> MapValues:
    """Per FA region: the source's own FA values where it has them, else aggregated from kommuner."""
    assert measure.version is not None
    groups = fa_membership()
    direct = stat_values(measure.version, [measure.code], list(groups), sex, additive=measure.additive)
    if not direct.values.empty:
        return _for_period(direct.values, period, direct.notes)
    computed = groups_values(measure, groups, sex=sex)
    methods = sorted(set(computed.values["method"]))
    note = _("Räknat från kommunerna: %(m)s.") % {"m": ", ".join(method_label(m) for m in methods)}
    return _for_period(computed.values, period, [*direct.notes, *computed.notes, note])


def map_values(measure: Measure, level: str, *, gender: str = "T", period: str | None = None) -> MapValues:
    """Values per kommun, län or FA region (only what the source has for that level)."""
    if measure.is_brp:
        run = brp_latest_run()
        if run is None:
            return MapValues({})
        if level == "fa":
            values, method = brp_groups_values(run, measure, fa_membership(), gender)
            note = _("Approximation av kommunindex per FA-region: %(m)s.") % {"m": method_label(method)}
            return MapValues(values, str(run.config.stampelar), [note])
        return MapValues(brp_level_values(run, measure, level, gender), str(run.config.stampelar))
    sex = KOLADA_SEX.get(gender, Sex.TOTAL)
    if level == "fa":
        return _stat_fa_values(measure, sex, period)
    assert measure.version is not None
    codes = list(Region.objects.filter(kind=LEVEL_KINDS[level]).values_list("code", flat=True))
    found = stat_values(measure.version, [measure.code], codes, sex, additive=measure.additive)
    return _for_period(found.values, period, found.notes)


@dataclass
class MapPage:
    """What the map page shows: values, quantile legend, coloured SVG paths and the whole table."""

    measure: Measure
    level: str  # kommun | lan | fa
    gender: str
    values: MapValues
    table: list[dict]  # region, value, class (1-based, None without a value)
    legend: list[dict]  # colour, low, high
    drawing: dict | None  # svg_paths result, None without stored geometries
    paths: list[dict]  # drawing paths with fill and label

    @property
    def missing(self) -> int:
        return sum(1 for r in self.table if r["value"] is None)


def map_page(measure: Measure, level: str, *, gender: str = "T", period: str | None = None) -> MapPage:
    """Raises ``MeasureError`` when the measure cannot be shown at this level."""
    found = map_values(measure, level, gender=gender, period=period)
    values = found.values
    regions = list(
        Region.objects.filter(kind=LEVEL_KINDS[level]).order_by("code").only("code", "name", "geometry")
    )
    breaks = charts.quantile_breaks([v for v in values.values() if v is not None])
    colours = charts.class_colours(len(breaks))
    shapes, table = [], []
    for region in regions:
        value = values.get(region.code)
        cls = charts.class_of(value, breaks)
        table.append({"region": region, "value": value, "class": None if cls is None else cls + 1})
        if region.geometry:
            shapes.append((region.code, region.geometry, "c" if cls is None else f"c{cls}"))
    drawing = svg_paths(shapes, width=480) if shapes else None
    names = {r.code: r.name for r in regions}
    paths = []
    for p in drawing["paths"] if drawing else []:
        value = values.get(p["id"])
        cls = charts.class_of(value, breaks)
        paths.append(
            {
                **p,
                "fill": charts.NO_DATA_COLOUR if cls is None else colours[cls],
                "label": f"{names[p['id']]}: {charts._fmt(value)}",
            }
        )
    lower = min((v for v in values.values() if v is not None), default=None)
    legend = [
        {"colour": colours[k], "low": lower if k == 0 else breaks[k - 1], "high": upper}
        for k, upper in enumerate(breaks)
    ]
    return MapPage(
        measure=measure,
        level=level,
        gender=gender,
        values=found,
        table=table,
        legend=legend,
        drawing=drawing,
        paths=paths,
    )


@dataclass
class ClassMap:
    """Kommuner coloured by a categorical class (the urban/rural layer): paths, legend and table."""

    drawing: dict | None
    paths: list[dict]
    legend: list[dict]  # label, colour, count
    table: list[dict]  # region, class


def class_map(classes: dict[str, str], labels: list[str], *, lan: Region | None = None) -> ClassMap:
    """The kommuner (of ``lan``, else all) coloured by ``classes`` (kommun code → label in ``labels``)."""
    qs = Region.objects.kommuner().order_by("code").only("code", "name", "geometry")
    if lan is not None:
        qs = qs.filter(parent=lan)
    regions = list(qs)
    colours = dict(zip(labels, charts.ordinal_colours(len(labels)), strict=True))
    shapes = [(r.code, r.geometry, "c") for r in regions if r.geometry]
    drawing = svg_paths(shapes, width=480) if shapes else None
    names = {r.code: r.name for r in regions}
    paths = [
        {
            **p,
            "fill": colours.get(classes.get(p["id"], ""), charts.NO_DATA_COLOUR),
            "label": f"{names[p['id']]}: {classes.get(p['id'], '–')}",
        }
        for p in (drawing["paths"] if drawing else [])
    ]
    counts = {label: sum(1 for r in regions if classes.get(r.code) == label) for label in labels}
    legend = [{"label": label, "colour": colours[label], "count": counts[label]} for label in labels]
    table = [{"region": r, "class": classes.get(r.code, "")} for r in regions]
    return ClassMap(drawing, paths, legend, table)
