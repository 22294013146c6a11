"""A region's profile: BRP+ with Riket as reference, the latest statistics, links, and its charts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reglab.analysis import charts
from reglab.analysis.brp import BrpProfile, brp_latest_run, brp_profile
from reglab.analysis.measures import (
    GENDERS,
    MeasureError,
    current_versions,
    measure_resolve,
    method_label,
    statistics_rule,
)
from reglab.analysis.series import part_units, parts_values, reduction_note
from reglab.engine.aggregation import AggregationRule
from reglab.engine.dimensions import ROW_COLUMNS, DimensionError, reduce_dimensions
from reglab.geography.models import Region, RegionKind
from reglab.indicators.models import BrpRun
from reglab.statistics.models import Observation, Sex

SOURCES = {"officiell": "official", "beraknad": "computed"}


def run_modes_text(run: BrpRun) -> str:
    """A computed run's modes in words; the codes (total_bas, levels, reproduce) are for the command line."""
    words = {
        "total_bas": _("kvinnor och män skalade mot totalens min/max"),
        "separat_bas": _("kvinnor och män skalade var för sig"),
        "sammantaget_bas": _("kvinnor och män skalade mot sin gemensamma min/max"),
        "levels": _("medelvärden nivå för nivå"),
        "r-code": _("medelvärden som i den officiella R-koden"),
        "reproduce": _("luckor som i den officiella beräkningen"),
        "intended": _("luckor fyllda från länets kommuner"),
    }
    year = _("laggat %(n)d år") % {"n": run.lag} if run.lag is not None else _("senaste året")
    return ", ".join([words.get(m, m) for m in (run.sex_mode, run.aggregation, run.imputation)] + [year])


def _dims_text(dims: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted((dims or {}).items()))


def _reduced_values(rows: list[tuple], *, additive: bool) -> tuple[dict[str, float | None], list[str]]:
    """Total, women and men of one measure and period whose every cell carries other dimensions: the
    table's total codes, else a sum over the dimension for counts (``engine.dimensions``); the notes say
    which. A rate without total codes gives no value (a slice such as one age band would mislead)."""
    frame = pd.DataFrame(
        [("r", period, "m", sex, dims, value) for period, sex, dims, value, _status in rows],
        columns=ROW_COLUMNS,
    )
    values: dict[str, float | None] = {}
    notes: list[str] = []
    for sex in (Sex.TOTAL, Sex.WOMEN, Sex.MEN):
        try:
            reduced = reduce_dimensions(frame, sex=sex, total_sex=Sex.TOTAL, additive=additive)
        except DimensionError:
            values[sex] = None
            continue
        found = reduced.values["value"].dropna()
        values[sex] = float(found.iloc[0]) if len(found) else None
        if sex == Sex.TOTAL:
            notes = [reduction_note(step) for step in reduced.steps]
    return values, notes


