"""Reading Kolada-shaped input files (pure: no Django)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reglab.engine.brp_plus.compute import INPUT_COLUMNS


def read_kolada_csv(path: Path | str) -> pd.DataFrame:
    """Read ``kpi;municipality_id;year;gender;value`` (`;`-separated, decimal point or comma, empty = NaN)."""
    dtypes = {"kpi": str, "municipality_id": str, "gender": str, "year": "int64", "value": "float64"}
    try:
        df = pd.read_csv(
            path, sep=";", dtype=dtypes, keep_default_na=False, na_values=["", "NA"], encoding="utf-8-sig"
        )
    except ValueError:
        df = pd.read_csv(
            path,
            sep=";",
            dtype=dtypes,
            keep_default_na=False,
            na_values=["", "NA"],
            decimal=",",
            encoding="utf-8-sig",
        )
    missing = [c for c in INPUT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"filen saknar kolumner: {', '.join(missing)} (väntat: {';'.join(INPUT_COLUMNS)})")
    return df[INPUT_COLUMNS]
