"""Reads for the analysis pages: BRP+ per region (published or labelled approximation), statistics
series from current dataset versions, and group values through the aggregation engine.

A *measure key* names what is analysed, in URLs and exports:

* ``brp:Livskvalitet``, ``brp:Hållbarhet`` — a BRP+ part index; ``brp:T6``, ``brp:Miljö`` — a theme index;
* ``stat:<dataset id>:<measure>`` — a measure of a dataset's current version (sex chosen separately,
  observations without other dimensions).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from reglab.engine.aggregation import (
    METHOD_APPROX,
    METHOD_EXACT,
    AggregationRule,
    NotAggregableError,
    aggregate,
)
from reglab.geography.codes import scb_to_kolada
from reglab.geography.models import Region, RegionKind
from reglab.indicators.models import BrpRun, IndicatorDefinition, RunSource
from reglab.indicators.selectors import brp_official_run, brp_run_frame
from reglab.statistics.models import Dataset, DatasetVersion, Observation, Sex, VersionStatus

METHOD_PUBLISHED = "published"
METHOD_COMPUTED = "computed"
METHOD_DIRECT = "direct"
METHOD_APPROX_UNWEIGHTED = "approximation_unweighted"
POPULATION_MEASURE = "N01951"  # Kolada: Invånare totalt, antal (weights for labelled approximations)
GENDERS = (("T", "Totalt"), ("K", "Kvinnor"), ("M", "Män"))
KOLADA_SEX = {"T": Sex.TOTAL, "K": Sex.WOMEN, "M": Sex.MEN}
SCALE_TEXT = (
    "0 = svagast, 100 = starkast kommun/region i Sverige senaste året – en relativ position, "
    "inte en absolut nivå."
)
COUNT_UNITS = ("antal", "st", "personer", "number", "count", "quantity", "persons")


class MeasureError(ValueError):
    """A measure key or parameter that cannot be used; the message is shown to the user."""


def method_label(method: str) -> str:
    return {
        METHOD_PUBLISHED: _("publicerat värde (Källa: Kolada)"),
        METHOD_COMPUTED: _("beräknat i Reglab"),
        METHOD_DIRECT: _("värde för regionen i källan"),
        METHOD_EXACT: _("exakt aggregerat från kommunerna"),
        METHOD_APPROX: _("approximation: befolkningsviktat medel av kommunernas värden"),
        METHOD_APPROX_UNWEIGHTED: _("approximation: ovägt medel av kommunernas värden"),
    }.get(method, method)


def is_approximation(method: str) -> bool:
    return method.startswith("approximation")


# --- BRP+ -----------------------------------------------------------------------------------------


def brp_latest_run(*, prefer: str = "official") -> BrpRun | None:
    """The latest official run (published figures), else the latest own computation."""
    official = brp_official_run()
    computed = (
        BrpRun.objects.filter(source=RunSource.COMPUTED, lag__isnull=True)
        .select_related("config")
        .order_by("-config__stampelar", "-created_at")
        .first()
    )
    if prefer == "computed":
        return computed or official
    return official or computed


def brp_has_both_sources() -> bool:
    return (
        BrpRun.objects.filter(source=RunSource.OFFICIAL).exists()
        and BrpRun.objects.filter(source=RunSource.COMPUTED, lag__isnull=True).exists()
    )


def brp_structure(run: BrpRun) -> tuple[list[str], list[dict]]:
    parts = [p["name_sv"] for p in run.config.data.get("parts", [])]
    themes = sorted(run.config.data.get("themes", []), key=lambda t: t.get("sort", 0))
    return parts, themes


def brp_view_for(region: Region, requested: str | None = None) -> str:
    """Kommunindex (K) for kommuner and anything built from kommuner; regionindex (L) for län.

    Riket has both (the mean of the kommuner's or of the regions' index); ``requested`` picks one.
    """
    if region.kind == RegionKind.LAN:
        return "L"
    if region.kind == RegionKind.RIKET:
        return requested if requested in {"K", "L"} else "L"
    return "K"


def population_frame(codes: list[str]) -> pd.DataFrame:
    """Population (N01951, total) per kommun and period in current versions: region, period, value."""
    rows = Observation.objects.filter(
        version__status=VersionStatus.CURRENT,
        measure=POPULATION_MEASURE,
        sex=Sex.TOTAL,
        region_code__in=codes,
    ).values_list("region_code", "period", "value")
    return pd.DataFrame(list(rows), columns=["region", "period", "value"]).dropna()


def population_weights(codes: list[str]) -> pd.Series | None:
    """Latest population per kommun, or None when no population is stored."""
    frame = population_frame(codes)
    if frame.empty:
        return None
    return frame.sort_values("period").groupby("region")["value"].last()


def _approximate(values: pd.DataFrame, members: list[str], weights: pd.Series | None) -> pd.DataFrame:
    """Weighted mean of member kommuner's index values per (level, part, theme, gender) via the engine.

    One ``aggregate`` call: each (level, part, theme, gender) combination is passed as the "period", so
    the engine's per-group bookkeeping (members, members with a value) applies to every cell.
    """
    keys = ["level", "part", "theme", "gender"]
    columns = [*keys, "value", "method", "members", "members_with_value"]
    sub = values[values["municipality_id"].isin(members)]
    if sub.empty:
        return pd.DataFrame(columns=columns)
    cell = sub[keys].astype(str).agg("|".join, axis=1)
    if weights is None:
        w = pd.Series(1.0, index=members)
        method = METHOD_APPROX_UNWEIGHTED
    else:
        w = weights.reindex(members)
        method = METHOD_APPROX
    cells = cell.unique()
    x = pd.DataFrame(
        {"region": sub["municipality_id"], "period": cell, "measure": "x", "value": sub["value"]}
    )
    wf = pd.DataFrame(
        {
            "region": np.repeat(w.index.astype(str).to_numpy(), len(cells)),
            "period": np.tile(cells, len(w)),
            "measure": "__w",
            "value": np.repeat(w.to_numpy(dtype=float), len(cells)),
        }
    )
    membership = pd.DataFrame({"group": "G", "member": members})
    agg = aggregate(
        pd.concat([x, wf], ignore_index=True),
        membership,
        "not_aggregable",
        measure="x",
        approximate_with="__w",
        allow_partial=True,
    )
    agg[keys] = agg["period"].str.split("|", expand=True)
    agg["method"] = method
    agg["value"] = agg["value"].astype(float)
    return agg[columns].reset_index(drop=True)


def brp_values_for(run: BrpRun, region: Region, view: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Part and theme values of ``region`` in ``view``: published/computed rows or a labelled approximation.

    Columns: level, part, theme, gender, value, method, members, members_with_value.
    """
    if frame is None:
        frame = brp_run_frame(run)
    frame = frame[frame["view"] == view].fillna({"theme": ""})
    direct_method = METHOD_PUBLISHED if run.source == RunSource.OFFICIAL else METHOD_COMPUTED
    unit = scb_to_kolada(region.code) if region.kind in {"riket", "lan", "kommun"} else None
    own_kind = {"K": RegionKind.KOMMUN, "L": RegionKind.LAN}[view]
    if unit and (region.kind == own_kind or region.kind == RegionKind.RIKET):
        rows = frame[frame["municipality_id"] == unit][["level", "part", "theme", "gender", "value"]].copy()
        rows["value"] = rows["value"].astype(float)
        rows["method"] = direct_method
        rows["members"] = 1
        rows["members_with_value"] = rows["value"].notna().astype(int)
        return rows.reset_index(drop=True)
    if view != "K":
        raise MeasureError(_("Regionindex finns bara för län och Riket."))
    members = region.kommun_codes()
    return _approximate(frame, members, population_weights(members))


