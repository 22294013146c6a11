"""The four official BRP+ result files (names, columns, row set, order, `;`, decimal comma, R numbers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reglab.engine.brp_plus.compute import RIKET_ID, BrpResult
from reglab.engine.brp_plus.config import CodeKey
from reglab.engine.brp_plus.rformat import format_column

GENDER_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def official_file_names(stampelar: int) -> dict[str, str]:
    return {
        "total_kommun": f"1.kolada_totalindex_kommun{stampelar}.csv",
        "tema_kommun": f"2.kolada_temaindex_kommun{stampelar}.csv",
        "total_region": f"3.kolada_totalindex_region{stampelar}.csv",
        "tema_region": f"4.kolada_temaindex_region{stampelar}.csv",
    }


def official_frames(result: BrpResult, codekey: CodeKey) -> dict[str, pd.DataFrame]:
    """Frames with the official columns (numeric ``Varde_stand``), rows in the official order."""
    out: dict[str, pd.DataFrame] = {}
    for level, frame, with_theme in (("total", result.parts, False), ("tema", result.themes, True)):
        for view, suffix in (("K", "kommun"), ("L", "region")):
            f = frame[frame["view"] == view]
            # Riket rows first, then units in id order; the final sort is stable (R's arrange, C locale).
            f = f.assign(_r=(f["municipality_id"] != RIKET_ID)).sort_values(
                ["_r", "municipality_id"], kind="stable"
            )
            table = pd.DataFrame(
                {
                    "Region": codekey.labels(f["municipality_id"]).to_numpy(),
                    "Del": f["part"].to_numpy(),
                    "Kon": f["gender"].map(GENDER_LABELS).to_numpy(),
                }
            )
            cols = ["Region", "Del", "Kon"]
            if with_theme:
                table["Tema"] = f["theme"].to_numpy()
                cols.append("Tema")
            table["Varde_stand"] = f["value"].to_numpy()
            table = table.sort_values(cols, kind="stable").reset_index(drop=True)
            out[f"{level}_{suffix}"] = table
    return out


def to_official_csv(table: pd.DataFrame) -> str:
    numbers = pd.Series(format_column(table["Varde_stand"].to_numpy()), index=table.index, dtype=object)
    cols = [c for c in table.columns if c != "Varde_stand"]
    line = pd.Series("", index=table.index, dtype=object)
    for c in cols:
        line = line + table[c].astype(object).astype(str) + ";"
    line = line + numbers
    return "\n".join([";".join([*cols, "Varde_stand"]), *line.tolist()]) + "\n"


def write_official_files(result: BrpResult, codekey: CodeKey, out_dir: Path, stampelar: int) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = official_file_names(stampelar)
    written = []
    for key, table in official_frames(result, codekey).items():
        path = out_dir / names[key]
        path.write_bytes(to_official_csv(table).encode("utf-8"))
        written.append(path)
    return written


def read_official_csv(path: Path) -> pd.DataFrame:
    """Read an official (or our) result file: `;`, decimal comma, fixed or scientific numbers, NA."""
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    raw = df["Varde_stand"].str.replace(",", ".", regex=False)
    df["Varde_stand"] = pd.to_numeric(raw.where(raw != "NA"), errors="coerce")
    return df
