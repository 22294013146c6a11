"""Find and rank like Kolada: the measure catalogue, rankings, similar regions and series with provenance.

* ``measure_catalogue``: every measure Reglab can show (BRP+ parts, themes and indicators, statistics
  measures of current dataset versions), searchable on title, id and theme.
* ``ranking``: all kommuner or län for one measure, best first, with the region's position.
* ``similar_regions``: kommuner of the same urban/rural class and nearest population.
* ``region_series``: a region's values of one measure over time, each point with its data version.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reglab.analysis.brp import brp_latest_run, brp_structure
from reglab.analysis.maps import map_values
from reglab.analysis.measures import (
    POPULATION_MEASURE,
    Measure,
    MeasureError,
    current_versions,
    measure_resolve,
    population_weights,
)
from reglab.analysis.series import series_for
from reglab.engine.tradeoffs import ranks
from reglab.geography.models import Region, RegionKind
from reglab.reference.urban_rural import kommun_classes
from reglab.statistics.models import Observation


@dataclass(frozen=True)
class CatalogueEntry:
    key: str  # the measure key (rankable); "" for a BRP+ indicator whose KPI is not stored
    ident: str  # the id people search for: T6, N00401, BE0101N1
    title: str
    kind: str  # brp | brp_indicator | stat
    theme: str  # BRP+ theme (code and name) or the dataset
    source: str
    unit: str = ""


def _fold(text: str) -> str:
    """Case- and accent-insensitive search text ("Miljö" matches "miljo")."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def measure_catalogue(query: str = "") -> list[CatalogueEntry]:
    """Every measure, filtered by all words of ``query`` in its title, id, theme or source."""
    entries: list[CatalogueEntry] = []
    stored: dict[str, str] = {}  # measure code → key, for BRP+ indicators synced as statistics
    versions = current_versions()
    if versions:
        by_version = {v.pk: v for v in versions}
        pairs = (
            Observation.objects.filter(version_id__in=list(by_version))
            .values_list("version_id", "measure")
            .distinct()
        )
        for version_id, measure in sorted(pairs):
            version = by_version[version_id]
            ds = version.dataset
            key = f"stat:{ds.pk}:{measure}"
            stored.setdefault(measure, key)
            title = ds.title or ds.external_id
            entries.append(
                CatalogueEntry(
                    key=key,
                    ident=measure if measure == ds.external_id else f"{ds.external_id} {measure}",
                    title=title,
                    kind="stat",
                    theme=ds.external_id,
                    source=f"{ds.credit()} v{version.number}",
                    unit=ds.unit,
                )
            )
    run = brp_latest_run()
    if run is not None:
        parts, themes = brp_structure(run)
        names = {t["code"]: t["name_sv"] for t in themes}
        source = "Källa: Kolada" if run.source == "official" else _("beräknat i Reglab")
        brp: list[CatalogueEntry] = [
            CatalogueEntry(f"brp:{p}", p, f"BRP+ {p}", "brp", p, source, "index 0–100") for p in parts
        ]
        for t in themes:
            label = t["code"] if t["code"] == t["name_sv"] else f"{t['code']} {t['name_sv']}"
            brp.append(
                CatalogueEntry(
                    f"brp:{t['code']}", t["code"], f"BRP+ {label}", "brp", label, source, "index 0–100"
                )
            )
        for ind in run.config.data.get("indicators", []):
            code = ind.get("kpi", "")
            theme = ind.get("theme", "")
            brp.append(
                CatalogueEntry(
                    key=stored.get(code, ""),
                    ident=code,
                    title=ind.get("name_sv", code),
                    kind="brp_indicator",
                    theme=f"{theme} {names.get(theme, '')}".strip(),
                    source="Kolada",
                )
            )
        entries = brp + entries
    entries += other_measures()
    words = _fold(query).split()
    if not words:
        return entries
    return [
        e
        for e in entries
        if all(w in _fold(f"{e.title} {e.ident} {e.theme} {e.source} {e.key}") for w in words)
    ]


def other_measures() -> list[CatalogueEntry]:
    """Measure kinds registered beyond BRP+ and statistics (e.g. ``matching:``), from ``measure_choices``."""
    from reglab.analysis.measures import measure_choices

    out = []
    for group, options in measure_choices():
        for key, label in options:
            if not key.startswith(("brp:", "stat:")):
                out.append(
                    CatalogueEntry(key, key.split(":", 1)[1], label, key.split(":", 1)[0], str(group), "")
                )
    return out