def brp_value_lookup(values: pd.DataFrame) -> dict[tuple[str, str, str], float | None]:
    """(part or theme code, level, gender) → value."""
    out = {}
    for r in values.itertuples(index=False):
        key = r.theme if r.level == "theme" else r.part
        out[(key, r.level, r.gender)] = None if r.value is None or pd.isna(r.value) else float(r.value)
    return out


@dataclass
class BrpProfile:
    run: BrpRun
    view: str
    method: str
    rows: list[dict]  # one per part/theme: code, label, level, part, T/K/M values and Riket T/K/M
    members: int = 0
    members_with_value: int = 0
    weighted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.method == METHOD_PUBLISHED

    @property
    def is_approximation(self) -> bool:
        return is_approximation(self.method)

    def row(self, code: str) -> dict | None:
        return next((r for r in self.rows if r["code"] == code), None)

    @property
    def life_themes(self) -> list[dict]:
        return [r for r in self.rows if r["level"] == "theme" and r["part"] == "Livskvalitet"]

    @property
    def sustainability_themes(self) -> list[dict]:
        return [r for r in self.rows if r["level"] == "theme" and r["part"] == "Hållbarhet"]

    @property
    def parts(self) -> list[dict]:
        return [r for r in self.rows if r["level"] == "part"]


