"""The four official BRP+ result files (names, columns, row set, order, `;`, decimal comma, R numbers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reglab.engine.brp_plus.compute import RIKET_ID, BrpResult
from reglab.engine.brp_plus.config import CodeKey
from reglab.engine.brp_plus.rformat import format_column
from reglab.writers.spreadsheet import neutralise

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
        # Names come from the code key; neutralised anyway, as in every export (values stay numbers).
        line = line + table[c].astype(object).astype(str).map(neutralise) + ";"
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


GENDER_CODES = {v: k for k, v in GENDER_LABELS.items()}


def region_label_to_id(label: pd.Series) -> pd.Series:
    """``00 Riket`` → ``0000``, ``01 Stockholms län`` → ``0001``, ``0114 Upplands Väsby`` → ``0114``."""
    code = label.str.split(" ", n=1).str[0]
    return code.where(code.str.len() == 4, "00" + code.str.zfill(2)).astype(object)


def read_official_dir(directory: Path, stampelar: int) -> pd.DataFrame:
    """The four official files as one long frame: level, view, municipality_id, gender, part, theme, value."""
    names = official_file_names(stampelar)
    frames = []
    for key, name in names.items():
        path = Path(directory) / name
        if not path.is_file():
            raise FileNotFoundError(f"saknar {name} i {directory}")
        df = read_official_csv(path)
        expected = ["Region", "Del", "Kon", "Tema", "Varde_stand"] if key.startswith("tema") else None
        if expected and list(df.columns) != expected:
            raise ValueError(f"{name}: oväntade kolumner {list(df.columns)}")
        frames.append(
            pd.DataFrame(
                {
                    "level": "theme" if key.startswith("tema") else "part",
                    "view": "K" if key.endswith("kommun") else "L",
                    "municipality_id": region_label_to_id(df["Region"]),
                    "gender": df["Kon"].map(GENDER_CODES),
                    "part": df["Del"],
                    "theme": df.get("Tema", ""),
                    "value": df["Varde_stand"],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    if out["gender"].isna().any():
        raise ValueError("okänt värde i kolumnen Kon")
    return out


def result_long_frame(result: BrpResult) -> pd.DataFrame:
    """A result in the same long shape as :func:`read_official_dir` (plus aspect rows)."""
    frames = []
    for level, frame in (("part", result.parts), ("theme", result.themes), ("aspect", result.aspects)):
        f = frame.copy()
        f["level"] = level
        for col in ("theme", "aspect"):
            if col not in f:
                f[col] = ""
        frames.append(f[["level", "view", "municipality_id", "gender", "part", "theme", "aspect", "value"]])
    return pd.concat(frames, ignore_index=True)


def compare_long(official: pd.DataFrame, computed: pd.DataFrame) -> pd.DataFrame:
    """Cell-by-cell comparison on part and theme level: value_official, value_computed, diff, status."""
    keys = ["level", "view", "municipality_id", "gender", "part", "theme"]
    comp = computed[computed["level"].isin(["part", "theme"])][[*keys, "value"]]
    m = official[[*keys, "value"]].merge(
        comp, on=keys, how="outer", suffixes=("_official", "_computed"), indicator=True
    )
    m["diff"] = m["value_computed"] - m["value_official"]
    m["status"] = m["_merge"].map(
        {"both": "both", "left_only": "official_only", "right_only": "computed_only"}
    )
    return m.drop(columns="_merge")