# --- Rankings -----------------------------------------------------------------------------------------


@dataclass
class Ranking:
    measure: Measure
    level: str  # kommun | lan
    period: str
    rows: list[dict]  # rank, region, value, mine
    position: int | None  # the highlighted region's rank
    notes: list[str]
    higher_is_better: bool = True


def ranking(measure: Measure, level: str, *, gender: str = "T", highlight: str = "") -> Ranking:
    """All kommuner or län for ``measure`` in its latest period, best (highest) first."""
    if level not in {"kommun", "lan"}:
        raise MeasureError(_("Nivå ska vara kommun eller lan."))
    found = map_values(measure, level, gender=gender)
    kind = RegionKind.KOMMUN if level == "kommun" else RegionKind.LAN
    regions = {r.code: r for r in Region.objects.filter(kind=kind)}
    import pandas as pd

    series = pd.Series({c: v for c, v in found.values.items() if c in regions and v is not None}, dtype=float)
    ranked = ranks(series)
    rows = [
        {"rank": int(ranked[c]), "region": regions[c], "value": float(series[c]), "mine": c == highlight}
        for c in ranked.sort_values(kind="stable").index
    ]
    rows += [
        {"rank": None, "region": regions[c], "value": None, "mine": c == highlight}
        for c in sorted(regions)
        if c not in ranked.index
    ]
    position = int(ranked[highlight]) if highlight in ranked.index else None
    return Ranking(measure, level, found.period, rows, position, found.notes)


# --- Similar regions --------------------------------------------------------------------------------


@dataclass
class SimilarRegions:
    region: Region
    urban_rural: str  # the region's class ("" when unknown)
    population: float | None
    rows: list[dict]  # region, class, population, difference (share)
    notes: list[str]


def similar_regions(region: Region, *, limit: int = 10) -> SimilarRegions:
    """Kommuner like this one: the same urban/rural class (3 classes), nearest in population.

    Without stored population (Kolada N01951) the class alone is used, and the note says so.
    """
    notes: list[str] = []
    if region.kind != RegionKind.KOMMUN:
        raise MeasureError(_("Liknande regioner finns för kommuner (klass och befolkning)."))
    classes = {code: c.class3 for code, c in kommun_classes().items()}
    notes.append(_("Kommungrupp: Tillväxtverkets indelning i 3 klasser."))
    codes = list(Region.objects.kommuner().values_list("code", flat=True))
    population = population_weights(codes)
    if population is None:
        notes.append(
            _("Ingen befolkning (%(m)s) är lagrad; importera den för att ordna efter storlek.")
            % {"m": POPULATION_MEASURE}
        )
    else:
        notes.append(_("Befolkning: senaste lagrade värde av %(m)s.") % {"m": POPULATION_MEASURE})
    mine_class = classes.get(region.code, "")
    mine_pop = None if population is None else population.get(region.code)
    names = dict(Region.objects.kommuner().values_list("code", "name"))
    candidates = []
    for code in codes:
        if code == region.code or (mine_class and classes.get(code) != mine_class):
            continue
        pop = None if population is None else population.get(code)
        diff = (
            abs(math.log(pop / mine_pop)) if pop and mine_pop and pop > 0 and mine_pop > 0 else math.inf
        )  # relative size difference: 10 000 vs 20 000 is as far as 100 000 vs 200 000
        candidates.append((diff, code, pop))
    candidates.sort()
    rows = [
        {"code": code, "name": names.get(code, code), "class": classes.get(code, ""), "population": pop}
        for _diff, code, pop in candidates[:limit]
    ]
    return SimilarRegions(region, mine_class, mine_pop, rows, notes)


# --- Series with provenance ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    value: float | None
    method: str
    source: str  # the data version: dataset version number or BRP+ run


def region_series(
    key: str, region: Region, *, gender: str = "T"
) -> tuple[Measure, list[SeriesPoint], list[str]]:
    """Every stored period of ``key`` for ``region``, oldest first, each point with its data version."""
    measure = measure_resolve(key)
    result = series_for(measure, [region], gender=gender)
    frame = result.values.sort_values("period")
    points = [
        SeriesPoint(
            period=str(r.period),
            value=None
            if r.value is None or (isinstance(r.value, float) and math.isnan(r.value))
            else float(r.value),
            method=r.method,
            source=r.source,
        )
        for r in frame.itertuples(index=False)
    ]
    return measure, points, result.notes