def brp_profile(region: Region, *, run: BrpRun | None = None, view: str | None = None) -> BrpProfile | None:
    run = run or brp_latest_run()
    if run is None:
        return None
    view = brp_view_for(region, view)
    frame = brp_run_frame(run)
    values = brp_values_for(run, region, view, frame)
    riket_region = Region(code="00", name="Riket", kind=RegionKind.RIKET)
    riket = brp_values_for(run, riket_region, view, frame)
    mine, ref = brp_value_lookup(values), brp_value_lookup(riket)
    parts, themes = brp_structure(run)
    rows = []
    for code, label, level, part in [(p, p, "part", p) for p in parts] + [
        (t["code"], t["name_sv"], "theme", t["part"]) for t in themes
    ]:
        row = {"code": code, "label": label, "level": level, "part": part}
        for g, _name in GENDERS:
            row[g] = mine.get((code, level, g))
            row["riket_" + g] = ref.get((code, level, g))
        row["short"] = code if code.startswith("T") and code[1:].isdigit() else label
        row["outside"] = any(row[g] is not None and not (0 <= row[g] <= 100) for g in ("T", "K", "M"))
        rows.append(row)
    method = (
        values["method"].iloc[0]
        if not values.empty
        else (METHOD_PUBLISHED if run.source == RunSource.OFFICIAL else METHOD_COMPUTED)
    )
    members = int(values["members"].max()) if not values.empty else len(region.kommun_codes())
    with_value = int(values["members_with_value"].max()) if not values.empty else 0
    return BrpProfile(
        run=run,
        view=view,
        method=method,
        rows=rows,
        members=members,
        members_with_value=with_value,
        weighted=method == METHOD_APPROX,
    )


# --- Statistics -------------------------------------------------------------------------------------


def current_versions() -> list[DatasetVersion]:
    return list(
        DatasetVersion.objects.filter(status=VersionStatus.CURRENT)
        .select_related("dataset", "dataset__source")
        .order_by("dataset__source__kind", "dataset__external_id")
    )


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


# --- Measures -----------------------------------------------------------------------------------------


@dataclass
class Measure:
    key: str
    label: str
    kind: str  # "brp" | "stat"
    level: str = ""  # brp: part | theme
    code: str = ""  # brp: part name or theme code; stat: measure code
    unit: str = ""
    dataset: Dataset | None = None
    version: DatasetVersion | None = None
    rule: str = ""
    source: str = ""

    @property
    def is_brp(self) -> bool:
        return self.kind == "brp"


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    run = brp_latest_run()
    if run is not None:
        parts, themes = brp_structure(run)
        options = [(f"brp:{p}", f"BRP+ {p}") for p in parts]
        options += [
            (
                f"brp:{t['code']}",
                f"BRP+ {t['code']} {t['name_sv']}" if t["code"] != t["name_sv"] else f"BRP+ {t['code']}",
            )
            for t in themes
        ]
        groups.append(("BRP+", options))
    versions = current_versions()
    if versions:
        pairs = (
            Observation.objects.filter(version_id__in=[v.pk for v in versions])
            .values_list("version_id", "measure")
            .distinct()
        )
        by_version = {v.pk: v for v in versions}
        options = []
        for version_id, measure in sorted(pairs):
            ds = by_version[version_id].dataset
            title = ds.title or ds.external_id
            label = f"{title} – {measure}" if measure != ds.external_id else title
            options.append((f"stat:{ds.pk}:{measure}", label[:140]))
        groups.append((_("Statistik"), options))
    return groups


