"""Convert an official BRP+ configuration (the R repository's start_*.csv files) into Reglab's own format.

Run once per stämpelår when Tillväxtverket publishes a new configuration:

    python scripts/brp_plus_convert_config.py /path/to/brp-plus-2025 --stampelar 2025

It writes two JSON files into ``src/reglab/indicators/data/brp_plus/``:

* ``config_<stämpelår>.json``: parts → themes → aspects → indicators (Kolada KPI, direction, log flag),
  i.e. the platform's indicator definitions as data. The KPI list is never hard-coded in Python.
* ``codekey.json``: kommun code → name and län code → name (the labels the official result files use,
  ``0114 Upplands Väsby`` / ``01 Stockholms län`` / ``00 Riket``) plus the Kolada region names.

The source CSVs are `;`-separated UTF-8; theme labels look like ``T1 - Medborgarengagemang …`` and are split
on ``" - "`` into a short code (used in the published result files) and a name.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "reglab" / "indicators" / "data" / "brp_plus"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _split_theme(label: str) -> tuple[str, str]:
    code, _, name = label.partition(" - ")
    return code.strip(), (name.strip() or code.strip())


def convert(src: Path, stampelar: int) -> tuple[dict, dict]:
    indicators = [r for r in _rows(src / "start_BRP_plus_indikatorer_tbl.csv") if r["Indikator_ID"].strip()]
    categories = _rows(src / "start_BRP_plus_kategorisering_tbl.csv")
    parts: list[str] = []
    themes: dict[str, dict] = {}
    aspects: list[dict] = []
    for row in categories:
        code, name = _split_theme(row["Tema"])
        if row["Del"] not in parts:
            parts.append(row["Del"])
        themes.setdefault(
            code, {"code": code, "name_sv": name, "part": row["Del"], "sort": int(row["Sortering"])}
        )
        aspects.append({"name_sv": row["Aspekt"], "theme": code, "part": row["Del"]})
    dates = sorted({r["Tillagd_datum"][:10] for r in indicators if r.get("Tillagd_datum")})
    config = {
        "format": "reglab.brp_plus.config/1",
        "version": str(stampelar),
        "stampelar": stampelar,
        "configuration_date": dates[-1] if dates else None,
        "source": "Analytikernatverket/brp_plus data/start_BRP_plus_*_tbl.csv (converted)",
        "parts": [{"name_sv": p} for p in parts],
        "themes": sorted(themes.values(), key=lambda t: t["sort"]),
        "aspects": aspects,
        "indicators": [
            {
                "kpi": r["Indikator_ID"].strip(),
                "name_sv": r["Indikator_namn"].strip(),
                "aspect": r["Aspekt"].strip(),
                "theme": _split_theme(r["Tema"])[0],
                "part": r["Del"].strip(),
                "direction": "lower_is_better" if r["Omvand_skala"].strip() == "1" else "higher_is_better",
                "log": r["Log"].strip() == "1",
                "sort": int(r["Sortering"]),
                "added": (r.get("Tillagd_datum") or "")[:10] or None,
                "source": {"kind": "kolada", "kpi": r["Indikator_ID"].strip()},
                "aggregation": {"rule": "not_aggregable"},
            }
            for r in indicators
        ],
    }
    kommuner = _rows(src / "start_kommun_kodnyckel_tbl.csv")
    regions = _rows(src / "start_region_kodnyckel_tbl.csv")
    riket = _rows(src / "start_riket_kodnyckel_tbl.csv")
    codekey = {
        "format": "reglab.brp_plus.codekey/1",
        "riket": {"code": riket[0]["Lan_kod_S"], "name": riket[0]["Lan_Namn"]},
        "lan": {r["Lan_kod_S"]: r["Lan_Namn"] for r in regions},
        "lan_kolada_names": {r["Lan_kod_S"]: r["Kolada_lan_namn"] for r in regions},
        "kommuner": {r["Kommun_kod_S"]: r["Kommun_namn"] for r in kommuner},
    }
    return config, codekey


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path, help="folder with start_*_tbl.csv")
    parser.add_argument("--stampelar", type=int, required=True)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    config, codekey = convert(args.source, args.stampelar)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in ((f"config_{args.stampelar}.json", config), ("codekey.json", codekey)):
        (args.out / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
