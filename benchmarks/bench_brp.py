"""BRP+ benchmark: 290 kommuner + 21 regions + Riket, 84 KPIs, 3 sexes, 10 years (≈490 000 rows).

    PYTHONPATH=src python benchmarks/bench_brp.py [--repeat 3]

Input comes from benchmarks/brp_input.py (synthetic, documented there; never real data). Prints:
compute time (engine only), end-to-end time (read CSV + compute + write the four official files), and a
straightforward per-indicator loop baseline (one pandas pass per KPI, as the official R code is organised),
measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from brp_input import generate_input, write_input

from reglab.engine.brp_plus import compute_brp
from reglab.engine.brp_plus.io import read_kolada_csv
from reglab.engine.brp_plus.output import write_official_files
from reglab.indicators.brp_data import load_codekey, load_config


def loop_baseline(obs: pd.DataFrame, config) -> pd.DataFrame:
    """Per-indicator loop: impute, log, select year, scale for one KPI at a time, then mean per level."""
    cfg = config.frame().set_index("kpi")
    parts = []
    for kpi, sub in obs.groupby("kpi"):
        if kpi not in cfg.index:
            continue
        meta = cfg.loc[kpi]
        sub = sub.copy()
        mid = sub["municipality_id"]
        sub["utype"] = np.where(mid == "0000", "R", np.where(mid.str.startswith("00"), "L", "K"))
        sub["county"] = np.where(sub["utype"] == "L", mid.astype(int), mid.astype(int) // 100)
        for (_y, _g), cell in sub.groupby(["year", "gender"]):
            units = cell[cell["utype"] != "R"]
            riket = cell.index[(cell["utype"] == "R") & cell["value"].isna()]
            sub.loc[riket, "value"] = units["value"].mean()
            for _c, grp in units.groupby("county"):
                na = grp.index[(grp["utype"] == "K") & grp["value"].isna()]
                sub.loc[na, "value"] = grp["value"].mean()
        sub = sub[sub["value"].notna()]
        if sub.empty:
            continue
        if meta["log"]:
            sub["value"] = np.log(sub["value"])
        latest = sub["year"].max()
        base = sub[(sub["year"] == latest) & (sub["gender"] == "T")]
        cur = sub[sub["year"] == latest].copy()
        scores = []
        for utype, grp in cur.groupby("utype"):
            ref = base[base["utype"] == utype]["value"]
            lo, hi = (ref.min(), ref.max()) if len(ref) else (np.nan, np.nan)
            if np.isnan(lo) or lo == hi:
                s = pd.Series(0.0, index=grp.index)
            elif meta["inverted"]:
                s = 100 * (hi - grp["value"]) / (hi - lo)
            else:
                s = 100 * (grp["value"] - lo) / (hi - lo)
            scores.append(s)
        cur["score"] = pd.concat(scores)
        cur["part"], cur["theme"], cur["aspect"] = meta["part"], meta["theme"], meta["aspect"]
        parts.append(cur)
    rows = pd.concat(parts)
    a = rows.groupby(["municipality_id", "gender", "part", "theme", "aspect"])["score"].mean()
    t = a.groupby(level=[0, 1, 2, 3]).mean()
    return t.groupby(level=[0, 1, 2]).mean()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = load_config("2025")
    codekey = load_codekey()
    obs = generate_input(config.kpis, n_years=10, seed=42, kommun_codes=sorted(codekey.kommuner))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kolada.csv"
        write_input(obs, path)
        print(f"input: {len(obs):,} rows, {path.stat().st_size / 1e6:.1f} MB, {obs['kpi'].nunique()} KPIs")
        compute, e2e = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            df = read_kolada_csv(path)
            t1 = time.perf_counter()
            result = compute_brp(df, config)
            t2 = time.perf_counter()
            write_official_files(result, codekey, Path(tmp) / "out", config.stampelar)
            t3 = time.perf_counter()
            compute.append(t2 - t1)
            e2e.append(t3 - t0)
        t0 = time.perf_counter()
        loop_baseline(read_kolada_csv(path), config)
        baseline = time.perf_counter() - t0
    print(f"compute (engine):            best {min(compute):.3f} s   (target < 1 s)")
    print(f"end to end (read+compute+write): best {min(e2e):.3f} s   (target < 2 s)")
    print(
        f"per-indicator loop baseline: {baseline:.3f} s"
        f"   → speed-up {baseline / min(compute):.1f}× (target ≥ 10×)"
    )


if __name__ == "__main__":
    main()