def statistics_rule(measure: str, unit: str) -> str:
    """The aggregation rule of a statistics measure: its indicator definition, else counts are summed."""
    definition = IndicatorDefinition.objects.filter(code=measure).first()
    if definition is not None:
        return definition.aggregation_rule
    unit_l = (unit or "").strip().lower()
    if any(unit_l == u or unit_l.startswith(u + " ") for u in COUNT_UNITS):
        return "sum"
    return "not_aggregable"


def measure_resolve(key: str) -> Measure:
    key = (key or "").strip()
    if key.startswith("brp:"):
        run = brp_latest_run()
        if run is None:
            raise MeasureError(_("Inga BRP+-resultat finns ännu (importera: reglab brp import-official)."))
        code = key[4:]
        parts, themes = brp_structure(run)
        if code in parts:
            return Measure(
                key=key, label=f"BRP+ {code}", kind="brp", level="part", code=code, unit="index 0–100"
            )
        theme = next((t for t in themes if t["code"] == code), None)
        if theme is None:
            raise MeasureError(_("Okänt BRP+-mått: %(code)s.") % {"code": code})
        label = f"BRP+ {code}" if code == theme["name_sv"] else f"BRP+ {code} {theme['name_sv']}"
        return Measure(key=key, label=label, kind="brp", level="theme", code=code, unit="index 0–100")
    if key.startswith("stat:"):
        _prefix, _sep, rest = key.partition(":")
        ds_id, _sep, measure = rest.partition(":")
        if not ds_id.isdigit() or not measure:
            raise MeasureError(_("Måttet ska anges som stat:<dataset-id>:<mått>."))
        dataset = Dataset.objects.select_related("source").filter(pk=int(ds_id)).first()
        version = dataset.current_version if dataset else None
        if version is None:
            raise MeasureError(
                _("Datasetet %(id)s finns inte eller saknar gällande version.") % {"id": ds_id}
            )
        if not Observation.objects.filter(version=version, measure=measure).exists():
            raise MeasureError(_("Måttet %(m)s finns inte i datasetets gällande version.") % {"m": measure})
        title = dataset.title or dataset.external_id
        return Measure(
            key=key,
            label=title if measure == dataset.external_id else f"{title} – {measure}",
            kind="stat",
            code=measure,
            unit=dataset.unit,
            dataset=dataset,
            version=version,
            rule=statistics_rule(measure, dataset.unit),
            source=dataset.attribution or dataset.source.attribution,
        )
    raise MeasureError(_("Välj ett mått."))


# --- Series for compare and map ------------------------------------------------------------------------


def _brp_runs_by_year() -> list[BrpRun]:
    """One run per stämpelår: the official one where it exists, else the latest own computation."""
    runs: dict[int, BrpRun] = {}
    for run in BrpRun.objects.filter(lag__isnull=True).select_related("config").order_by("created_at"):
        year = run.config.stampelar
        if year not in runs or runs[year].source != RunSource.OFFICIAL:
            runs[year] = run
    return [runs[y] for y in sorted(runs)]


