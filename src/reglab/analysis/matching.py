""" "Matcha rätt" pages: the matching indicators of a län or FA region, a map, and for every chart the
query that fetches its data from SCB ("Så hämtar du datan").

Reads the current version of the first dataset an indicator definition names (``datasets`` in
``indicators/data/matching.toml``): SCB's own table after a sync, or a file import such as Region
Dalarna's ``matchning.csv``. Both shapes are read into one long frame
``region, period, sex, group, value``. Rates of regions made of other regions come from summed counts
(``engine.matching``), never from the mean of rates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _

from reglab.analysis import charts
from reglab.clients.pxweb import data_query
from reglab.engine.matching import COUNT_SYMBOLS, rates_frame
from reglab.geography.models import Region, RegionKind
from reglab.geography.svg import svg_paths
from reglab.indicators.matching_data import MatchingIndicator, matching_indicator
from reglab.statistics.models import DatasetVersion, Observation, Sex, VersionStatus

RIKET = "00"
GROUP_DIMENSION = "AlderFodelselandgr"
EDUCATION_DIMENSIONS = ("Utbildning", "Utbildngrupp")
# SCB's Kon codes of the AM9906 tables [C]; Statistikdatabasen's order: men, women, both.
SEX_CODES = {Sex.MEN: "1", Sex.WOMEN: "2", Sex.TOTAL: "SAMANST"}
SEX_ORDER = (Sex.WOMEN, Sex.MEN, Sex.TOTAL)
TOTAL_GROUPS = ("TOT", "20-64")
FRAME_COLUMNS = ["region", "period", "sex", "group", "value"]
MAP_LEVELS = {"lan": RegionKind.LAN, "fa": RegionKind.FA}


def status_text(status: str) -> str:
    return {
        "confirmed": _("bekräftad"),
        "inferred": _("ej bekräftad (härledd)"),
        "unknown": _("ej bekräftad (okänd)"),
    }.get(status, status)


# --- reading the data --------------------------------------------------------------------------------


def indicator_version(indicator: MatchingIndicator) -> DatasetVersion | None:
    """The current version of the first dataset of the indicator's list that has one."""
    versions = {
        v.dataset.external_id: v
        for v in DatasetVersion.objects.filter(
            status=VersionStatus.CURRENT, dataset__external_id__in=indicator.datasets
        ).select_related("dataset", "dataset__source")
    }
    return next((versions[d] for d in indicator.datasets if d in versions), None)


def m2_frame(
    version: DatasetVersion, indicator: MatchingIndicator, codes: list[str] | None = None
) -> pd.DataFrame:
    """M2 values as ``region, period, sex, group, value``, whichever shape the dataset has.

    SCB's table carries the group in ``AlderFodelselandgr`` and the content code as measure; a wide
    export such as matchning.csv has one column per group, which the import made the measure.
    """
    qs = Observation.objects.filter(version=version)
    if codes is not None:
        qs = qs.filter(region_code__in=codes)
    rows = []
    for region, period, sex, measure, dims, value in qs.values_list(
        "region_code", "period", "sex", "measure", "dimensions", "value"
    ):
        dims = dims if isinstance(dims, dict) else json.loads(dims or "{}")
        if GROUP_DIMENSION in dims:
            group = dims[GROUP_DIMENSION]
        elif measure in indicator.contents or measure == version.dataset.external_id:
            group = "TOT"
        else:
            group = measure
        rows.append((region, period, sex, indicator.group_code(group), value))
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def _values(frame: pd.DataFrame, **match: str) -> dict[str, float | None]:
    sel = frame
    for column, value in match.items():
        sel = sel[sel[column] == value]
    return {
        str(p): (None if pd.isna(v) else float(v)) for p, v in zip(sel["period"], sel["value"], strict=True)
    }


def _total_group(frame: pd.DataFrame) -> str:
    present = set(frame["group"])
    return next((g for g in TOTAL_GROUPS if g in present), next(iter(sorted(present)), "TOT"))


# --- charts and their queries ------------------------------------------------------------------------


