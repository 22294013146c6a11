"""Trade-offs from the data at hand: the published BRP+ indices and imported statistics.

The page ``/analys/region/<code>/dynamik/`` needs no sync: growth vs environment compares BRP+
Ekonomi with Miljö over every unit of the region's index (kommuner or regions), and GRP per
inhabitant with greenhouse-gas emissions when both are imported; rank robustness re-ranks the units
under alternative weightings of the theme indices. The computation is ``engine.tradeoffs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reglab.analysis.brp import brp_latest_run, brp_structure, brp_view_for
from reglab.analysis.measures import MeasureError, current_versions
from reglab.engine.tradeoffs import GrowthEnvironment, RankRobustness, growth_environment, rank_robustness
from reglab.geography.models import Region, RegionKind
from reglab.indicators.models import BrpRun
from reglab.indicators.selectors import brp_run_frame
from reglab.reference.region_codes import scb_to_kolada
from reglab.statistics.models import Observation, Sex

# Imported measures recognised as growth (GRP) and emissions, by words in the dataset title or measure.
GRP_WORDS = ("bruttoregionprodukt", "brp per invånare", "grp")
EMISSION_WORDS = ("utsläpp", "växthusgas", "emission")


@dataclass
class MeasurePair:
    x_label: str
    y_label: str
    result: GrowthEnvironment
    period: str
    sources: list[str]


@dataclass
class TradeoffPage:
    region: Region
    view: str  # K | L
    run: BrpRun | None
    unit: str | None  # the Kolada id of the region in the view
    ekonomi_miljo: GrowthEnvironment | None
    grp_emissions: MeasurePair | None
    robustness: dict[str, RankRobustness] = field(default_factory=dict)  # part → result
    names: dict[str, str] = field(default_factory=dict)  # unit → region name
    uses: list[str] = field(default_factory=list)
    more_data: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.ekonomi_miljo is not None or self.grp_emissions is not None or bool(self.robustness)


def _unit_names(view: str) -> dict[str, str]:
    kind = RegionKind.KOMMUN if view == "K" else RegionKind.LAN
    names = {}
    for code, name in Region.objects.filter(kind=kind).values_list("code", "name"):
        names[scb_to_kolada(code) or code] = name
    return names


def _totals(frame: pd.DataFrame, view: str, level: str, part: str) -> pd.DataFrame:
    """The run's total (both sexes) rows of one level and part in one view, Riket left out."""
    return frame[
        (frame["view"] == view)
        & (frame["level"] == level)
        & (frame["gender"] == "T")
        & (frame["part"] == part)
        & (frame["municipality_id"] != "0000")
    ]


def _theme_table(frame: pd.DataFrame, view: str, part: str, themes: list[str]) -> pd.DataFrame:
    """Units × theme index (totals) for one part."""
    table = _totals(frame, view, "theme", part).pivot_table(
        index="municipality_id", columns="theme", values="value", aggfunc="first"
    )
    return table.reindex(columns=[t for t in themes if t in table.columns]).astype(float)


def _part_series(frame: pd.DataFrame, view: str, part: str) -> pd.Series:
    return _totals(frame, view, "part", part).set_index("municipality_id")["value"].astype(float)


def _find_measure(words: tuple[str, ...]) -> tuple[int, str, str, str] | None:
    """(version id, measure, label, source) of the first current measure whose title names ``words``."""
    for version in current_versions():
        ds = version.dataset
        text = f"{ds.title} {ds.external_id}".lower()
        if any(w in text for w in words):
            measure = (
                Observation.objects.filter(version=version).values_list("measure", flat=True).first() or ""
            )
            label = ds.title or ds.external_id
            source = f"{ds.credit()} v{version.number}"
            return version.pk, measure, label, source
    return None


def _level_series(version_id: int, measure: str, codes: list[str]) -> pd.DataFrame:
    rows = Observation.objects.filter(
        version_id=version_id, measure=measure, sex=Sex.TOTAL, dimensions={}, region_code__in=codes
    ).values_list("region_code", "period", "value")
    return pd.DataFrame(list(rows), columns=["region", "period", "value"]).dropna()