def _brp_source(run: BrpRun, method: str) -> str:
    if method == METHOD_PUBLISHED:
        return "Källa: Kolada"
    if is_approximation(method):
        if run.source == RunSource.OFFICIAL:
            text = _("Reglab: approximation från publicerade kommunindex BRP+ %(year)s")
        else:
            text = _("Reglab: approximation från beräknade kommunindex BRP+ %(year)s")
        return text % {"year": run.config.stampelar}
    return _("Beräknat i Reglab (körning %(id)s)") % {"id": run.pk}


def brp_compare_view(regions: list[Region]) -> str:
    """One index per comparison: regionindex only when every region is a län or Riket."""
    return "L" if all(r.kind in {RegionKind.LAN, RegionKind.RIKET} for r in regions) else "K"


def series_for(measure: Measure, regions: list[Region], *, gender: str = "T") -> pd.DataFrame:
    """Long frame ``region, period, value, method, members, members_with_value, source`` for ``regions``."""
    columns = ["region", "period", "value", "method", "members", "members_with_value", "source"]
    if measure.is_brp:
        view = brp_compare_view(regions)
        rows = []
        for run in _brp_runs_by_year():
            frame = brp_run_frame(run)
            col = "theme" if measure.level == "theme" else "part"
            frame = frame[
                (frame["level"] == measure.level) & (frame["gender"] == gender) & (frame[col] == measure.code)
            ]
            for region in regions:
                values = brp_values_for(run, region, view, frame)
                sel = values[
                    (values["level"] == measure.level)
                    & (values["gender"] == gender)
                    & ((values["theme"] if measure.level == "theme" else values["part"]) == measure.code)
                ]
                if sel.empty:
                    continue
                r = sel.iloc[0]
                rows.append(
                    (
                        region.code,
                        str(run.config.stampelar),
                        r["value"],
                        r["method"],
                        int(r["members"]),
                        int(r["members_with_value"]),
                        _brp_source(run, r["method"]),
                    )
                )
        return pd.DataFrame(rows, columns=columns)
    return _stat_series(measure, regions, gender=gender)


TOTAL_CODES = {"tot", "totalt", "total", "tot1", "samtliga", "sa", "t", "alla", "00"}