@dataclass
class TeachingQuery:
    """How to fetch one chart's data from SCB: table, selection, web page, GET URL, Python."""

    indicator: MatchingIndicator
    table_id: str
    selection: dict[str, list[str]]
    notes: list[str] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        base = str(settings.REGLAB_SCB_API_URL).rstrip("/")
        # Brackets and commas left readable: SCB accepts them as typed, and people copy this address.
        return f"{base}/tables/{self.table_id}/data?{urlencode(data_query(self.selection), safe='[],')}"

    @property
    def web_url(self) -> str:
        return self.indicator.web_url

    @property
    def selection_text(self) -> str:
        return "\n".join(f"{var}: {', '.join(codes)}" for var, codes in self.selection.items())

    @property
    def snippet(self) -> str:
        selection = ",\n".join(f"        {var!r}: {codes!r}" for var, codes in self.selection.items())
        return (
            "from reglab.clients.pxweb import PxWebClient\n\n"
            f'with PxWebClient("{str(settings.REGLAB_SCB_API_URL).rstrip("/")}") as client:\n'
            f"    table = client.fetch(\n        {self.table_id!r},\n"
            f"        {{\n{selection},\n        }},\n    )\n"
            "print(table.to_frame())\n"
        )


@dataclass
class MatchingChart:
    ident: str
    title: str
    periods: list[str]
    series: list[tuple[str, list[float | None]]]
    kind: str = "line"  # line | bars
    categories: list[str] = field(default_factory=list)  # bars
    query: TeachingQuery | None = None
    exercise: str = ""
    notes: list[str] = field(default_factory=list)

    def svg(self) -> str:
        if self.kind == "bars":
            return charts.bars_svg(
                self.categories, self.series, title=self.title, ident=self.ident, width=640
            )
        return charts.line_svg(self.periods, self.series, title=self.title, ident=self.ident)

    @property
    def rows(self) -> list[tuple[str, list[float | None]]]:
        """The table beside the chart: one row per period (lines) or category (bars)."""
        labels = self.categories if self.kind == "bars" else self.periods
        return [(label, [values[i] for _name, values in self.series]) for i, label in enumerate(labels)]

    @property
    def headers(self) -> list[str]:
        return [name for name, _values in self.series]


def _m2_query(
    indicator: MatchingIndicator,
    regions: list[str],
    sexes: list[str],
    groups: list[str],
    periods: list[str],
    version: DatasetVersion | None = None,
) -> TeachingQuery:
    content = next(iter(indicator.contents), "")
    selection = {
        "Region": regions,
        "Kon": [SEX_CODES[Sex(s)] for s in sexes],
        GROUP_DIMENSION: groups,
        "ContentsCode": [content],
        "Tid": periods,
    }
    notes = [
        _("Tabell-id %(id)s i API v2: %(status)s.")
        % {"id": indicator.table_v2, "status": status_text(indicator.table_v2_status)},
        _("Koderna för %(var)s: %(status)s – läs dem ur tabellens metadata (GET /tables/%(id)s/metadata).")
        % {"var": GROUP_DIMENSION, "status": status_text(indicator.groups_status), "id": indicator.table_v2},
    ]
    if version is not None and version.dataset.external_id not in (indicator.table_v2, indicator.v1_table):
        notes.append(
            _(
                "Diagrammets värden kommer från datasetet %(id)s (%(origin)s); SCB:s aktuella tabell kan ha "
                "fler år och reviderade värden."
            )
            % {"id": version.dataset.external_id, "origin": version.origin or version.dataset.source.name}
        )
    return TeachingQuery(indicator=indicator, table_id=indicator.table_v2, selection=selection, notes=notes)


def _exercise(kind: str, region: Region) -> str:
    texts = {
        "sex": _(
            "Öppna tabellen i Statistikdatabasen, välj %(region)s, båda könen var för sig och alla år. "
            "Jämför med diagrammet: när var skillnaden mellan kvinnor och män störst?"
        ),
        "groups": _(
            "Hämta samma tabell med API-adressen och byt regionkoden mot ert eget län eller FA-region. "
            "Vilken ålders- eller födelseregionsgrupp har lägst matchningsgrad i %(region)s?"
        ),
        "riket": _(
            "Kör Python-exemplet och räkna ut skillnaden mot Riket för varje år. "
            "Ligger %(region)s över eller under Riket, och ökar eller minskar avståndet?"
        ),
        "gap": _(
            "Välj tre utbildningsgrupper i tabellen och räkna gapet själv: förvärvsgrad minus matchad "
            "förvärvsgrad. Vad säger ett stort gap om efterfrågan på utbildningen i %(region)s?"
        ),
    }
    return texts[kind] % {"region": region.name}


