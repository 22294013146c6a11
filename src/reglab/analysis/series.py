"""Series of a measure for chosen regions (compare), and statistics values for any region: the source's
own value where it has one, else computed from the kommuner with the measure's aggregation rule."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from reglab.analysis import charts
from reglab.analysis.brp import SERIES_COLUMNS, brp_compare_view, brp_series
from reglab.analysis.measures import (
    KOLADA_SEX,
    METHOD_DIRECT,
    METHOD_PUBLISHED,
    POPULATION_MEASURE,
    Measure,
    MeasureError,
    Result,
    is_approximation,
    method_label,
    population_frame,
)
from reglab.engine.aggregation import AggregationRule, NotAggregableError, aggregate
from reglab.engine.dimensions import ROW_COLUMNS, VALUE_COLUMNS, DimensionError, Reduction, reduce_dimensions
from reglab.geography.models import Region, RegionKind
from reglab.statistics.models import DatasetVersion, Observation, Sex

GROUP_COLUMNS = ["region", "period", "value", "method", "members", "members_with_value"]


def reduction_note(step: Reduction) -> str:
    if step.kind == "sexes_summed":
        return _("Totalt = kvinnor + män (tabellen har ingen total för kön).")
    if step.kind == "total":
        return _("%(dim)s: totalen (%(code)s).") % {"dim": step.dimension, "code": step.code}
    return _("Summerat över %(dim)s (%(n)d värden).") % {"dim": step.dimension, "n": step.count}


def stat_values(
    version: DatasetVersion, measures: list[str], codes: list[str] | None, sex: str, *, additive: bool = False
) -> Result:
    """Long ``region, period, measure, value`` for one sex and no other dimensions.

    Tables whose cells all carry other dimensions or no total for sex are reduced by
    ``engine.dimensions.reduce_dimensions``; each step taken is a note. Raises ``MeasureError`` when the
    table cannot be reduced for this measure.
    """
    qs = Observation.objects.filter(version=version, measure__in=measures)
    if codes is not None:
        qs = qs.filter(region_code__in=codes)
    plain = qs.filter(sex=sex, dimensions={})
    if plain.exists():
        return Result(
            pd.DataFrame(
                list(plain.values_list("region_code", "period", "measure", "value")), columns=VALUE_COLUMNS
            )
        )
    rows = pd.DataFrame(
        list(qs.values_list("region_code", "period", "measure", "sex", "dimensions", "value")),
        columns=ROW_COLUMNS,
    )
    try:
        reduced = reduce_dimensions(rows, sex=sex, total_sex=Sex.TOTAL, additive=additive)
    except DimensionError as exc:
        if exc.kind == "no_sex":
            raise MeasureError(
                _("Tabellen har inga värden för %(sex)s för det här måttet.") % {"sex": Sex(sex).label}
            ) from exc
        raise MeasureError(
            _(
                "Måttet är fördelat på %(dim)s utan total och är inte ett antal som kan summeras; "
                "jämför det på datasetets sida i stället."
            )
            % {"dim": exc.dimension}
        ) from exc
    return Result(reduced.values, [reduction_note(s) for s in reduced.steps])


def groups_values(
    measure: Measure, groups: dict[str, list[str]], *, sex: str = Sex.TOTAL, label: str = ""
) -> Result:
    """A statistics measure for many groups at once (one query, one engine call): group → kommun codes.

    Raises ``MeasureError`` when the measure cannot be aggregated (no base counts, no population weights).
    """
    assert measure.version is not None
    members = sorted({m for codes in groups.values() for m in codes})
    rule = AggregationRule.parse(measure.rule or "not_aggregable")
    needed = _needed_measures(measure)
    found = stat_values(measure.version, sorted(needed), members, sex, additive=measure.additive)
    values = found.values
    approximate = None
    if rule.kind == "not_aggregable":
        population = population_frame(members)
        if population.empty:
            raise MeasureError(
                _(
                    "%(m)s kan inte räknas ihop för %(region)s: måttet saknar basvärden "
                    "(regel not_aggregable) och ingen befolkning (%(pop)s) finns för en märkt approximation."
                )
                % {"m": measure.label, "region": label or _("grupperna"), "pop": POPULATION_MEASURE}
            )
        # The population of the same period where stored, else the member's latest population.
        periods = values["period"].unique() if not values.empty else []
        latest = population.sort_values("period").groupby("region")["value"].last()
        grid = pd.DataFrame([(code, p) for code in members for p in periods], columns=["region", "period"])
        w = grid.merge(population, on=["region", "period"], how="left")
        w["value"] = w["value"].fillna(w["region"].map(latest))
        values = pd.concat([values, w.assign(measure="__w")], ignore_index=True)
        approximate = "__w"
    membership = pd.DataFrame(
        [(g, m) for g, codes in groups.items() for m in codes], columns=["group", "member"]
    )
    try:
        agg = aggregate(values, membership, rule, measure=measure.code, approximate_with=approximate)
    except NotAggregableError as exc:  # pragma: no cover - guarded above
        raise MeasureError(str(exc)) from exc
    return Result(agg.rename(columns={"group": "region"})[GROUP_COLUMNS], found.notes)


# The levels a region can be built from, finest first (a custom group of län gets a county-level table).
PART_LEVELS = ("kommun", "lan", "fa")


def level_name(level: str, n: int) -> str:
    if level == "kommun":
        return npgettext("number of", "kommun", "kommuner", n)
    if level == "lan":
        return _("län")
    return npgettext("number of", "FA-region", "FA-regioner", n)


def rule_text(rule: str) -> str:
    """How a rule combines parts, in words (shown with the values)."""
    kind = AggregationRule.parse(rule or "not_aggregable").kind
    return {
        "sum": _("summa av delarnas värden"),
        "ratio": _("kvoten räknad om från delarnas summerade täljare och nämnare"),
        "weighted_mean": _("viktat medelvärde av delarnas värden"),
    }.get(kind, _("inga basvärden: märkt approximation (befolkningsviktat medel) eller inget värde"))


def part_units(kommuner: list[str]) -> dict[str, list[str]]:
    """The same area as whole units of each level: its kommuner, and the län / FA regions when it is
    exactly a union of them (a group of kommuner that splits a län has no län decomposition)."""
    chosen = set(kommuner)
    out = {"kommun": sorted(chosen)}
    table = list(Region.objects.kommuner().values_list("code", "parent__code", "fa_region__code"))
    for level, index in (("lan", 1), ("fa", 2)):
        by_unit: dict[str, set[str]] = {}
        for row in table:
            if row[index]:
                by_unit.setdefault(row[index], set()).add(row[0])
        units = sorted(u for u, ks in by_unit.items() if ks & chosen)
        if units and set().union(*(by_unit[u] for u in units)) == chosen:
            out[level] = units
    return out


def _needed_measures(measure: Measure) -> set[str]:
    """The stored measures a rule reads: the measure, a ratio's bases, a weighted mean's weight."""
    rule = AggregationRule.parse(measure.rule or "not_aggregable")
    # parse() always sets both bases of a ratio and the weight of a weighted mean; the filters only
    # narrow the optional fields for the type checker.
    if rule.kind == "ratio":
        return {m for m in (rule.numerator, rule.denominator) if m is not None}
    if rule.kind == "weighted_mean" and rule.weight is not None:
        return {measure.code, rule.weight}
    return {measure.code}


def parts_values(
    measure: Measure,
    kommuner: list[str],
    *,
    code: str,
    label: str,
    sex: str = Sex.TOTAL,
    levels: dict[str, list[str]] | None = None,
) -> Result:
    """A statistics measure for an area given by its kommuner, from the finest level the dataset has
    values for (kommun, else whole län, else whole FA regions), by the measure's aggregation rule.
    ``levels`` is ``part_units(kommuner)`` when the caller already has it."""
    assert measure.version is not None
    if not kommuner:
        raise MeasureError(_("%(region)s har inga kommuner att räkna från.") % {"region": label})
    levels = levels or part_units(kommuner)
    candidates = [c for units in levels.values() for c in units]
    stored = set(
        Observation.objects.filter(
            version=measure.version, measure__in=_needed_measures(measure), region_code__in=candidates
        )
        .values_list("region_code", flat=True)
        .distinct()
    )
    for level in PART_LEVELS:
        units = levels.get(level)
        if not units or not stored & set(units):
            continue
        result = groups_values(measure, {code: units}, sex=sex, label=label)
        if level != "kommun":
            result.notes.append(
                _("%(region)s: räknat från %(n)d %(level)s (%(rule)s).")
                % {
                    "region": label,
                    "n": len(units),
                    "level": level_name(level, len(units)),
                    "rule": rule_text(measure.rule),
                }
            )
        return result
    return Result(
        pd.DataFrame(columns=GROUP_COLUMNS),
        [
            _(
                "%(region)s: tabellen har inga värden för regionens delar (kommuner, hela län eller hela "
                "FA-regioner)."
            )
            % {"region": label}
        ],
    )


def group_values(measure: Measure, region: Region, *, sex: str = Sex.TOTAL) -> Result:
    """A statistics measure for one region built from its parts, by the measure's aggregation rule."""
    return parts_values(measure, region.kommun_codes(), code=region.code, label=region.name, sex=sex)