def _stat_values(
    version: DatasetVersion,
    measures: list[str],
    codes: list[str] | None,
    sex: str,
    *,
    additive: bool = False,
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Long ``region, period, measure, value`` for one sex and no other dimensions.

    Tables whose cells all carry other dimensions (age, marital status…) or no total for sex are reduced:
    a total-like value of a dimension ("tot", "totalt", …) is used when the table has one; otherwise the
    dimension is summed — only for additive measures (counts, ratio bases), else ``MeasureError``.
    ``notes`` receives one line per reduction, shown next to the numbers.
    """
    qs = Observation.objects.filter(version=version, measure__in=measures)
    if codes is not None:
        qs = qs.filter(region_code__in=codes)
    columns = ["region", "period", "measure", "value"]
    plain = qs.filter(sex=sex, dimensions={})
    if plain.exists():
        return pd.DataFrame(
            list(plain.values_list("region_code", "period", "measure", "value")), columns=columns
        )
    rows = pd.DataFrame(
        list(qs.values_list("region_code", "period", "measure", "sex", "dimensions", "value")),
        columns=["region", "period", "measure", "sex", "dimensions", "value"],
    )
    if rows.empty:
        return pd.DataFrame(columns=columns)
    notes = notes if notes is not None else []
    if (rows["sex"] == sex).any():
        rows = rows[rows["sex"] == sex]
    elif sex == Sex.TOTAL and additive:
        notes.append(_("Totalt = kvinnor + män (tabellen har ingen total för kön)."))
    else:
        raise MeasureError(
            _("Tabellen har inga värden för %(sex)s för det här måttet.") % {"sex": Sex(sex).label}
        )
    dims = [json.loads(d) if isinstance(d, str) else (d or {}) for d in rows["dimensions"]]
    keys = sorted({k for d in dims for k in d})
    frame = rows.drop(columns=["dimensions", "sex"]).reset_index(drop=True)
    for key in keys:
        frame[key] = [str(d.get(key, "")) for d in dims]
    for key in keys:
        values = set(frame[key])
        total = next((v for v in sorted(values) if v.strip().lower() in TOTAL_CODES), None)
        if total is not None:
            frame = frame[frame[key] == total]
            notes.append(_("%(dim)s: totalen (%(code)s).") % {"dim": key, "code": total})
        elif not additive:
            raise MeasureError(
                _(
                    "Måttet är fördelat på %(dim)s utan total och är inte ett antal som kan summeras; "
                    "jämför det på datasetets sida i stället."
                )
                % {"dim": key}
            )
        else:
            notes.append(_("Summerat över %(dim)s (%(n)d värden).") % {"dim": key, "n": len(values)})
    grouped = frame.groupby(["region", "period", "measure"], as_index=False)["value"].agg(
        lambda v: v.sum(min_count=len(v))  # a missing cell makes the sum missing, never a silent undercount
    )
    return grouped[columns]


def _additive(measure: Measure) -> bool:
    return AggregationRule.parse(measure.rule or "not_aggregable").kind in {"sum", "ratio"}


def _stat_series(measure: Measure, regions: list[Region], *, gender: str) -> pd.DataFrame:
    columns = ["region", "period", "value", "method", "members", "members_with_value", "source"]
    sex = KOLADA_SEX.get(gender, Sex.TOTAL)
    version = measure.version
    assert version is not None
    notes: list[str] = []
    direct = _stat_values(
        version, [measure.code], [r.code for r in regions], sex, additive=_additive(measure), notes=notes
    )
    frames = []
    for region in regions:
        own = direct[direct["region"] == region.code]
        if not own.empty:
            frames.append(
                own.assign(
                    method=METHOD_DIRECT, members=1, members_with_value=own["value"].notna().astype(int)
                )[["region", "period", "value", "method", "members", "members_with_value"]]
            )
            continue
        if region.kind == RegionKind.KOMMUN:
            continue
        frames.append(group_values(measure, region, sex=sex, notes=notes))
    if not frames:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.concat(frames, ignore_index=True)
        out["source"] = f"{measure.source} (version {version.number})".strip()
        out["value"] = out["value"].astype(float)
        out = out[columns]
    out.attrs["notes"] = list(dict.fromkeys(notes))
    return out


def group_values(
    measure: Measure, region: Region, *, sex: str = Sex.TOTAL, notes: list[str] | None = None
) -> pd.DataFrame:
    """A statistics measure for a region built from kommuner, by the measure's aggregation rule.

    Raises ``MeasureError`` when the measure cannot be aggregated (no base counts, no population weights).
    """
    members = region.kommun_codes()
    if not members:
        raise MeasureError(_("%(region)s har inga kommuner att räkna från.") % {"region": region.name})
    return groups_values(measure, {region.code: members}, sex=sex, notes=notes, label=region.name)


def groups_values(
    measure: Measure,
    groups: dict[str, list[str]],
    *,
    sex: str = Sex.TOTAL,
    notes: list[str] | None = None,
    label: str = "",
) -> pd.DataFrame:
    """``group_values`` for many groups at once (one query, one engine call): group → kommun codes."""
    members = sorted({m for codes in groups.values() for m in codes})
    rule = AggregationRule.parse(measure.rule or "not_aggregable")
    needed = {measure.code}
    if rule.kind == "ratio":
        needed = {rule.numerator, rule.denominator}
    elif rule.kind == "weighted_mean":
        needed |= {rule.weight}
    values = _stat_values(
        measure.version, sorted(needed), members, sex, additive=_additive(measure), notes=notes
    )
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
    agg = agg.rename(columns={"group": "region"})
    return agg[["region", "period", "value", "method", "members", "members_with_value"]]


def fa_membership() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, fa in Region.objects.kommuner().exclude(fa_region=None).values_list("code", "fa_region__code"):
        groups.setdefault(fa, []).append(code)
    return groups


def compare_table(frame: pd.DataFrame, regions: list[Region]) -> tuple[list[str], list[dict]]:
    """Periods and one row per region with its values per period and the method(s) used."""
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


def map_values(
    measure: Measure, level: str, *, gender: str = "T", period: str | None = None
) -> tuple[dict, str, list[str]]:
    """Values per kommun or län for the map (only what the source has for that level), period, notes."""
    if measure.is_brp:
        run = brp_latest_run()
        if run is None:
            return {}, "", []
        if level == "fa":
            return _brp_fa_values(run, measure, gender)
        view = "K" if level == "kommun" else "L"
        frame = brp_run_frame(run)
        frame = frame[
            (frame["view"] == view) & (frame["gender"] == gender) & (frame["level"] == measure.level)
        ]
        col = "theme" if measure.level == "theme" else "part"
        frame = frame[(frame[col] == measure.code) & (frame["municipality_id"] != "0000")]
        out = {}
        for unit, value in zip(frame["municipality_id"], frame["value"], strict=True):
            code = unit if view == "K" else unit[2:]
            out[code] = None if pd.isna(value) else float(value)
        return out, str(run.config.stampelar), []
    notes: list[str] = []
    if level == "fa":
        return _stat_fa_values(measure, gender, period, notes)
    kind = RegionKind.KOMMUN if level == "kommun" else RegionKind.LAN
    codes = list(Region.objects.filter(kind=kind).values_list("code", flat=True))
    values = _stat_values(
        measure.version,
        [measure.code],
        codes,
        KOLADA_SEX.get(gender, Sex.TOTAL),
        additive=_additive(measure),
        notes=notes,
    )
    return _values_for_period(values, period, notes)


def _brp_fa_values(run: BrpRun, measure: Measure, gender: str) -> tuple[dict, str, list[str]]:
    """BRP+ per FA region: a labelled approximation from the members' kommunindex (one engine call)."""
    frame = brp_run_frame(run)
    col = "theme" if measure.level == "theme" else "part"
    frame = frame[
        (frame["view"] == "K")
        & (frame["gender"] == gender)
        & (frame["level"] == measure.level)
        & (frame[col] == measure.code)
    ]
    groups = fa_membership()
    members = sorted({m for codes in groups.values() for m in codes})
    weights = population_weights(members)
    w = pd.Series(1.0, index=members) if weights is None else weights.reindex(members)
    values = pd.concat(
        [
            pd.DataFrame(
                {"region": frame["municipality_id"], "period": 0, "measure": "x", "value": frame["value"]}
            ),
            pd.DataFrame(
                {"region": w.index, "period": 0, "measure": "__w", "value": w.to_numpy(dtype=float)}
            ),
        ],
        ignore_index=True,
    )
    membership = pd.DataFrame(
        [(g, m) for g, codes in groups.items() for m in codes], columns=["group", "member"]
    )
    agg = aggregate(
        values, membership, "not_aggregable", measure="x", approximate_with="__w", allow_partial=True
    )
    out = {g: (None if pd.isna(v) else float(v)) for g, v in zip(agg["group"], agg["value"], strict=True)}
    method = METHOD_APPROX if weights is not None else METHOD_APPROX_UNWEIGHTED
    return (
        out,
        str(run.config.stampelar),
        [_("Approximation av kommunindex per FA-region: %(m)s.") % {"m": method_label(method)}],
    )


def _stat_fa_values(measure: Measure, gender: str, period: str | None, notes: list[str]):
    """Per FA region: the source's own FA values where it has them, else aggregated from kommuner."""
    sex = KOLADA_SEX.get(gender, Sex.TOTAL)
    groups = fa_membership()
    direct = _stat_values(
        measure.version, [measure.code], list(groups), sex, additive=_additive(measure), notes=notes
    )
    if not direct.empty:
        values = direct
    else:
        values = groups_values(measure, groups, sex=sex, notes=notes)
        methods = sorted(set(values["method"]))
        notes.append(_("Räknat från kommunerna: %(m)s.") % {"m": ", ".join(method_label(m) for m in methods)})
    return _values_for_period(values, period, notes)


def _values_for_period(
    values: pd.DataFrame, period: str | None, notes: list[str]
) -> tuple[dict, str, list[str]]:
    """One value per region for the asked period (or the latest), with the notes once each."""
    if values.empty:
        return {}, "", notes
    periods = sorted(values["period"].astype(str).unique())
    chosen = period if period in periods else periods[-1]
    sel = values[values["period"].astype(str) == chosen]
    out = {r: (None if pd.isna(v) else float(v)) for r, v in zip(sel["region"], sel["value"], strict=True)}
    return out, chosen, list(dict.fromkeys(notes))


# --- Trade-offs and robustness (needs synced BRP+ KPI values) -------------------------------------------


@dataclass
class RegionDynamics:
    view: str
    unit: str
    lag: int
    tradeoff: dict | None  # change_ekonomi, change_miljo, tradeoff, kind
    tradeoff_units: int  # units of the same view with a trade-off
    robustness: dict | None  # scenario ranks, rank_min/max/range, reversals, flag
    scenarios: list[str]
    flagged_units: int
    units: int
    theme_changes: list[dict]


def region_dynamics(region: Region, *, lag: int = 5, part: str = "Livskvalitet") -> RegionDynamics | None:
    """Ekonomi/Miljö trade-offs and rank robustness for a kommun, län or Riket from synced KPI values.

    Returns None when no BRP+ KPI values are stored (the published files hold indices only).
    """
    from reglab.engine.brp_plus import BrpSettings
    from reglab.engine.brp_plus.analysis import robustness, tradeoffs, trends
    from reglab.indicators.brp_data import load_config
    from reglab.statistics.selectors import kolada_observations_frame

    if region.kind not in {RegionKind.KOMMUN, RegionKind.LAN, RegionKind.RIKET}:
        raise MeasureError(
            _("Målkonflikter och robusthet räknas för kommuner och län; en grupp har ingen egen rangordning.")
        )
    from django.core.cache import cache

    run = brp_latest_run()
    version = str(run.config.stampelar) if run else "2025"
    config = load_config(version)
    view = brp_view_for(region)
    unit = scb_to_kolada(region.code)
    # Every unit's result depends only on the stored KPI versions: computed once, cached for all regions.
    kolada_versions = sorted(
        DatasetVersion.objects.filter(
            status=VersionStatus.CURRENT, dataset__source__kind="kolada"
        ).values_list("pk", "content_hash")
    )
    stamp = "-".join(f"{pk}.{digest[:12]}" for pk, digest in kolada_versions)
    key = f"analysis:dynamics:{version}:{lag}:{part}:{view}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        obs = kolada_observations_frame(list(config.kpis)) if kolada_versions else pd.DataFrame()
        if obs.empty:
            return None
        tr = trends(obs, config, lag=lag, settings=BrpSettings())
        t = tradeoffs(tr["themes"])
        themes = tr["themes"]
        cached = {
            "tradeoffs": t[t["view"] == view],
            "themes": themes[(themes["view"] == view) & (themes["gender"] == "T")],
            "robustness": robustness(obs, config, part=part, view=view, lags=(None, lag)),
        }
        cache.set(key, cached, 3600)
    t, rob = cached["tradeoffs"], cached["robustness"]
    mine = t[t["municipality_id"] == unit]
    themes = cached["themes"][cached["themes"]["municipality_id"] == unit]
    scenarios = [c for c in rob.columns if "|" in c]
    mine_rob = rob.loc[unit].to_dict() if unit in rob.index else None
    return RegionDynamics(
        view=view,
        unit=unit,
        lag=lag,
        tradeoff=mine.iloc[0].to_dict() if not mine.empty else None,
        tradeoff_units=int(t["tradeoff"].sum()),
        robustness=mine_rob,
        scenarios=scenarios,
        flagged_units=int(rob["flag"].sum()),
        units=len(rob),
        theme_changes=themes.sort_values("theme").to_dict("records"),
    )
