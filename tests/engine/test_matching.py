"""Rates of the regional matching indicators from their counts (engine/matching.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reglab.engine.matching import (
    MatchingCounts,
    counts_sum,
    employment_rate,
    matched_employment_rate,
    matching_gap,
    matching_rate,
    rates_frame,
)


def test_rates_follow_scb_formulas():
    c = MatchingCounts(a=30.0, b=10.0, c=20.0, e=80.0)
    assert matched_employment_rate(c) == pytest.approx(100 * 30 / 80)
    assert employment_rate(c) == pytest.approx(100 * 60 / 80)
    assert matching_gap(c) == pytest.approx(100 * 30 / 80)
    # The gap is the difference of the two rates, by definition.
    assert matching_gap(c) == pytest.approx(employment_rate(c) - matched_employment_rate(c))
    assert matching_rate(c) == pytest.approx(100 * 30 / 60)


def test_missing_or_zero_counts_give_no_rate():
    assert matched_employment_rate(MatchingCounts(5.0, 1.0, 1.0, None)) is None
    assert employment_rate(MatchingCounts(5.0, None, 1.0, 10.0)) is None
    assert matching_gap(MatchingCounts(5.0, 1.0, 1.0, 0.0)) is None
    assert matching_rate(MatchingCounts(0.0, 0.0, 0.0, 10.0)) is None
    assert matched_employment_rate(MatchingCounts(float("nan"), 1.0, 1.0, 10.0)) is None


def test_two_lan_are_summed_first_not_averaged():
    first = MatchingCounts(a=100.0, b=50.0, c=50.0, e=400.0)  # 25 %
    second = MatchingCounts(a=900.0, b=100.0, c=100.0, e=1200.0)  # 75 %
    group = counts_sum([first, second])
    expected = 100 * (100 + 900) / (400 + 1200)
    assert matched_employment_rate(group) == pytest.approx(expected)
    mean_of_rates = (matched_employment_rate(first) + matched_employment_rate(second)) / 2
    assert not math.isclose(expected, mean_of_rates)
    assert counts_sum([first, MatchingCounts(1.0, 1.0, 1.0, None)]).e is None
    assert counts_sum([]).a is None


def _counts_frame():
    return pd.DataFrame(
        {
            "region": ["20", "21", "20", "21", "03"],
            "education": ["X", "X", "Y", "Y", "X"],
            "A": [100.0, 900.0, 10.0, None, 5.0],
            "B": [50.0, 100.0, 5.0, 5.0, 1.0],
            "C": [50.0, 100.0, 5.0, 5.0, 1.0],
            "E": [400.0, 1200.0, 40.0, 40.0, 10.0],
        }
    )


def test_rates_frame_aggregates_groups_from_summed_counts():
    rates = rates_frame(_counts_frame(), by=["education"], membership={"G": ["20", "21"]})
    x = rates[rates["education"] == "X"].iloc[0]
    assert x["region"] == "G" and x["members"] == 2
    assert x["matched_employment_rate"] == pytest.approx(100 * 1000 / 1600)
    assert x["employment_rate"] == pytest.approx(100 * (1000 + 150 + 150) / 1600)
    assert x["gap"] == pytest.approx(100 * 300 / 1600)
    # One member lacks A for Y: the group's matched rate is missing, not the other member's rate.
    y = rates[rates["education"] == "Y"].iloc[0]
    assert math.isnan(y["matched_employment_rate"])
    assert y["gap"] == pytest.approx(100 * 20 / 80)


def test_rates_frame_group_missing_a_member_row_is_missing():
    rates = rates_frame(_counts_frame(), by=["education"], membership={"G": ["20", "03"]})
    y = rates[rates["education"] == "Y"].iloc[0]  # 03 has no Y row
    assert math.isnan(y["gap"]) and y["members"] == 1
    x = rates[rates["education"] == "X"].iloc[0]
    assert x["matched_employment_rate"] == pytest.approx(100 * 105 / 410)


def test_rates_frame_without_groups_and_without_by():
    plain = rates_frame(_counts_frame(), by=["education"])
    assert len(plain) == 5
    assert plain.loc[0, "matched_employment_rate"] == pytest.approx(25.0)
    total = rates_frame(
        _counts_frame()[lambda f: f["education"] == "X"], membership={"ALL": ["20", "21", "03"]}
    )
    assert total.loc[0, "matched_employment_rate"] == pytest.approx(100 * 1005 / 1610)
    empty = rates_frame(_counts_frame(), membership={"NONE": ["99"]})
    assert empty.empty
