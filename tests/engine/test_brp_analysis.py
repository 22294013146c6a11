"""Beyond the official tool: contributions, robustness, trends, trade-offs, merged-region scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reglab.engine.brp_plus import BrpConfig, compute_brp
from reglab.engine.brp_plus.analysis import (
    aspect_contributions,
    contributions,
    robustness,
    scenario_merge,
    tradeoffs,
    trends,
)
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict


@pytest.fixture(scope="module")
def data():
    cfg_dict = load_config_dict()
    cfg = BrpConfig.from_dict(cfg_dict)
    rows = kolada_rows(cfg.kpis, load_codekey_dict(), seed=3)
    obs = pd.DataFrame(rows, columns=["kpi", "municipality_id", "year", "gender", "value"])
    return cfg, obs


def _theme_value(result, unit, theme, gender="T"):
    t = result.themes
    return float(
        t[(t["municipality_id"] == unit) & (t["theme"] == theme) & (t["gender"] == gender)]["value"].iloc[0]
    )


@pytest.mark.parametrize("aggregation", ["levels", "r-code"])
def test_contributions_sum_to_theme_value(data, aggregation):
    cfg, obs = data
    r = compute_brp(obs, cfg, aggregation=aggregation)
    unit = "0001"
    for theme in ("T6", "Social"):
        detail = contributions(r, unit, theme)
        assert detail["contribution"].sum() == pytest.approx(_theme_value(r, unit, theme))
        assert (detail["gap_to_best"] >= -1e-12).all()
        assert detail["lost_points"].is_monotonic_decreasing
        assert aspect_contributions(detail)["contribution"].sum() == pytest.approx(
            detail["contribution"].sum()
        )


def test_robustness_ranks_and_reversals(data):
    cfg, obs = data
    rob = robustness(obs, cfg, view="L", part="Livskvalitet")
    scen = [c for c in rob.columns if "|" in c]
    assert len(scen) == 6 and scen[0] == "total_bas|senaste"
    assert set(rob.index) == {"0001", "0003", "0025"}
    # brute-force reversal count for one unit against the default scenario
    u = rob.index[0]
    expected = 0
    for col in scen[1:]:
        for v in rob.index:
            if v == u:
                continue
            a = np.sign(rob.loc[u, scen[0]] - rob.loc[v, scen[0]])
            b = np.sign(rob.loc[u, col] - rob.loc[v, col])
            expected += int(a != 0 and b != 0 and a != b)
    assert rob.loc[u, "reversals"] == expected
    assert (rob["rank_range"] == rob["rank_max"] - rob["rank_min"]).all()


def test_trends_and_tradeoffs(data):
    cfg, obs = data
    tr = trends(obs, cfg, lag=5)
    t = tr["themes"]
    row = t[(t["municipality_id"] == "0114") & (t["theme"] == "T1") & (t["gender"] == "T")].iloc[0]
    lagged = compute_brp(obs, cfg, lag=5)
    assert row["value_lag"] == pytest.approx(_theme_value(lagged, "0114", "T1"))
    assert row["change"] == pytest.approx(row["value_latest"] - row["value_lag"])
    assert {"value_change", "score_change"} <= set(tr["indicators"].columns)
    fake = pd.DataFrame(
        {
            "view": ["K"] * 4,
            "municipality_id": ["0114", "0114", "0115", "0115"],
            "gender": "T",
            "part": "Hållbarhet",
            "theme": ["Ekonomi", "Miljö", "Ekonomi", "Miljö"],
            "change": [5.0, -4.0, 3.0, 2.0],
        }
    )
    out = tradeoffs(fake).set_index("municipality_id")
    assert bool(out.loc["0114", "tradeoff"]) and not bool(out.loc["0115", "tradeoff"])
    assert out.loc["0114", "kind"] == "tillväxt på miljöns bekostnad"


def test_scenario_merge_is_weighted_and_labelled(data):
    cfg, obs = data
    r = compute_brp(obs, cfg)
    one = scenario_merge(r, ["0114"], pd.Series({"0114": 1.0}))
    ours = one["themes"].set_index(["gender", "theme"])["value"]
    real = r.themes[r.themes["municipality_id"] == "0114"].set_index(["gender", "theme"])["value"]
    assert np.allclose(ours.sort_index(), real.loc[ours.sort_index().index], atol=1e-9)
    two = scenario_merge(r, ["0114", "0115"], pd.Series({"0114": 3.0, "0115": 1.0}), new_id="9901")
    ind = two["indicators"]
    assert set(ind["method"]) == {"approximation_population_weighted"}
    s = r.scores
    kpi = ind[(ind["gender"] == "T") & ~ind["log"]]["kpi"].iloc[0]
    a = s[(s.kpi == kpi) & (s.municipality_id == "0114") & (s.gender == "T")]["value"]
    b = s[(s.kpi == kpi) & (s.municipality_id == "0115") & (s.gender == "T")]["value"]
    got = ind[(ind.kpi == kpi) & (ind.gender == "T")]["value"].iloc[0]
    if len(a) and len(b):
        assert got == pytest.approx((3 * a.iloc[0] + b.iloc[0]) / 4)
    with pytest.raises(ValueError):
        scenario_merge(r, ["0114", "0001"], pd.Series({"0114": 1.0, "0001": 1.0}))
