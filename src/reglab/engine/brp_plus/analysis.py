"""Analyses beyond the official BRP+ tool (pure pandas, vectorised).

* :func:`contributions` — why is a theme low: each indicator's and aspect's share of a unit's theme score
  and its distance to the best unit of the same type;
* :func:`robustness` — ranks under every sex mode and reference year, with rank reversals;
* :func:`trends` — index in the lag year on the latest-year scale, plus raw indicator changes;
* :func:`tradeoffs` — Ekonomi and Miljö moving in opposite directions;
* :func:`scenario_merge` — BRP+ of a custom merged region (labelled approximation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reglab.engine.aggregation import aggregate
from reglab.engine.brp_plus.compute import (
    RIKET_ID,
    SEX_MODES,
    BrpResult,
    BrpSettings,
    aggregate_scores,
    compute_brp,
    round_significant,
)
from reglab.engine.brp_plus.config import BrpConfig


def contributions(result: BrpResult, unit: str, theme: str, gender: str = "T") -> pd.DataFrame:
    """One unit's theme by indicator: score, weight, contribution (sums to the theme value), best, gap."""
    s = result.scores
    view = s.loc[s["municipality_id"] == unit, "utype"]
    if view.empty:
        raise ValueError(f"enheten {unit} saknar värden")
    utype = view.iloc[0]
    same = s[(s["utype"] == utype) & (s["gender"] == gender) & (s["theme"] == theme)]
    rows = same[same["municipality_id"] == unit][["kpi", "aspect", "score"]].copy()
    if rows.empty:
        raise ValueError(f"enheten {unit} har inga värden i tema {theme}")
    if result.settings.aggregation == "levels":
        n_aspects = rows.loc[rows["score"].notna(), "aspect"].nunique()
        per_aspect = rows.groupby("aspect")["score"].transform("count")
        rows["weight"] = np.where(rows["score"].notna(), 1.0 / (n_aspects * per_aspect), 0.0)
    else:
        rows["weight"] = np.where(rows["score"].notna(), 1.0 / rows["score"].notna().sum(), 0.0)
    rows["contribution"] = rows["weight"] * rows["score"].fillna(0.0)
    best = same.groupby("kpi")["score"].max().rename("best_score")
    best_unit = same.loc[same.groupby("kpi")["score"].idxmax(), ["kpi", "municipality_id"]]
    rows = rows.merge(best, on="kpi").merge(
        best_unit.rename(columns={"municipality_id": "best_unit"}), on="kpi"
    )
    rows["gap_to_best"] = rows["best_score"] - rows["score"]
    rows["lost_points"] = rows["weight"] * rows["gap_to_best"]
    return rows.sort_values("lost_points", ascending=False).reset_index(drop=True)


def aspect_contributions(detail: pd.DataFrame) -> pd.DataFrame:
    return (
        detail.groupby("aspect")
        .agg(
            contribution=("contribution", "sum"), weight=("weight", "sum"), lost_points=("lost_points", "sum")
        )
        .sort_values("lost_points", ascending=False)
        .reset_index()
    )


def _ranks(parts: pd.DataFrame, view: str, part: str, gender: str) -> pd.Series:
    p = parts[(parts["view"] == view) & (parts["municipality_id"] != RIKET_ID)]
    p = p[(p["part"] == part) & (p["gender"] == gender)].set_index("municipality_id")["value"]
    return p.rank(ascending=False, method="min")


def robustness(
    obs: pd.DataFrame,
    config: BrpConfig,
    *,
    part: str = "Livskvalitet",
    view: str = "L",
    gender: str = "T",
    lags: tuple[int | None, ...] = (None, 5),
    sex_modes: tuple[str, ...] = SEX_MODES,
    aggregation: str = "levels",
) -> pd.DataFrame:
    """Rank of each unit per scenario (sex mode × reference year), rank range, reversals vs. default."""
    cols = {}
    for lag in lags:
        for mode in sex_modes:
            r = compute_brp(obs, config, BrpSettings(sex_mode=mode, lag=lag, aggregation=aggregation))
            cols[f"{mode}|{'senaste' if lag is None else f'lag{lag}'}"] = _ranks(r.parts, view, part, gender)
    ranks = pd.DataFrame(cols)
    base = ranks.iloc[:, 0].to_numpy()
    out = ranks.copy()
    out["rank_min"] = ranks.min(axis=1)
    out["rank_max"] = ranks.max(axis=1)
    out["rank_range"] = out["rank_max"] - out["rank_min"]
    reversals = np.zeros(len(ranks), dtype="int64")
    for col in ranks.columns[1:]:
        other = ranks[col].to_numpy()
        ahead_base = base[:, None] < base[None, :]
        ahead_other = other[:, None] < other[None, :]
        flipped = (ahead_base & (other[:, None] > other[None, :])) | (
            ahead_other & (base[:, None] > base[None, :])
        )
        reversals += flipped.sum(axis=1).astype("int64")
    out["reversals"] = reversals
    out["flag"] = out["rank_range"] >= max(3, 0.1 * len(ranks))
    out.index.name = "municipality_id"
    return out.sort_values("rank_min")


