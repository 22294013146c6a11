"""Aggregating indicators from member regions to any region set (län, FA, Riket, custom groups).

An indicator's aggregation rule says how its value for a region made of other regions is computed:

* ``sum`` — additive counts: the sum of the members;
* ``ratio(numerator, denominator)`` — rates: sum both base measures over the members, then divide
  (never the mean of the members' rates);
* ``weighted_mean(weight)`` — sum(weight·value) / sum(weight);
* ``not_aggregable`` — a published rate without base counts: the engine refuses to invent a value
  (:class:`NotAggregableError`) unless asked for a clearly labelled population-weighted *approximation*.

Pure pandas, vectorised (merge + groupby). Input observations are long: ``region, period, measure, value``.
Membership is long: ``group, member``. A group's value is only exact when every member has a value; with
gaps the value is NaN unless ``allow_partial=True`` (then ``complete`` is False and the row says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

Kind = Literal["sum", "ratio", "weighted_mean", "not_aggregable"]
METHOD_EXACT = "exact"
METHOD_APPROX = "approximation_population_weighted"


class NotAggregableError(ValueError):
    """The indicator has no base counts; a group value would have to be invented."""


@dataclass(frozen=True)
class AggregationRule:
    kind: Kind
    numerator: str | None = None
    denominator: str | None = None
    weight: str | None = None

    @classmethod
    def parse(cls, spec: str | dict[str, Any]) -> AggregationRule:
        if isinstance(spec, dict):
            rule = str(spec.get("rule", spec.get("kind", "")))
            if "(" in rule or rule in {"sum", "not_aggregable"}:
                return cls.parse(rule)
            args = ",".join(str(spec[k]) for k in ("numerator", "denominator", "weight") if spec.get(k))
            return cls.parse(f"{rule}({args})")
        text = spec.strip()
        if text in {"sum", "not_aggregable"}:
            return cls(kind=text)  # type: ignore[arg-type]
        m = re.fullmatch(r"(ratio|weighted_mean)\(\s*([^,()]+?)\s*(?:,\s*([^,()]+?)\s*)?\)", text)
        if not m:
            raise ValueError(f"okänd aggregeringsregel {spec!r}")
        if m.group(1) == "ratio":
            if not m.group(3):
                raise ValueError("ratio kräver täljare och nämnare: ratio(täljare, nämnare)")
            return cls(kind="ratio", numerator=m.group(2), denominator=m.group(3))
        if m.group(3):
            raise ValueError("weighted_mean tar en vikt: weighted_mean(vikt)")
        return cls(kind="weighted_mean", weight=m.group(2))

    def __str__(self) -> str:
        if self.kind == "ratio":
            return f"ratio({self.numerator}, {self.denominator})"
        if self.kind == "weighted_mean":
            return f"weighted_mean({self.weight})"
        return self.kind


def membership_frame(groups: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, m) for g, members in groups.items() for m in members], columns=["group", "member"]
    ).drop_duplicates()


def _measure(values: pd.DataFrame, membership: pd.DataFrame, measure: str, name: str) -> pd.DataFrame:
    v = values.loc[values["measure"] == measure, ["region", "period", "value"]].rename(
        columns={"region": "member", "value": name}
    )
    periods = values.loc[values["measure"] == measure, ["period"]].drop_duplicates()
    grid = membership.merge(periods, how="cross")
    return grid.merge(v, on=["member", "period"], how="left")


def aggregate(
    values: pd.DataFrame,
    membership: pd.DataFrame | dict[str, list[str]],
    rule: AggregationRule | str,
    *,
    measure: str | None = None,
    approximate_with: str | None = None,
    allow_partial: bool = False,
) -> pd.DataFrame:
    """Value of ``measure`` (or the rule's base measures) for every group and period.

    Returns columns ``group, period, value, method, members, members_with_value, complete``.
    """
    rule = AggregationRule.parse(rule) if isinstance(rule, str) else rule
    if isinstance(membership, dict):
        membership = membership_frame(membership)
    if rule.kind == "not_aggregable" and approximate_with is None:
        raise NotAggregableError(
            f"{measure or 'indikatorn'} saknar basvärden och kan inte aggregeras exakt; "
            "begär en befolkningsviktad approximation (approximate_with='befolkning')"
        )
    if rule.kind == "sum":
        f = _measure(values, membership, _need(measure), "x")
        f["num"], f["den"], ok = f["x"], 1.0, f["x"].notna()
        method = METHOD_EXACT
    elif rule.kind == "ratio":
        if rule.numerator is None or rule.denominator is None:
            raise ValueError("ratio kräver täljare och nämnare: ratio(täljare, nämnare)")
        n = _measure(values, membership, rule.numerator, "num")
        d = _measure(values, membership, rule.denominator, "den")
        f = n.merge(d, on=["group", "member", "period"], how="outer")
        ok = f["num"].notna() & f["den"].notna()
        method = METHOD_EXACT
    else:
        weight = rule.weight if rule.kind == "weighted_mean" else approximate_with
        if weight is None:
            raise ValueError("weighted_mean tar en vikt: weighted_mean(vikt)")
        x = _measure(values, membership, _need(measure), "x")
        w = _measure(values, membership, weight, "w")
        f = x.merge(w, on=["group", "member", "period"], how="left")
        ok = f["x"].notna() & f["w"].notna()
        f["num"], f["den"] = f["x"] * f["w"], f["w"]
        method = METHOD_EXACT if rule.kind == "weighted_mean" else METHOD_APPROX
    f["ok"] = ok
    f["num"] = f["num"].where(ok, 0.0)
    f["den"] = f["den"].where(ok, 0.0) if rule.kind != "sum" else 0.0
    g = f.groupby(["group", "period"], sort=True).agg(
        num=("num", "sum"),
        den=("den", "sum"),
        members=("member", "nunique"),
        members_with_value=("ok", "sum"),
    )
    g = g.reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        g["value"] = g["num"] if rule.kind == "sum" else g["num"] / g["den"].replace(0, np.nan)
    g["complete"] = g["members_with_value"] == g["members"]
    if not allow_partial:
        g.loc[~g["complete"], "value"] = np.nan
    g.loc[g["members_with_value"] == 0, "value"] = np.nan
    g["method"] = method
    g["rule"] = str(rule)
    return g[["group", "period", "value", "method", "rule", "members", "members_with_value", "complete"]]


def _need(measure: str | None) -> str:
    if not measure:
        raise ValueError("ange vilket mått som ska aggregeras (measure=...)")
    return measure