def stat_series(measure: Measure, regions: list[Region], *, gender: str = "T") -> Result:
    """Each region's own values where the source has them, else computed from its kommuner."""
    sex = KOLADA_SEX.get(gender, Sex.TOTAL)
    version = measure.version
    assert version is not None
    direct = stat_values(version, [measure.code], [r.code for r in regions], sex, additive=measure.additive)
    notes = list(direct.notes)
    frames = []
    for region in regions:
        own = direct.values[direct.values["region"] == region.code]
        if not own.empty:
            frames.append(
                own.assign(
                    method=METHOD_DIRECT, members=1, members_with_value=own["value"].notna().astype(int)
                )[GROUP_COLUMNS]
            )
            continue
        if region.kind == RegionKind.KOMMUN:
            continue
        computed = group_values(measure, region, sex=sex)
        frames.append(computed.values)
        notes += computed.notes
    if not frames:
        return Result(pd.DataFrame(columns=SERIES_COLUMNS), notes)
    out = pd.concat(frames, ignore_index=True)
    out["source"] = f"{measure.source} (version {version.number})".strip()
    out["value"] = out["value"].astype(float)
    return Result(out[SERIES_COLUMNS], notes)


def series_for(measure: Measure, regions: list[Region], *, gender: str = "T") -> Result:
    """Long frame ``region, period, value, method, members, members_with_value, source`` and its notes."""
    if measure.is_brp:
        return brp_series(measure, regions, gender=gender)
    return stat_series(measure, regions, gender=gender)


