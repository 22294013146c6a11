"""Synthetic Kolada-shaped BRP+ input (never real data).

``generate_input(config, n_years=10, seed=0)`` returns a frame with the columns of a Kolada download
(kpi, municipality_id, year, gender, value) for 290 kommuner + 21 regions + Riket. Design, so that every
branch of the method is exercised:

* each KPI gets a random scale and level; values are lognormal-ish positive numbers (log KPIs stay valid);
* ``split_share`` (55 %) of KPIs are split by sex (K and M rows as well as T);
* some KPIs are kommun-only or region-only (no rows at all for the other type);
* some KPIs end a year earlier for kommuner than for regions (rule 8);
* ``empty_share`` of rows are returned with an empty value (imputation), ``drop_share`` are not returned at
  all (stay missing), and Riket is sometimes empty (imputed as the mean of all units).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KOMMUN_PER_LAN = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5, "12": 33, "13": 6,
    "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def unit_ids(kommun_codes: list[str] | None = None) -> tuple[list[str], list[str]]:
    if kommun_codes is None:
        kommun_codes = [f"{lan}{i + 10:02d}" for lan, n in KOMMUN_PER_LAN.items() for i in range(n)]
    regions = sorted({"00" + k[:2] for k in kommun_codes})
    return kommun_codes, regions


def generate_input(
    kpis: list[str],
    *,
    n_years: int = 10,
    last_year: int = 2024,
    seed: int = 0,
    kommun_codes: list[str] | None = None,
    empty_share: float = 0.03,
    drop_share: float = 0.02,
    split_share: float = 0.55,
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kommuner, regions = unit_ids(kommun_codes)
    ids = np.array([*kommuner, *regions, "0000"])
    is_k = np.array([len(i) == 4 and not i.startswith("00") for i in ids])
    is_l = np.array([i.startswith("00") and i != "0000" for i in ids])
    years = np.arange(last_year - n_years + 1, last_year + 1)
    frames = []
    for j, kpi in enumerate(kpis):
        level = rng.uniform(5, 500)
        spread = rng.uniform(0.05, 0.5)
        genders = ["T", "K", "M"] if rng.random() < split_share else ["T"]
        kind = rng.random()
        mask = np.ones(len(ids), bool)
        if kind < 0.1:
            mask = is_k | (ids == "0000")
        elif kind < 0.2:
            mask = is_l | (ids == "0000")
        u = ids[mask]
        y_end = last_year - (1 if rng.random() < 0.2 else 0)
        ys = years[years <= y_end]
        grid = pd.MultiIndex.from_product(
            [u, ys, genders], names=["municipality_id", "year", "gender"]
        ).to_frame(index=False)
        base = level * np.exp(rng.normal(0, spread, len(u)))
        unit_index = pd.Series(np.arange(len(u)), index=u)
        trend = 1 + 0.01 * (grid["year"].to_numpy() - years[0])
        sex = np.select([grid["gender"] == "K", grid["gender"] == "M"], [0.95, 1.05], 1.0)
        noise = np.exp(rng.normal(0, 0.02, len(grid)))
        grid["value"] = base[unit_index[grid["municipality_id"]].to_numpy()] * trend * sex * noise
        if kind > 0.85:  # kommun data end a year earlier than region data
            k_rows = ~grid["municipality_id"].str.startswith("00")
            grid = grid[~(k_rows & (grid["year"] == grid["year"].max()))]
        grid.loc[rng.random(len(grid)) < empty_share, "value"] = np.nan
        grid = grid[rng.random(len(grid)) >= drop_share]
        grid.insert(0, "kpi", kpi)
        frames.append(grid)
        _ = j
    out = pd.concat(frames, ignore_index=True)
    return out[["kpi", "municipality_id", "year", "gender", "value"]]


def write_input(df: pd.DataFrame, path) -> None:
    df.to_csv(path, sep=";", index=False, float_format="%.10g", na_rep="")