def statistics_latest(region: Region, *, limit: int = 200) -> list[dict]:
    """The latest value of every catalogued measure for ``region`` with provenance.

    One row per dataset version × measure, with total, women and men in that measure's latest period.
    A measure whose cells all carry other dimensions (age, marital status…) shows the table's totals, or
    for counts the sum over the dimension, and says which; never an arbitrary slice (issue 14).
    """
    versions = {v.pk: v for v in current_versions()}
    if not versions:
        return []
    rows = Observation.objects.filter(version_id__in=list(versions), region=region).values_list(
        "version_id", "measure", "period", "sex", "dimensions", "value", "status"
    )
    latest: dict[tuple, tuple[str, list[tuple]]] = {}
    for version_id, measure, period, sex, dims, value, status in rows.iterator(chunk_size=20_000):
        if isinstance(dims, str):
            dims = json.loads(dims or "{}")
        period = str(period)
        key = (version_id, measure)
        current = latest.get(key)
        if current is None or period > current[0]:
            latest[key] = (period, [])
            current = latest[key]
        if period == current[0]:
            current[1].append((period, sex, dims or {}, value, status))
    out = []
    for (version_id, measure), (period, cells) in sorted(latest.items()):
        version = versions[version_id]
        plain = [c for c in cells if not c[2]]
        dims_names = sorted({k for c in cells for k in c[2]})
        if plain:
            values = {sex: value for _p, sex, _d, value, _s in plain}
            how = ""
        else:
            rule = statistics_rule(measure, version.dataset.unit)
            additive = AggregationRule.parse(rule).kind in {"sum", "ratio"}
            values, notes = _reduced_values(cells, additive=additive)
            if all(v is None for v in values.values()):
                how = _("fördelat på %(dims)s utan total; se datasetet") % {"dims": ", ".join(dims_names)}
            else:
                how = " ".join(notes)
        statuses = {c[4] for c in (plain or cells) if c[4]}
        out.append(
            {
                "dataset": version.dataset,
                "version": version,
                "measure": measure,
                "dimensions": how,
                "period": period,
                "total": values.get(Sex.TOTAL),
                "women": values.get(Sex.WOMEN),
                "men": values.get(Sex.MEN),
                "status": "; ".join(sorted(statuses)),
                "unit": version.dataset.unit,
                "attribution": version.dataset.credit(),
                "key": f"stat:{version.dataset_id}:{measure}",
            }
        )
    return out[:limit]


def statistics_computed(region: Region, *, limit: int = 40) -> list[dict]:
    """For a group or FA region (no own observations): the latest value of each current measure computed
    from its parts by the measure's rule (``series.parts_values``); a measure that cannot be combined
    says why instead of a number. At most ``limit`` measures, to keep the page fast."""
    kommuner = region.kommun_codes()
    versions = current_versions()
    if not kommuner or not versions:
        return []
    levels = part_units(kommuner)
    pairs = (
        Observation.objects.filter(version_id__in=[v.pk for v in versions])
        .values_list("version_id", "measure")
        .distinct()
        .order_by("version_id", "measure")[:limit]
    )
    by_id = {v.pk: v for v in versions}
    out = []
    for version_id, code in pairs:
        version = by_id[version_id]
        try:
            measure = measure_resolve(f"stat:{version.dataset_id}:{code}")
        except MeasureError:
            continue
        values: dict[str, float | None] = {}
        how, period = "", ""
        for sex in (Sex.TOTAL, Sex.WOMEN, Sex.MEN):
            try:
                found = parts_values(
                    measure, kommuner, code=region.code, label=region.name, sex=sex, levels=levels
                )
            except MeasureError as exc:
                if sex == Sex.TOTAL:
                    how = str(exc)
                continue
            frame = found.values.dropna(subset=["value"])
            if sex == Sex.TOTAL:
                how = " ".join(
                    [method_label(m) for m in sorted(set(found.values["method"]))] + found.notes
                ) or " ".join(found.notes)
                period = max(frame["period"].astype(str)) if not frame.empty else ""
            sel = frame[frame["period"].astype(str) == period] if period else frame.iloc[0:0]
            values[sex] = float(sel["value"].iloc[0]) if len(sel) else None
        if not period and not how:
            continue
        out.append(
            {
                "dataset": version.dataset,
                "version": version,
                "measure": code,
                "dimensions": how,
                "period": period,
                "total": values.get(Sex.TOTAL),
                "women": values.get(Sex.WOMEN),
                "men": values.get(Sex.MEN),
                "status": "",
                "unit": version.dataset.unit,
                "attribution": version.dataset.credit(),
                "key": measure.key,
            }
        )
    return out


def region_links(region: Region) -> dict:
    """Where to go from a profile: its län, FA region, groups and members, and the action plans nearby."""
    from reglab.plans.models import ActionPlan

    regions = [region]
    if region.parent is not None:
        regions.append(region.parent)
    plans = ActionPlan.objects.filter(organisation__region__in=regions).select_related("organisation")[:20]
    return {
        "lan": region.parent if region.kind == RegionKind.KOMMUN else None,
        "fa": region.fa_region,
        "groups": list(region.groups.all()[:20]),
        "members": (
            list(region.members.all()[:60])
            if region.kind == RegionKind.GROUP
            else list(region.fa_members.order_by("code")[:60])
            if region.kind == RegionKind.FA
            else []
        ),
        "plans": list(plans),
    }