def compare_table(
    frame: pd.DataFrame, regions: list[Region], *, periods: list[str] | None = None
) -> tuple[list[str], list[dict]]:
    """Periods (those of ``frame`` unless given) and one row per region with its values per period and
    the method(s) used."""
    if periods is None:
        periods = sorted(frame["period"].astype(str).unique()) if not frame.empty else []
    rows = []
    for region in regions:
        sub = frame[frame["region"] == region.code]
        by_period = {str(p): v for p, v in zip(sub["period"], sub["value"], strict=True)}
        values = [
            None
            if by_period.get(p) is None or (isinstance(by_period.get(p), float) and math.isnan(by_period[p]))
            else float(by_period[p])
            for p in periods
        ]
        methods = sorted(set(sub["method"]))
        incomplete = sub[sub["members_with_value"] < sub["members"]] if not sub.empty else sub
        rows.append(
            {
                "region": region,
                "values": values,
                "methods": [method_label(m) for m in methods],
                "approximation": any(is_approximation(m) for m in methods),
                "incomplete": len(incomplete),
            }
        )
    return periods, rows


def series_kind(region: Region) -> str:
    """The chart series kind of a region (``charts.KIND_COLOURS``): Riket and own groups keep their colour."""
    if region.kind == RegionKind.RIKET:
        return "riket"
    if region.kind == RegionKind.GROUP:
        return "group"
    return "region"


def scale_note(measure: Measure) -> str:
    """The scale a chart of ``measure`` states on itself."""
    if measure.is_brp:
        return _("Skala 0–100 (relativ position)")
    unit = measure.unit or _("värde")
    return _("Enhet: %(unit)s; y-axeln börjar inte nödvändigtvis vid 0") % {"unit": unit}


@dataclass
class Comparison:
    """A measure for chosen regions: the values, a table per region and period, and how they were made."""

    measure: Measure
    regions: list[Region]
    gender: str
    result: Result
    periods: list[str]
    rows: list[dict]
    brp_view: str  # "K" | "L" for BRP+, else ""

    @property
    def frame(self) -> pd.DataFrame:
        return self.result.values

    @property
    def notes(self) -> list[str]:
        return self.result.notes

    @property
    def published(self) -> bool:
        return self.measure.is_brp and bool((self.frame["method"] == METHOD_PUBLISHED).any())

    @property
    def any_approximation(self) -> bool:
        return any(r["approximation"] for r in self.rows)

    @property
    def sources(self) -> list[str]:
        return sorted(set(self.frame["source"])) if not self.frame.empty else []

    @property
    def methods(self) -> list[str]:
        return sorted(set(self.frame["method"])) if not self.frame.empty else []

    def chart_svg(self) -> str:
        return charts.line_svg(
            self.periods,
            [(r["region"].name, r["values"]) for r in self.rows],
            title=_("%(m)s per period") % {"m": self.measure.label},
            kinds=[series_kind(r["region"]) for r in self.rows],
            desc=_("Linjediagram. Samma värden finns i tabellen."),
            scale=scale_note(self.measure),
        )


