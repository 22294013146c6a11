"""BRP+ per region: published or computed values, and a labelled approximation for FA regions and groups.

Kommunindex (K) and regionindex (L) are scaled against different sets, so one region is shown in one
view; regions built from kommuner get a (population-weighted) mean of their kommuner's index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from reglab.analysis.measures import (
    GENDERS,
    METHOD_APPROX,
    METHOD_APPROX_UNWEIGHTED,
    METHOD_COMPUTED,
    METHOD_PUBLISHED,
    Measure,
    MeasureError,
    Result,
    brp_name,
    is_approximation,
    population_weights,
)
from reglab.engine.aggregation import aggregate
from reglab.geography.models import Region, RegionKind
from reglab.indicators.models import BrpRun, RunSource
from reglab.indicators.selectors import brp_official_run, brp_run_frame
from reglab.reference.region_codes import scb_to_kolada

SERIES_COLUMNS = ["region", "period", "value", "method", "members", "members_with_value", "source"]


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


def brp_compare_view(regions: list[Region]) -> str:
    """One index per comparison: regionindex only when every region is a län or Riket."""
    return "L" if all(r.kind in {RegionKind.LAN, RegionKind.RIKET} for r in regions) else "K"


def approximate_groups(values: pd.DataFrame, groups: dict[str, list[str]], weights: pd.Series | None):
    """Mean of member kommuner's index per group and cell, weighted by ``weights`` (None: unweighted).

    ``values`` is ``unit, cell, value``; one ``aggregate`` call with each cell passed as the "period", so
    the engine's per-group bookkeeping (members, members with a value) applies to every cell. Returns
    the engine's frame (group, period = cell, value, members, members_with_value) and the method.
    """
    members = sorted({m for codes in groups.values() for m in codes})
    if weights is None:
        w, method = pd.Series(1.0, index=members), METHOD_APPROX_UNWEIGHTED
    else:
        w, method = weights.reindex(members), METHOD_APPROX
    cells = values["cell"].unique()
    x = pd.DataFrame(
        {"region": values["unit"], "period": values["cell"], "measure": "x", "value": values["value"]}
    )
    wf = pd.DataFrame(
        {
            "region": np.repeat(w.index.astype(str).to_numpy(), len(cells)),
            "period": np.tile(cells, len(w)),
            "measure": "__w",
            "value": np.repeat(w.to_numpy(dtype=float), len(cells)),
        }
    )
    membership = pd.DataFrame(
        [(g, m) for g, codes in groups.items() for m in codes], columns=["group", "member"]
    )
    agg = aggregate(
        pd.concat([x, wf], ignore_index=True),
        membership,
        "not_aggregable",
        measure="x",
        approximate_with="__w",
        allow_partial=True,
    )
    agg["value"] = agg["value"].astype(float)
    return agg, method


def _approximate(values: pd.DataFrame, members: list[str], weights: pd.Series | None) -> pd.DataFrame:
    """Weighted mean of member kommuner's index values per (level, part, theme, gender)."""
    keys = ["level", "part", "theme", "gender"]
    columns = [*keys, "value", "method", "members", "members_with_value"]
    sub = values[values["municipality_id"].isin(members)]
    if sub.empty:
        return pd.DataFrame(columns=columns)
    cells = pd.DataFrame(
        {
            "unit": sub["municipality_id"],
            "cell": sub[keys].astype(str).agg("|".join, axis=1),
            "value": sub["value"],
        }
    )
    agg, method = approximate_groups(cells, {"G": members}, weights)
    agg[keys] = agg["period"].str.split("|", expand=True)
    agg["method"] = method
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
    for code, label, level, part in [(p, brp_name(p), "part", p) for p in parts] + [
        (t["code"], brp_name(t["name_sv"]), "theme", t["part"]) for t in themes
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


def brp_runs_by_year() -> list[BrpRun]:
    """One run per stämpelår: the official one where it exists, else the latest own computation."""
    runs: dict[int, BrpRun] = {}
    for run in BrpRun.objects.filter(lag__isnull=True).select_related("config").order_by("created_at"):
        year = run.config.stampelar
        if year not in runs or runs[year].source != RunSource.OFFICIAL:
            runs[year] = run
    return [runs[y] for y in sorted(runs)]


def brp_source(run: BrpRun, method: str) -> str:
    if method == METHOD_PUBLISHED:
        return "Källa: Kolada"
    if is_approximation(method):
        if run.source == RunSource.OFFICIAL:
            text = _("Reglab: approximation från publicerade kommunindex BRP+ %(year)s")
        else:
            text = _("Reglab: approximation från beräknade kommunindex BRP+ %(year)s")
        return text % {"year": run.config.stampelar}
    return _("Beräknat i Reglab (körning %(id)s)") % {"id": run.pk}


def _measure_rows(frame: pd.DataFrame, measure: Measure, gender: str, *, view: str | None = None):
    """The rows of a run frame (or of ``brp_values_for``) for one measure and sex (and view)."""
    col = "theme" if measure.level == "theme" else "part"
    keep = (frame["level"] == measure.level) & (frame["gender"] == gender) & (frame[col] == measure.code)
    if view is not None:
        keep &= frame["view"] == view
    return frame[keep]


def brp_series(measure: Measure, regions: list[Region], *, gender: str = "T") -> Result:
    """One value per region and stämpelår, in the comparison's one view."""
    view = brp_compare_view(regions)
    rows = []
    for run in brp_runs_by_year():
        frame = _measure_rows(brp_run_frame(run), measure, gender)
        for region in regions:
            sel = _measure_rows(brp_values_for(run, region, view, frame), measure, gender)
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
                    brp_source(run, r["method"]),
                )
            )
    return Result(pd.DataFrame(rows, columns=SERIES_COLUMNS))


def brp_level_values(run: BrpRun, measure: Measure, level: str, gender: str) -> dict[str, float | None]:
    """Published/computed values per kommun (kommunindex) or län (regionindex), Riket left out."""
    view = "K" if level == "kommun" else "L"
    frame = _measure_rows(brp_run_frame(run), measure, gender, view=view)
    frame = frame[frame["municipality_id"] != "0000"]
    out = {}
    for unit, value in zip(frame["municipality_id"], frame["value"], strict=True):
        code = unit if view == "K" else unit[2:]
        out[code] = None if pd.isna(value) else float(value)
    return out


def brp_groups_values(
    run: BrpRun, measure: Measure, groups: dict[str, list[str]], gender: str
) -> tuple[dict[str, float | None], str]:
    """Per group (e.g. every FA region): the labelled approximation from the members' kommunindex."""
    frame = _measure_rows(brp_run_frame(run), measure, gender, view="K")
    members = sorted({m for codes in groups.values() for m in codes})
    cells = pd.DataFrame({"unit": frame["municipality_id"], "cell": "0", "value": frame["value"]})
    agg, method = approximate_groups(cells, groups, population_weights(members))
    return {
        g: (None if pd.isna(v) else float(v)) for g, v in zip(agg["group"], agg["value"], strict=True)
    }, method
