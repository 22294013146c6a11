"""A region's profile: BRP+ with Riket as reference, the latest statistics, links, and its charts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reglab.analysis import charts
from reglab.analysis.brp import BrpProfile, brp_latest_run, brp_profile
from reglab.analysis.measures import GENDERS, MeasureError, current_versions
from reglab.geography.models import Region, RegionKind
from reglab.statistics.models import Observation, Sex

SOURCES = {"officiell": "official", "beraknad": "computed"}


def statistics_latest(region: Region, *, limit: int = 200, per_measure: int = 5) -> list[dict]:
    """The latest value of every catalogued measure for ``region`` with provenance.

    One row per dataset version × measure × other-dimension combination, with the values for total,
    women and men in that measure's latest period. Where a measure has rows without other dimensions only
    those are shown; otherwise at most ``per_measure`` combinations (the row says how many exist).
    """
    versions = {v.pk: v for v in current_versions()}
    if not versions:
        return []
    rows = Observation.objects.filter(version_id__in=list(versions), region=region).values_list(
        "version_id", "measure", "period", "sex", "dimensions", "value", "status"
    )
    cells: dict[tuple, dict] = {}
    for version_id, measure, period, sex, dims, value, status in rows.iterator(chunk_size=20_000):
        if isinstance(dims, str):
            dims = json.loads(dims or "{}")
        dims_text = ", ".join(f"{k}={v}" for k, v in sorted((dims or {}).items()))
        key = (version_id, measure, dims_text)
        entry = cells.setdefault(key, {"period": "", "values": {}})
        period = str(period)
        if period > entry["period"]:
            entry["period"], entry["values"] = period, {}
        if period == entry["period"]:
            entry["values"][sex] = (value, status)
    by_measure: dict[tuple, list[str]] = {}
    for version_id, measure, dims_text in cells:
        by_measure.setdefault((version_id, measure), []).append(dims_text)
    out = []
    for (version_id, measure), dims_list in sorted(by_measure.items()):
        dims_list = sorted(dims_list)
        shown = [""] if "" in dims_list else dims_list[:per_measure]
        version = versions[version_id]
        for dims_text in shown:
            entry = cells[(version_id, measure, dims_text)]
            out.append(
                {
                    "dataset": version.dataset,
                    "version": version,
                    "measure": measure,
                    "dimensions": dims_text,
                    "more": len(dims_list) - len(shown),
                    "period": entry["period"],
                    "total": entry["values"].get(Sex.TOTAL, (None, ""))[0],
                    "women": entry["values"].get(Sex.WOMEN, (None, ""))[0],
                    "men": entry["values"].get(Sex.MEN, (None, ""))[0],
                    "status": "; ".join(sorted({st for _v, st in entry["values"].values() if st})),
                    "unit": version.dataset.unit,
                    "attribution": version.dataset.attribution or version.dataset.source.attribution,
                    "key": f"stat:{version.dataset_id}:{measure}",
                }
            )
    return out[:limit]


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

    def radar_svg(self) -> str:
        return charts.radar_svg(
            self.radar_axes,
            self.radar_series,
            title=_("Livskvalitet T1–T12: %(r)s och Riket") % {"r": self.region.name},
        )

    def radar_sex_svg(self) -> str:
        return charts.radar_svg(
            self.radar_axes,
            self.sex_series,
            title=_("Livskvalitet T1–T12: kvinnor och män i %(r)s") % {"r": self.region.name},
            ident="radar-sex",
        )

    def bars_svg(self) -> str:
        assert self.profile is not None
        return charts.bars_svg(
            [r["label"] for r in self.profile.sustainability_themes],
            self.bar_series,
            title=_("Hållbarhet: Ekonomi, Miljö, Social i %(r)s") % {"r": self.region.name},
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
        statistics=statistics_latest(region),
        links=region_links(region),
    )
    if profile is not None:
        themes = profile.life_themes
        riket = (_("Riket – totalt"), [r["riket_T"] for r in themes])
        page.radar_axes = [r["short"] for r in themes]
        page.radar_series = [(region.name + " – " + _("totalt"), [r["T"] for r in themes]), riket]
        page.sex_series = [
            (_("Kvinnor"), [r["K"] for r in themes]),
            (_("Män"), [r["M"] for r in themes]),
            riket,
        ]
        sus = profile.sustainability_themes
        page.bar_series = [(name, [r[g] for r in sus]) for g, name in GENDERS]
        page.bar_series.append((_("Riket – totalt"), [r["riket_T"] for r in sus]))
    return page