def comparison_build(measure: Measure, regions: list[Region], *, gender: str = "T") -> Comparison:
    """Raises ``MeasureError`` when the measure cannot be shown for these regions."""
    result = series_for(measure, regions, gender=gender)
    periods, rows = compare_table(result.values, regions)
    return Comparison(
        measure=measure,
        regions=regions,
        gender=gender,
        result=result,
        periods=periods,
        rows=rows,
        brp_view=brp_compare_view(regions) if measure.is_brp else "",
    )


MERGED = "merged"


def merged_values(measure: Measure, parts: list[Region], *, gender: str = "T", label: str = "") -> Result:
    """The region that ``parts`` (län and/or kommuner) would form, as one series (region ``MERGED``).

    Statistics: from the finest level the dataset has, by the measure's rule (``parts_values``). BRP+:
    the labelled approximation from the members' kommunindex, as for any group.
    """
    from reglab.analysis.brp import brp_groups_values, brp_runs_by_year, brp_source

    kommuner = sorted({k for part in parts for k in part.kommun_codes()})
    label = label or _("Den sammanslagna regionen")
    if not measure.is_brp:
        assert measure.version is not None
        result = parts_values(
            measure, kommuner, code=MERGED, label=label, sex=KOLADA_SEX.get(gender, Sex.TOTAL)
        )
        out = result.values.assign(source=f"{measure.source} (version {measure.version.number})".strip())
        out["value"] = out["value"].astype(float)
        return Result(out[SERIES_COLUMNS], result.notes)
    rows = []
    for run in brp_runs_by_year():
        values, method = brp_groups_values(run, measure, {MERGED: kommuner}, gender)
        rows.append(
            (MERGED, str(run.config.stampelar), values.get(MERGED), method, len(kommuner), len(kommuner),
             brp_source(run, method))
        )  # fmt: skip
    return Result(pd.DataFrame(rows, columns=SERIES_COLUMNS))


@dataclass
class Formation:
    """A region-formation scenario: the parts' own values and the merged region's, per period."""

    measure: Measure
    parts: Comparison
    merged: Result
    label: str
    periods: list[str]
    merged_values: list[float | None]

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys([*self.parts.notes, *self.merged.notes]))

    @property
    def methods(self) -> list[str]:
        return (
            [method_label(m) for m in sorted(set(self.merged.values["method"]))]
            if not self.merged.values.empty
            else []
        )

    @property
    def parts_sum(self) -> list[float | None]:
        """The plain sum of the parts per period (only meaningful for additive measures)."""
        if not self.measure.additive or self.measure.is_brp:
            return []
        sums: list[float | None] = []
        for i in range(len(self.periods)):
            vals = [r["values"][i] for r in self.parts.rows]
            sums.append(
                None if any(v is None for v in vals) else float(sum(v for v in vals if v is not None))
            )
        return sums

    def chart_svg(self) -> str:
        series: list[tuple[str, list[float | None]]] = [(self.label, self.merged_values)]
        series += [(r["region"].name, r["values"]) for r in self.parts.rows]
        return charts.line_svg(
            self.periods,
            series,
            title=_("%(m)s: sammanslagen region och delar") % {"m": self.measure.label},
            kinds=["group"] + [series_kind(r["region"]) for r in self.parts.rows],
            ident="formation",
            desc=_("Linjediagram. Samma värden finns i tabellen."),
            scale=scale_note(self.measure),
        )


def formation_build(
    measure: Measure, parts: list[Region], *, gender: str = "T", label: str = ""
) -> Formation:
    """Raises ``MeasureError`` when the merged region cannot be computed for this measure."""
    label = label or _("Den sammanslagna regionen")
    merged = merged_values(measure, parts, gender=gender, label=label)
    comparison = comparison_build(measure, parts, gender=gender)
    periods = sorted(set(comparison.periods) | set(merged.values["period"].astype(str)))
    comparison.periods, comparison.rows = compare_table(comparison.frame, parts, periods=periods)
    by_period = dict(zip(merged.values["period"].astype(str), merged.values["value"], strict=True))
    values = [None if pd.isna(by_period.get(p)) else float(by_period[p]) for p in periods]
    return Formation(measure, comparison, merged, label, periods, values)
