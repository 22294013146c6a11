"""Hand-computed small examples for every BRP+ option, compared with the engine."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reglab.engine.brp_plus import BrpConfig, compute_brp
from reglab.engine.brp_plus.compute import round_significant

CFG = BrpConfig.from_dict(
    {
        "version": "test",
        "stampelar": 2099,
        "indicators": [
            {"kpi": "A", "aspect": "a1", "theme": "T1", "part": "P", "direction": "higher_is_better"},
            {"kpi": "B", "aspect": "a1", "theme": "T1", "part": "P", "direction": "lower_is_better"},
            {
                "kpi": "C",
                "aspect": "a2",
                "theme": "T1",
                "part": "P",
                "direction": "higher_is_better",
                "log": True,
            },
            {"kpi": "D", "aspect": "a3", "theme": "T2", "part": "P", "direction": "higher_is_better"},
        ],
    }
)


def obs(rows):
    return pd.DataFrame(rows, columns=["kpi", "municipality_id", "year", "gender", "value"])


def score(result, kpi, mid, gender="T"):
    s = result.scores
    hit = s[(s["kpi"] == kpi) & (s["municipality_id"] == mid) & (s["gender"] == gender)]
    return None if hit.empty else float(hit["score"].iloc[0])


BASE = [
    ("A", "0114", 2024, "T", 10.0),
    ("A", "0115", 2024, "T", 20.0),
    ("A", "0380", 2024, "T", 30.0),
    ("A", "0001", 2024, "T", 5.0),
    ("A", "0003", 2024, "T", 15.0),
    ("A", "0000", 2024, "T", 999.0),  # Riket: never part of min/max
    ("A", "0114", 2024, "K", 12.0),
    ("A", "0115", 2024, "K", 16.0),
    ("A", "0114", 2024, "M", 40.0),
]


def test_total_bas_scales_women_and_men_with_the_total_reference():
    r = compute_brp(obs(BASE), CFG)
    assert score(r, "A", "0114") == 0 and score(r, "A", "0115") == 50 and score(r, "A", "0380") == 100
    assert score(r, "A", "0001") == 0 and score(r, "A", "0003") == 100  # regions: own reference 5..15
    assert score(r, "A", "0114", "K") == pytest.approx(100 * (12 - 10) / 20)
    assert score(r, "A", "0114", "M") == pytest.approx(150.0)  # outside 0–100, never clamped


def test_separat_bas_uses_one_reference_per_sex():
    r = compute_brp(obs(BASE), CFG, sex_mode="separat_bas")
    assert score(r, "A", "0114", "K") == 0 and score(r, "A", "0115", "K") == 100  # K reference 12..16
    assert score(r, "A", "0114", "M") == 0  # only one man value: max = min → 0
    assert score(r, "A", "0115") == 50


def test_sammantaget_bas_pools_all_sexes():
    r = compute_brp(obs(BASE), CFG, sex_mode="sammantaget_bas")
    # kommun pool T+K+M = {10, 20, 30, 12, 16, 40}: min 10, max 40
    assert score(r, "A", "0115") == pytest.approx(100 * 10 / 30)
    assert score(r, "A", "0114", "M") == pytest.approx(100.0)
    assert score(r, "A", "0114", "K") == pytest.approx(100 * 2 / 30)


def test_inversion_and_log():
    rows = [("B", m, 2024, "T", v) for m, v in (("0114", 10.0), ("0115", 20.0), ("0380", 30.0))]
    rows += [("C", m, 2024, "T", math.e**k) for m, k in (("0114", 1), ("0115", 2), ("0380", 3))]
    r = compute_brp(obs(rows), CFG)
    assert [score(r, "B", m) for m in ("0114", "0115", "0380")] == [100, 50, 0]
    assert score(r, "C", "0115") == pytest.approx(50.0)  # ln first: 1, 2, 3
    assert score(r, "C", "0115") != pytest.approx(100 * (math.e**2 - math.e) / (math.e**3 - math.e))


def test_max_equal_min_and_missing_reference_give_zero():
    rows = [("D", m, 2024, "T", 7.0) for m in ("0114", "0115", "0380")]
    # A: kommuner have only K/M rows in the latest year → no Totalt reference under total_bas → 0
    rows += [("A", "0114", 2024, "K", 3.0), ("A", "0115", 2024, "K", 9.0), ("A", "0001", 2024, "T", 1.0)]
    r = compute_brp(obs(rows), CFG)
    assert score(r, "D", "0114") == 0 and score(r, "D", "0380") == 0
    assert score(r, "A", "0114", "K") == 0 and score(r, "A", "0115", "K") == 0
    assert score(compute_brp(obs(rows), CFG, sex_mode="separat_bas"), "A", "0115", "K") == 100


def test_lag_selects_year_and_keeps_latest_reference():
    rows = [
        *BASE,
        ("A", "0114", 2019, "T", 20.0),
        ("A", "0115", 2019, "T", 50.0),
        ("A", "0114", 2021, "T", 1.0),
    ]
    r = compute_brp(obs(rows), CFG, lag=5)
    assert set(r.years["selected_year"]) == {2019}
    assert score(r, "A", "0114") == pytest.approx(50.0)  # (20 − 10)/(30 − 10) with the 2024 reference
    assert score(r, "A", "0115") == pytest.approx(200.0)
    assert score(r, "A", "0380") is None  # no 2019 value
    # largest year ≤ latest − lag: lag 2 → target 2022 → 2021
    assert int(compute_brp(obs(rows), CFG, lag=2).years["selected_year"].iloc[0]) == 2021
    # none ≤ target → the earliest year
    short = [r_ for r_ in rows if r_[2] != 2019]
    assert int(compute_brp(obs(short), CFG, lag=10).years["selected_year"].iloc[0]) == 2021


def test_selected_year_is_per_kpi_over_all_unit_types():
    rows = [("D", "0114", 2023, "T", 1.0), ("D", "0115", 2023, "T", 2.0), ("D", "0001", 2024, "T", 3.0)]
    rows += [("D", "0003", 2024, "T", 5.0)]
    r = compute_brp(obs(rows), CFG)
    assert score(r, "D", "0114") is None  # kommun data end a year before region data
    assert score(r, "D", "0003") == 100


def test_imputation_reproduce_and_intended():
    rows = [
        ("A", "0114", 2024, "T", 10.0),
        ("A", "0115", 2024, "T", None),  # returned empty → county group mean incl. the region row
        ("A", "0116", 2024, "T", 20.0),
        ("A", "0001", 2024, "T", 5.0),
        ("A", "0380", 2024, "T", 30.0),
        ("A", "0003", 2024, "T", None),  # region: not imputed (reproduce)
        ("A", "0000", 2024, "T", None),  # Riket: mean of all kommun and region values
        ("A", "0114", 2023, "T", 1.0),  # 0115 in 2023 not returned at all → stays missing
        ("A", "0001", 2023, "T", 1.0),
    ]
    r = compute_brp(obs(rows), CFG)
    v = r.scores.set_index(["municipality_id"])
    assert v.loc["0115", "value"] == pytest.approx((10 + 20 + 5) / 3) and bool(v.loc["0115", "imputed"])
    assert "0003" not in v.index
    assert v.loc["0000", "value"] == pytest.approx((10 + 20 + 5 + 30) / 4)
    ri = compute_brp(obs(rows), CFG, imputation="intended").scores.set_index("municipality_id")
    assert ri.loc["0003", "value"] == pytest.approx(30.0)
    lag = compute_brp(obs(rows), CFG, lag=1).scores
    assert set(lag["municipality_id"]) == {"0114", "0001", "0000"}  # 0115 not returned in 2023: missing


def test_kpi_without_values_disappears_and_riket_index_is_mean_of_units():
    rows = [*BASE, ("D", "0114", 2024, "T", None), ("D", "0001", 2024, "T", None)]
    r = compute_brp(obs(rows), CFG)
    assert "D" not in set(r.scores["kpi"])
    t = r.themes
    k_units = t[(t["view"] == "K") & (t["municipality_id"] != "0000") & (t["gender"] == "T")]
    riket = t[(t["view"] == "K") & (t["municipality_id"] == "0000") & (t["gender"] == "T")]
    assert float(riket["value"].iloc[0]) == pytest.approx(k_units["value"].mean())
    # Riket M row exists (Riket itself has no M value but is imputed from 0114's) and the region view has no
    # M units → NA
    riket_m = t[(t["municipality_id"] == "0000") & (t["gender"] == "M")]
    assert set(riket_m["view"]) == {"K", "L"}
    assert riket_m.set_index("view").loc["L", "value"] != riket_m.set_index("view").loc["L", "value"]  # NaN


def test_levels_versus_r_code_aggregation():
    rows = [("A", m, 2024, "T", v) for m, v in (("0114", 0.0), ("0115", 10.0))]
    rows += [("B", m, 2024, "T", v) for m, v in (("0114", 0.0), ("0115", 10.0))]
    rows += [("C", m, 2024, "T", v) for m, v in (("0114", 10.0), ("0115", 1.0))]
    rows += [("D", m, 2024, "T", v) for m, v in (("0114", 10.0), ("0115", 1.0))]
    # 0114 scores: A 0, B 100, C 100, D 100
    lv = compute_brp(obs(rows), CFG, aggregation="levels")
    rc = compute_brp(obs(rows), CFG, aggregation="r-code")

    def val(res, level, mid, theme=None):
        f = getattr(res, level)
        f = f[(f["municipality_id"] == mid) & (f["gender"] == "T")]
        if theme:
            f = f[f["theme"] == theme]
        return float(f["value"].iloc[0])

    assert val(lv, "themes", "0114", "T1") == pytest.approx((50 + 100) / 2)  # aspects a1=50, a2=100
    assert val(rc, "themes", "0114", "T1") == pytest.approx((0 + 100 + 100) / 3)  # indicator rows
    assert val(lv, "parts", "0114") == pytest.approx((75 + 100) / 2)  # themes T1=75, T2=100
    assert val(rc, "parts", "0114") == pytest.approx((0 + 100 + 100 + 100) / 4)


def test_fifteen_digit_round_trip_of_the_intermediate_csv():
    rows = [("A", "0114", 2024, "T", 1.0), ("A", "0115", 2024, "T", 1.0000000000000002)]
    assert score(compute_brp(obs(rows), CFG), "A", "0115") == 0  # equal after 15 digits → span 0
    assert score(compute_brp(obs(rows), CFG, round_trip=False), "A", "0115") == 100
    assert round_significant(np.array([0.0, np.nan]))[0] == 0.0


# (value, what R 4.2 reads back after write.csv2 + read.csv2), verified with R on Debian 12
R_ROUND_TRIP = [
    (72.84927329855995, 72.84927329856001),
    (418.78891281881926, 418.78891281881897),
    (566.7425661111363, 566.7425661111361),
    (222.85496547373884, 222.85496547373901),
    (12.003902818924272, 12.003902818924299),
    (8.462390056470506e-09, 8.4623900564705e-09),
    (9.345510272445795e-12, 9.3455102724458e-12),
    (8.777982375536756e-14, 8.777982375536761e-14),
    (7.182401125058095e-13, 7.1824011250581e-13),
    (3.772317808432605e-10, 3.7723178084326e-10),
    (8538804790371315.0, 8538804790371315.0),
    (-72.84927329855995, -72.84927329856001),
]


def test_round_trip_matches_r_exactly():
    x = np.array([a for a, _ in R_ROUND_TRIP])
    assert round_significant(x).tolist() == [b for _, b in R_ROUND_TRIP]


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="kön"):
        compute_brp(obs([("A", "0114", 2024, "X", 1.0)]), CFG)
    with pytest.raises(ValueError, match="municipality_id"):
        compute_brp(obs([("A", "Stockholm", 2024, "T", 1.0)]), CFG)
    with pytest.raises(ValueError, match="könsläge"):
        compute_brp(obs(BASE), CFG, sex_mode="nope")