Series = list[tuple[str, list[float | None]]]


@dataclass
class ProfilePage:
    """Everything a profile shows and exports; chart series are shared by the SVG charts and the deck."""

    region: Region
    profile: BrpProfile | None
    source: str  # officiell | beraknad
    statistics: list[dict]
    links: dict
    radar_axes: list[str] = field(default_factory=list)
    radar_series: Series = field(default_factory=list)
    sex_series: Series = field(default_factory=list)
    bar_series: Series = field(default_factory=list)
    theme_names: list[str] = field(default_factory=list)

    def radar_svg(self) -> str:
        return charts.radar_svg(
            self.radar_axes,
            self.radar_series,
            title=_("Livskvalitet T1–T12: %(r)s och Riket") % {"r": self.region.name},
            kinds=["region", "riket"],
            desc=_("Radardiagram: regionen (heldragen) och Riket (streckad). Samma värden finns i tabellen."),
            scale=_("Skala 0–100"),
        )

    def radar_sex_svg(self) -> str:
        """Women and men as dots per theme: their values can leave 0–100 (scaled against the total's
        min/max), which a radar cannot show readably (issue 14)."""
        return charts.dots_svg(
            [f"{code} {name}".strip() for code, name in zip(self.radar_axes, self.theme_names, strict=False)],
            self.sex_series,
            title=_("Livskvalitet T1–T12: kvinnor och män i %(r)s") % {"r": self.region.name},
            ident="dots-sex",
            kinds=["women", "men", "riket"],
            desc=_(
                "Punktdiagram: kvinnor och män per tema, Riket som kvadrat. Samma värden finns i tabellen."
            ),
            scale=_("Skala 0–100 (skuggat); kvinnors och mäns värden kan hamna utanför."),
        )

    def bars_svg(self) -> str:
        assert self.profile is not None
        return charts.bars_svg(
            [r["label"] for r in self.profile.sustainability_themes],
            self.bar_series,
            title=_("Hållbarhet: Ekonomi, Miljö, Social i %(r)s") % {"r": self.region.name},
            kinds=["total", "women", "men", "riket"],
            desc=_("Stapeldiagram. Samma värden finns i tabellen."),
            scale=_("Skala 0–100"),
        )


def profile_page(region: Region, *, view: str | None = None, source: str | None = None) -> ProfilePage:
    """``view`` K/L (Riket only), ``source`` officiell/beraknad as in the URL; else ``MeasureError``."""
    if view not in {None, "", "K", "L"}:
        raise MeasureError(_("Okänd vy: välj K (kommunindex) eller L (regionindex)."))
    source = source or "officiell"
    if source not in SOURCES:
        raise MeasureError(_("Okänd källa: välj officiell eller beraknad."))
    run = brp_latest_run(prefer=SOURCES[source])
    profile = brp_profile(region, run=run, view=view or None)
    page = ProfilePage(
        region=region,
        profile=profile,
        source=source,
        statistics=(
            statistics_computed(region)
            if region.kind in {RegionKind.GROUP, RegionKind.FA}
            else statistics_latest(region)
        ),
        links=region_links(region),
    )
    if profile is not None:
        themes = profile.life_themes
        riket = (_("Riket – totalt"), [r["riket_T"] for r in themes])
        page.radar_axes = [r["short"] for r in themes]
        page.theme_names = [r["label"] if r["label"] != r["short"] else "" for r in themes]
        page.radar_series = [(region.name + " – " + _("totalt"), [r["T"] for r in themes]), riket]
        page.sex_series = [
            (_("Kvinnor"), [r["K"] for r in themes]),
            (_("Män"), [r["M"] for r in themes]),
            riket,
        ]
        sus = profile.sustainability_themes
        page.bar_series = [(str(name), [r[g] for r in sus]) for g, name in GENDERS]
        page.bar_series.append((_("Riket – totalt"), [r["riket_T"] for r in sus]))
    return page
