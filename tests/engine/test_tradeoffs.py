"""engine.tradeoffs: growth vs environment and rank robustness on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from reglab.engine.tradeoffs import growth_environment, rank_robustness, ranks


def test_ranks_best_first_ties_share_and_missing_left_out():
    r = ranks(pd.Series({"a": 3.0, "b": 5.0, "c": 5.0, "d": None}))
    assert r.to_dict() == {"a": 3, "b": 1, "c": 1}
    assert ranks(pd.Series({"a": 3.0, "b": 5.0}), higher_is_better=False).to_dict() == {"a": 1, "b": 2}


def test_growth_environment_quadrants_correlation_and_ranks():
    x = pd.Series({"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0, "e": None})
    y = pd.Series({"a": 40.0, "b": 30.0, "c": 20.0, "d": 10.0, "e": 5.0})
    g = growth_environment(x, y, unit="d")
    assert g.units == 4  # e has no x
    assert g.correlation == pytest.approx(-1.0)
    assert (g.median_x, g.median_y) == (25.0, 25.0)
    assert g.quadrant == "high_low" and g.rank_x == 1 and g.rank_y == 4
    assert g.quadrant_counts == {"high_high": 0, "high_low": 2, "low_high": 2, "low_low": 0}
    # Emissions: lower is better, so d (lowest y) ranks first.
    assert growth_environment(x, y, unit="d", y_higher_is_better=False).rank_y == 1
    assert growth_environment(x, y, unit="e").quadrant is None


def test_rank_robustness_leave_one_out_moves_the_rank():
    # u1 is best only thanks to theme A; without A, u2 leads.
    themes = pd.DataFrame(
        {"A": [100.0, 0.0, 10.0], "B": [40.0, 60.0, 10.0], "C": [40.0, 60.0, 10.0]},
        index=["u1", "u2", "u3"],
    )
    published = pd.Series({"u1": 70.0, "u2": 50.0, "u3": 5.0})
    r = rank_robustness(themes, unit="u1", published=published, wide=0)
    by_key = {s.key: s.rank for s in r.scenarios}
    assert by_key["published"] == 1 and by_key["equal"] == 1
    assert by_key["without:A"] == 2 and by_key["double:A"] == 1 and by_key["without:B"] == 1
    assert (r.rank_min, r.rank_max, r.rank_range) == (1, 2, 1)
    assert r.most_sensitive_theme == "A"
    assert r.flagged_units == 2  # u1 and u2 swap places; u3 is last everywhere
    assert r.units == 3


def test_rank_robustness_needs_all_theme_values():
    themes = pd.DataFrame({"A": [1.0, None], "B": [2.0, 3.0]}, index=["u1", "u2"])
    r = rank_robustness(themes, unit="u2")
    assert r.units == 1 and r.rank_min is None and all(s.rank is None for s in r.scenarios)