@dataclass
class MatchingPage:
    region: Region
    indicator: MatchingIndicator
    version: DatasetVersion | None
    charts: list[MatchingChart]
    notes: list[str]
    # Every stored M2 value of the region: (sex, group, one value per period), periods as columns.
    all_periods: list[str] = field(default_factory=list)
    all_rows: list[tuple[str, str, list[float | None]]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(c.series for c in self.charts)


def _line(frame: pd.DataFrame, periods: list[str], named: list[tuple[str, dict[str, str]]]) -> list:
    series = []
    for name, match in named:
        values = _values(frame, **match)
        if values:
            series.append((name, [values.get(p) for p in periods]))
    return series


def matching_page(region: Region) -> MatchingPage:
    """The M2 charts (by sex, by age/birth group, vs Riket) and the E3 gap chart for one region."""
    m2 = matching_indicator("M2")
    version = indicator_version(m2)
    notes: list[str] = []
    charts_: list[MatchingChart] = []
    if version is None:
        notes.append(
            _(
                "Ingen M2-data är hämtad. Synka katalogposten (reglab data sync RegionInd19M2N1) eller "
                "importera en fil (reglab data import matchning.csv)."
            )
        )
        return MatchingPage(region, m2, None, [], notes)
    frame = m2_frame(version, m2, [region.code, RIKET])
    mine = frame[frame["region"] == region.code]
    periods = sorted(set(mine["period"].astype(str)))
    total = _total_group(mine) if not mine.empty else "TOT"
    sex_label = {Sex.WOMEN: _("Kvinnor"), Sex.MEN: _("Män"), Sex.TOTAL: _("Samtliga")}
    if mine.empty:
        notes.append(_("Datasetet har inga M2-värden för %(region)s.") % {"region": region.name})
    # 1. Over time by sex
    named = [(sex_label[s], {"region": region.code, "sex": s, "group": total}) for s in SEX_ORDER]
    series = _line(frame, periods, named)
    charts_.append(
        MatchingChart(
            ident="m2-sex",
            title=_("Matchningsgrad efter kön, %(region)s (%(group)s)")
            % {"region": region.name, "group": m2.group_label(total)},
            periods=periods,
            series=series,
            query=_m2_query(m2, [region.code], [s for s in SEX_ORDER], [total], periods, version),
            exercise=_exercise("sex", region),
        )
    )
    # 2. Over time by age / country-of-birth group (both sexes)
    groups = [g.code for g in m2.groups if g.code != total and g.code in set(mine["group"])]
    groups += sorted(set(mine["group"]) - set(groups) - {total} - {g.code for g in m2.groups})
    named = [(m2.group_label(g), {"region": region.code, "sex": Sex.TOTAL, "group": g}) for g in groups]
    charts_.append(
        MatchingChart(
            ident="m2-groups",
            title=_("Matchningsgrad efter ålder och födelseregion, %(region)s") % {"region": region.name},
            periods=periods,
            series=_line(frame, periods, named),
            query=_m2_query(m2, [region.code], [Sex.TOTAL], groups, periods, version),
            exercise=_exercise("groups", region),
        )
    )
    # 3. Compared with Riket
    named = [
        (region.name, {"region": region.code, "sex": Sex.TOTAL, "group": total}),
        (_("Riket"), {"region": RIKET, "sex": Sex.TOTAL, "group": total}),
    ]
    riket_chart = MatchingChart(
        ident="m2-riket",
        title=_("Matchningsgrad, %(region)s och Riket") % {"region": region.name},
        periods=periods,
        series=_line(frame, periods, named),
        query=_m2_query(m2, [region.code, RIKET], [Sex.TOTAL], [total], periods, version),
        exercise=_exercise("riket", region),
    )
    if frame[frame["region"] == RIKET].empty:
        riket_chart.notes.append(
            _(
                "Datasetet har inget värde för Riket; en matchningsgrad kan inte räknas ihop av "
                "länens andelar utan antalen."
            )
        )
    if region.code != RIKET:
        charts_.append(riket_chart)
    gap = gap_chart(region)
    if gap is not None:
        charts_.append(gap)
    else:
        notes.append(
            _(
                "Utbildningsgrupperna med störst gap visas när E3 är hämtad "
                "(reglab data sync RegionInd19E3N2)."
            )
        )
    all_rows = []
    group_order = {g.code: i for i, g in enumerate(m2.groups)}
    for sex in SEX_ORDER:
        present = sorted(
            set(mine.loc[mine["sex"] == sex, "group"]),
            key=lambda g: (group_order.get(g, len(group_order)), g),
        )
        for group in present:
            values = _values(mine, sex=sex, group=group)
            all_rows.append((sex_label[sex], m2.group_label(group), [values.get(p) for p in periods]))
    notes.append(
        _("Källa: %(source)s, dataset %(id)s version %(n)d.")
        % {
            "source": version.dataset.attribution
            or version.dataset.source.attribution
            or version.dataset.source.name,
            "id": version.dataset.external_id,
            "n": version.number,
        }
    )
    return MatchingPage(region, m2, version, charts_, notes, periods, all_rows)


# --- E3: the education groups with the largest gap -------------------------------------------------


def e3_counts(version: DatasetVersion, indicator: MatchingIndicator, codes: list[str]) -> pd.DataFrame:
    """E3 counts per region, period and education group (sex total): ``region, period, education, A..E``."""
    symbol_of = {code: symbol for symbol, code in indicator.counts.items()}
    symbol_of.update({s: s for s in COUNT_SYMBOLS})
    rows = []
    qs = Observation.objects.filter(version=version, region_code__in=codes, sex=Sex.TOTAL)
    for region, period, measure, dims, value in qs.values_list(
        "region_code", "period", "measure", "dimensions", "value"
    ):
        symbol = symbol_of.get(measure)
        if symbol is None:
            continue
        dims = dims if isinstance(dims, dict) else json.loads(dims or "{}")
        education = next((dims[d] for d in EDUCATION_DIMENSIONS if d in dims), "")
        rows.append((region, period, education, symbol, value))
    long = pd.DataFrame(rows, columns=["region", "period", "education", "symbol", "value"])
    if long.empty:
        return pd.DataFrame(columns=["region", "period", "education", *COUNT_SYMBOLS])
    wide = long.pivot_table(
        index=["region", "period", "education"], columns="symbol", values="value", aggfunc="first"
    ).reset_index()
    wide.columns.name = None
    return wide


def gap_chart(region: Region, *, top: int = 10) -> MatchingChart | None:
    """The ``top`` education groups with the largest gap in the latest year (E3, from counts)."""
    e3 = matching_indicator("E3")
    version = indicator_version(e3)
    if version is None:
        return None
    members = _members(region)
    counts = e3_counts(version, e3, members)
    if counts.empty:
        return None
    rates = rates_frame(counts, by=["period", "education"], membership={region.code: members})
    rates = rates.dropna(subset=["gap"])
    if rates.empty:
        return None
    latest = str(max(rates["period"].astype(str)))
    chosen = rates[rates["period"].astype(str) == latest].sort_values("gap", ascending=False).head(top)
    categories = [str(e) for e in chosen["education"]]
    series: list[tuple[str, list[float | None]]] = [
        (_("Förvärvsgrad"), [float(v) for v in chosen["employment_rate"]]),
        (_("Matchad förvärvsgrad"), [float(v) for v in chosen["matched_employment_rate"]]),
        (_("Gap (procentenheter)"), [float(v) for v in chosen["gap"]]),
    ]
    selection = {
        "Region": members,
        "Utbildning": categories,
        "ContentsCode": [c for c in e3.counts.values()],
        "Tid": [latest],
    }
    query = TeachingQuery(
        indicator=e3,
        table_id=e3.table_v2 or e3.v1_table,
        selection=selection,
        notes=[
            _("Tabell-id %(id)s i API v2: %(status)s.")
            % {"id": e3.table_v2, "status": status_text(e3.table_v2_status)},
            _("Innehållskoderna för B och C är inte kända: läs dem ur tabellens metadata."),
        ],
    )
    chart = MatchingChart(
        ident="e3-gap",
        title=_("Utbildningsgrupper med störst gap, %(region)s %(year)s")
        % {"region": region.name, "year": latest},
        periods=[latest],
        series=series,
        kind="bars",
        categories=categories,
        query=query,
        exercise=_exercise("gap", region),
    )
    if len(members) > 1:
        chart.notes.append(
            _("Räknat från de summerade antalen för %(n)d regioner: (A1 + A2 + …) / (E1 + E2 + …).")
            % {"n": len(members)}
        )
    return chart


def _members(region: Region) -> list[str]:
    """The codes whose counts make up ``region``: itself, or a custom group's members."""
    if region.kind == RegionKind.GROUP:
        return list(region.members.values_list("code", flat=True)) or [region.code]
    return [region.code]


# --- the map -----------------------------------------------------------------------------------------


@dataclass
class MatchingMap:
    level: str
    period: str
    table: list[dict]
    drawing: dict | None
    paths: list[dict]
    legend: list[dict]
    query: TeachingQuery | None


def matching_map(level: str, *, period: str | None = None) -> MatchingMap | None:
    """M2 (both sexes, all ages) per län or FA region in one year; None without M2 data."""
    m2 = matching_indicator("M2")
    version = indicator_version(m2)
    if version is None:
        return None
    regions = list(
        Region.objects.filter(kind=MAP_LEVELS[level]).order_by("code").only("code", "name", "geometry")
    )
    frame = m2_frame(version, m2, [r.code for r in regions])
    frame = frame[frame["sex"] == Sex.TOTAL]
    if frame.empty:
        return MatchingMap(
            level, "", [{"region": r, "value": None, "class": None} for r in regions], None, [], [], None
        )
    frame = frame[frame["group"] == _total_group(frame)]
    periods = sorted(set(frame["period"].astype(str)))
    chosen: str = period if period is not None and period in periods else periods[-1]
    sel = frame[frame["period"].astype(str) == chosen]
    values = {
        str(r): (None if pd.isna(v) else float(v)) for r, v in zip(sel["region"], sel["value"], strict=True)
    }
    breaks = charts.quantile_breaks([v for v in values.values() if v is not None])
    colours = charts.class_colours(len(breaks))
    table, shapes = [], []
    for region in regions:
        value = values.get(region.code)
        cls = charts.class_of(value, breaks)
        table.append({"region": region, "value": value, "class": None if cls is None else cls + 1})
        if region.geometry:
            shapes.append((region.code, region.geometry, "c"))
    drawing = svg_paths(shapes, width=420) if shapes else None
    names = {r.code: r.name for r in regions}
    paths = []
    for p in drawing["paths"] if drawing else []:
        cls = charts.class_of(values.get(p["id"]), breaks)
        fill = charts.NO_DATA_COLOUR if cls is None else colours[cls]
        paths.append({**p, "fill": fill, "label": f"{names[p['id']]}: {charts._fmt(values.get(p['id']))}"})
    low = min((v for v in values.values() if v is not None), default=None)
    legend = [
        {"colour": colours[k], "low": low if k == 0 else breaks[k - 1], "high": upper}
        for k, upper in enumerate(breaks)
    ]
    total = _total_group(frame) if not frame.empty else "TOT"
    query = _m2_query(m2, [r.code for r in regions], [Sex.TOTAL], [total], [chosen], version)
    return MatchingMap(level, chosen, table, drawing, paths, legend, query)


# --- the "matching" measure kind of the analysis registry (analysis/measures.py) ------------------------


def matching_measure_options() -> list[tuple[str, str]]:
    """``matching:M2:<group>`` keys with labels for every M2 group stored in the current version."""
    m2 = matching_indicator("M2")
    version = indicator_version(m2)
    if version is None:
        return []
    measures = Observation.objects.filter(version=version).values_list("measure", flat=True).distinct()
    groups = sorted({m2.group_code(m) for m in measures if m not in m2.contents}) or ["TOT"]
    order = {g.code: i for i, g in enumerate(m2.groups)}
    groups.sort(key=lambda g: order.get(g, len(order)))
    return [(f"matching:M2:{g}", f"M2 {_('Matchningsgrad')} – {m2.group_label(g)}") for g in groups]


def matching_measure_source(key: str) -> tuple[DatasetVersion, str, str]:
    """(version, observation measure code, label) of a ``matching:M2[:group]`` key; KeyError if none."""
    _prefix, _sep, rest = key.partition(":")
    code, _sep, group = rest.partition(":")
    indicator = matching_indicator(code)
    version = indicator_version(indicator)
    if version is None or indicator.code != "M2":
        raise KeyError(key)
    group = group or "TOT"
    measures = Observation.objects.filter(version=version).values_list("measure", flat=True).distinct()
    wanted = next(
        (m for m in measures if m not in indicator.contents and indicator.group_code(m) == group), None
    )
    if wanted is None:
        wanted = next((m for m in measures if m in indicator.contents), None)
    if wanted is None:
        raise KeyError(key)
    label = f"M2 {_('Matchningsgrad')} – {indicator.group_label(group)}"
    return version, wanted, label
