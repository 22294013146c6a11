"""Must-show: sums for additive measures, sum(num)/sum(den) for ratios, labelled approximations otherwise."""

from __future__ import annotations

import pandas as pd
import pytest

from reglab.engine.aggregation import AggregationRule, NotAggregableError, aggregate

MEMBERS = {"G-nord": ["2480", "2482", "2418"], "G-two": ["0114", "0115"]}
ROWS = [
    # region, period, measure, value
    ("2480", 2024, "invanare", 130_000.0),
    ("2482", 2024, "invanare", 73_000.0),
    ("2418", 2024, "invanare", 3_000.0),
    ("0114", 2024, "invanare", 48_000.0),
    ("0115", 2024, "invanare", 35_000.0),
    ("2480", 2024, "sysselsatta", 65_000.0),
    ("2482", 2024, "sysselsatta", 36_000.0),
    ("2418", 2024, "sysselsatta", 1_000.0),
    ("0114", 2024, "sysselsatta", 24_000.0),
    ("0115", 2024, "sysselsatta", 20_000.0),
    ("2480", 2024, "andel", 50.0),
    ("2482", 2024, "andel", 49.3),
    ("2418", 2024, "andel", 33.3),
]
VALUES = pd.DataFrame(ROWS, columns=["region", "period", "measure", "value"])


def _val(df, group):
    return float(df.set_index("group").loc[group, "value"])


def test_sum_of_members():
    out = aggregate(VALUES, MEMBERS, "sum", measure="invanare")
    assert _val(out, "G-nord") == 130_000 + 73_000 + 3_000
    assert _val(out, "G-two") == 48_000 + 35_000
    assert set(out["method"]) == {"exact"}


def test_ratio_is_sum_of_numerators_over_sum_of_denominators_not_mean_of_rates():
    out = aggregate(VALUES, MEMBERS, AggregationRule.parse("ratio(sysselsatta, invanare)"))
    expected = (65_000 + 36_000 + 1_000) / (130_000 + 73_000 + 3_000)
    assert _val(out, "G-nord") == pytest.approx(expected)
    mean_of_rates = (65 / 130 + 36 / 73 + 1 / 3) / 3
    assert abs(_val(out, "G-nord") - mean_of_rates) > 0.01


def test_weighted_mean_and_not_aggregable():
    out = aggregate(VALUES, {"G-nord": MEMBERS["G-nord"]}, "weighted_mean(invanare)", measure="andel")
    w = (50 * 130_000 + 49.3 * 73_000 + 33.3 * 3_000) / 206_000
    assert _val(out, "G-nord") == pytest.approx(w)
    with pytest.raises(NotAggregableError):
        aggregate(VALUES, MEMBERS, "not_aggregable", measure="andel")
    approx = aggregate(
        VALUES, {"G-nord": MEMBERS["G-nord"]}, "not_aggregable", measure="andel", approximate_with="invanare"
    )
    assert _val(approx, "G-nord") == pytest.approx(w)
    assert set(approx["method"]) == {"approximation_population_weighted"}


def test_missing_member_is_not_silently_dropped():
    out = aggregate(VALUES, MEMBERS, "sum", measure="andel")  # G-two has no "andel" values at all
    assert out.set_index("group").loc["G-two", "value"] != out.set_index("group").loc["G-two", "value"]
    gap = VALUES[~((VALUES["region"] == "2418") & (VALUES["measure"] == "invanare"))]
    partial = aggregate(gap, MEMBERS, "sum", measure="invanare")
    assert pd.isna(_val(partial, "G-nord"))
    allowed = aggregate(gap, MEMBERS, "sum", measure="invanare", allow_partial=True).set_index("group")
    assert allowed.loc["G-nord", "value"] == 203_000 and not allowed.loc["G-nord", "complete"]


def test_rule_parsing():
    assert str(AggregationRule.parse("ratio(a, b)")) == "ratio(a, b)"
    assert AggregationRule.parse({"rule": "weighted_mean", "weight": "pop"}).weight == "pop"
    with pytest.raises(ValueError):
        AggregationRule.parse("median")
    with pytest.raises(ValueError):
        AggregationRule.parse("ratio(a)")