def _grp_emissions(region: Region, view: str) -> MeasurePair | None:
    grp, emissions = _find_measure(GRP_WORDS), _find_measure(EMISSION_WORDS)
    if grp is None or emissions is None:
        return None
    kind = RegionKind.KOMMUN if view == "K" else RegionKind.LAN
    codes = list(Region.objects.filter(kind=kind).values_list("code", flat=True))
    x, y = _level_series(grp[0], grp[1], codes), _level_series(emissions[0], emissions[1], codes)
    common = sorted(set(x["period"]) & set(y["period"]))
    if not common:
        return None
    period = common[-1]
    xs = x[x["period"] == period].set_index("region")["value"]
    ys = y[y["period"] == period].set_index("region")["value"]
    # Emissions: lower is better, so the environment rank is reversed.
    result = growth_environment(xs, ys, unit=region.code, y_higher_is_better=False)
    return MeasurePair(grp[2], emissions[2], result, period, [grp[3], emissions[3]])


def region_tradeoffs(region: Region) -> TradeoffPage:
    """Growth vs environment and rank robustness for a kommun, län or Riket from stored values."""
    if region.kind not in {RegionKind.KOMMUN, RegionKind.LAN, RegionKind.RIKET}:
        raise MeasureError(
            _("Målkonflikter och robusthet räknas för kommuner och län; en grupp har ingen egen rangordning.")
        )
    view = brp_view_for(region)
    unit = scb_to_kolada(region.code) if region.kind != RegionKind.RIKET else None
    run = brp_latest_run()
    page = TradeoffPage(region=region, view=view, run=run, unit=unit, ekonomi_miljo=None, grp_emissions=None)
    page.names = _unit_names(view)
    if run is not None:
        frame = brp_run_frame(run)
        parts, themes = brp_structure(run)
        by_part: dict[str, list[str]] = {}
        for t in themes:
            by_part.setdefault(t["part"], []).append(t["code"])
        sustain = _theme_table(frame, view, "Hållbarhet", by_part.get("Hållbarhet", []))
        if {"Ekonomi", "Miljö"} <= set(sustain.columns):
            page.ekonomi_miljo = growth_environment(sustain["Ekonomi"], sustain["Miljö"], unit=unit or "")
        for part in parts:
            table = _theme_table(frame, view, part, by_part.get(part, []))
            if not table.empty:
                page.robustness[part] = rank_robustness(
                    table, unit=unit or "", published=_part_series(frame, view, part)
                )
        source = "Källa: Kolada" if run.source == "official" else _("beräknat i Reglab")
        page.uses.append(
            _("BRP+ %(year)s, publicerade temaindex (%(src)s): %(n)d enheter.")
            % {"year": run.config.stampelar, "src": source, "n": len(page.names)}
        )
    page.grp_emissions = _grp_emissions(region, view)
    if page.grp_emissions is not None:
        page.uses.append(
            _("BRP per invånare och utsläpp: %(src)s, år %(p)s.")
            % {"src": ", ".join(page.grp_emissions.sources), "p": page.grp_emissions.period}
        )
    else:
        page.more_data.append(
            _(
                "BRP per invånare (SCB) och växthusgasutsläpp (t.ex. Kolada N00401) importerade som "
                "statistik ger en jämförelse av tillväxt och utsläpp i faktiska enheter."
            )
        )
    page.more_data.append(
        _(
            "BRP+-nyckeltalen från Kolada (reglab data sync) ger förändring över tid (laggat år), "
            "könslägen och målkonflikter i riktning, inte bara i nivå."
        )
    )
    if run is None:
        page.more_data.insert(
            0, _("BRP+-resultat: importera de publicerade filerna (reglab brp import-official).")
        )
    return page


def scenario_label(key: str) -> str:
    """'without:T3' → 'Utan T3' (the scenario keys of ``engine.tradeoffs.rank_robustness``)."""
    kind, _sep, theme = key.partition(":")
    if kind == "published":
        return _("Publicerat index")
    if kind == "equal":
        return _("Lika vikt för alla teman")
    if kind == "without":
        return _("Utan %(theme)s") % {"theme": theme}
    return _("Dubbel vikt för %(theme)s") % {"theme": theme}


def quadrant_text(quadrant: str | None, x_label: str, y_label: str) -> str:
    """'high_low' → 'Ekonomi över medianen, Miljö under medianen'."""
    if not quadrant:
        return ""
    x_side, _sep, y_side = quadrant.partition("_")
    over, under = _("över medianen"), _("under medianen")
    return f"{x_label} {over if x_side == 'high' else under}, {y_label} {over if y_side == 'high' else under}"
