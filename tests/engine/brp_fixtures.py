"""Small Kolada-shaped BRP+ inputs for tests (synthetic; written independently of benchmarks/brp_input.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "reglab" / "indicators" / "data" / "brp_plus"


def load_config_dict(version: str = "2025") -> dict:
    return json.loads((SRC / f"config_{version}.json").read_text(encoding="utf-8"))


def load_codekey_dict() -> dict:
    return json.loads((SRC / "codekey.json").read_text(encoding="utf-8"))


def reference_config(data: dict) -> dict:
    return {
        i["kpi"]: (i["aspect"], i["theme"], i["part"], i["direction"] == "lower_is_better", i["log"])
        for i in data["indicators"]
    }


def label_function(codekey: dict):
    def label(mid: str) -> str:
        if mid == "0000":
            return "00 Riket"
        if mid.startswith("00"):
            name = codekey["lan"].get(mid[2:])
            return f"{mid[2:]} {name}" if name else "00 Riket"
        name = codekey["kommuner"].get(mid)
        return f"{mid} {name}" if name else "00 Riket"

    return label


def kolada_rows(kpis: list[str], codekey: dict, *, seed: int = 7, counties=("01", "03", "25"), per_county=4):
    """Rows (kpi, municipality_id, year, gender, value_or_None) exercising every documented behaviour."""
    rnd = random.Random(seed)
    kommuner = []
    for c in counties:
        kommuner += sorted(k for k in codekey["kommuner"] if k.startswith(c))[:per_county]
    regions = ["00" + c for c in counties]
    years = list(range(2015, 2025))
    rows = []
    for n, kpi in enumerate(kpis):
        split = rnd.random() < 0.45
        genders = ["T", "K", "M"] if split else ["T"]
        kind = rnd.random()
        units = kommuner + regions + ["0000"]
        if kind < 0.1:
            units = [*kommuner, "0000"]  # kommun-only KPI
        elif kind < 0.2:
            units = [*regions, "0000"]  # region-only KPI
        kommun_end = 2023 if 0.2 <= kind < 0.35 else 2024  # kommun data end a year before region data
        first = rnd.choice([2015, 2015, 2019, 2021])  # short series: lag falls back to the earliest year
        level = rnd.uniform(1, 200)
        constant = n % 29 == 5  # max = min in every year
        all_empty = n == 11  # KPI with no values at all disappears
        for mid in units:
            base = level * rnd.uniform(0.6, 1.6)
            for year in years:
                if year < first or (mid not in regions and mid != "0000" and year > kommun_end):
                    continue
                for g in genders:
                    if rnd.random() < 0.05:
                        continue  # not returned by Kolada at all
                    value = (
                        level if constant else base * (1 + 0.02 * (year - 2015)) * (1.07 if g == "M" else 1)
                    )
                    value *= 1 if constant else rnd.uniform(0.97, 1.03)
                    empty = all_empty or rnd.random() < (0.3 if mid == "0000" else 0.08)
                    rows.append((kpi, mid, year, g, None if empty else round(value, 6)))
    return rows


def write_rows(rows, path: Path) -> None:
    lines = ["kpi;municipality_id;year;gender;value"]
    lines += [f"{k};{m};{y};{g};{'' if v is None else repr(v)}" for k, m, y, g, v in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_official(path: Path) -> list[tuple]:
    """Parse an official-format file plainly: `;`, decimal comma, NA → None."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    out = []
    for line in lines[1:-1]:
        *labels, value = line.split(";")
        out.append((*labels, None if value == "NA" else float(value.replace(",", "."))))
    return out