def trends(
    obs: pd.DataFrame, config: BrpConfig, *, lag: int = 5, settings: BrpSettings | None = None
) -> dict[str, pd.DataFrame]:
    """Index in the lag year (latest-year scale) against the latest year, plus raw indicator changes."""
    settings = settings or BrpSettings()
    latest = compute_brp(obs, config, BrpSettings(**{**settings.as_dict(), "lag": None}))
    lagged = compute_brp(obs, config, BrpSettings(**{**settings.as_dict(), "lag": lag}))
    keys = ["view", "municipality_id", "gender", "part", "theme"]
    t = latest.themes.merge(lagged.themes, on=keys, how="outer", suffixes=("_latest", "_lag"))
    t["change"] = t["value_latest"] - t["value_lag"]
    pkeys = ["view", "municipality_id", "gender", "part"]
    p = latest.parts.merge(lagged.parts, on=pkeys, how="outer", suffixes=("_latest", "_lag"))
    p["change"] = p["value_latest"] - p["value_lag"]
    ikeys = ["kpi", "municipality_id", "gender"]
    raw = latest.scores[[*ikeys, "year", "value", "score"]].merge(
        lagged.scores[[*ikeys, "year", "value", "score"]], on=ikeys, how="outer", suffixes=("_latest", "_lag")
    )
    raw["value_change"] = raw["value_latest"] - raw["value_lag"]
    raw["score_change"] = raw["score_latest"] - raw["score_lag"]
    return {"themes": t, "parts": p, "indicators": raw}


def tradeoffs(theme_trends: pd.DataFrame, *, gender: str = "T", threshold: float = 1.0) -> pd.DataFrame:
    """Units where Ekonomi and Miljö moved in opposite directions by more than ``threshold`` points."""
    t = theme_trends[(theme_trends["gender"] == gender) & theme_trends["theme"].isin(["Ekonomi", "Miljö"])]
    wide = t.pivot_table(index=["view", "municipality_id"], columns="theme", values="change").reset_index()
    for col in ("Ekonomi", "Miljö"):
        if col not in wide:
            wide[col] = np.nan
    wide["tradeoff"] = ((wide["Ekonomi"] > threshold) & (wide["Miljö"] < -threshold)) | (
        (wide["Ekonomi"] < -threshold) & (wide["Miljö"] > threshold)
    )
    wide["kind"] = np.select(
        [wide["tradeoff"] & (wide["Ekonomi"] > 0), wide["tradeoff"]],
        ["tillväxt på miljöns bekostnad", "miljö förbättras medan ekonomin försvagas"],
        "",
    )
    return wide.rename(columns={"Ekonomi": "change_ekonomi", "Miljö": "change_miljo"})


def scenario_merge(
    result: BrpResult,
    members: list[str],
    weights: pd.Series,
    *,
    new_id: str = "9999",
) -> dict[str, pd.DataFrame]:
    """BRP+ for a merged region made of ``members`` (same unit type), scored on the existing reference.

    KPI values are population-weighted means of the members (BRP+ KPIs are published rates without base
    counts, so this is an *approximation* and labelled so); min/max stay those of the real units.
    """
    s = result.scores
    sub = s[s["municipality_id"].isin(members)]
    if sub.empty:
        raise ValueError("inga värden för scenariots medlemmar")
    utypes = set(sub["utype"])
    if len(utypes) != 1:
        raise ValueError("ett scenario slår ihop enheter av samma typ (kommuner eller regioner)")
    raw = np.where(sub["log"].to_numpy(dtype=bool), np.exp(sub["value"]), sub["value"])
    measure = sub["kpi"] + "|" + sub["gender"]
    values = pd.DataFrame({"region": sub["municipality_id"], "period": 0, "measure": measure, "value": raw})
    w = pd.DataFrame(
        {"region": weights.index.astype(str), "period": 0, "measure": "__w", "value": weights.to_numpy()}
    )
    membership = pd.DataFrame({"group": new_id, "member": members})
    frames = []
    for m in values["measure"].unique():
        both = pd.concat([values[values["measure"] == m], w], ignore_index=True)
        agg = aggregate(
            both, membership, "not_aggregable", measure=m, approximate_with="__w", allow_partial=True
        )
        agg["measure"] = m
        frames.append(agg)
    merged = pd.concat(frames, ignore_index=True)
    merged[["kpi", "gender"]] = merged["measure"].str.split("|", expand=True)
    ref = s[s["utype"].isin(utypes)].groupby(["kpi", "gender"])[["ref_min", "ref_max"]].first().reset_index()
    meta = s[["kpi", "part", "theme", "aspect", "inverted", "log"]].drop_duplicates("kpi")
    m = merged.merge(ref, on=["kpi", "gender"]).merge(meta, on="kpi")
    x = np.where(m["log"].to_numpy(dtype=bool), np.log(m["value"]), m["value"])
    x = round_significant(x)
    lo, hi = m["ref_min"].to_numpy(), m["ref_max"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        raw_s = np.where(
            m["inverted"].to_numpy(dtype=bool), 100 * ((hi - x) / (hi - lo)), 100 * ((x - lo) / (hi - lo))
        )
    m["score"] = np.where(~np.isnan(lo) & ~np.isnan(hi) & (lo != hi), raw_s, 0.0)
    m["municipality_id"] = new_id
    m["utype"] = utypes.pop()
    levels = aggregate_scores(m, result.settings.aggregation, riket_rows=False)
    m["method"] = "approximation_population_weighted"
    return {"indicators": m, **levels}
