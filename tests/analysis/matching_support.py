"""Helpers for the "Matcha rätt" tests: the CSV read on its own, page tables parsed, an M2 table for the
local SCB-shaped server."""

from __future__ import annotations

import csv
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

CSV_SEX = {"män": "Män", "kvinnor": "Kvinnor", "samtliga anställda": "Samtliga"}
KON_CODES = {"män": "1", "kvinnor": "2", "samtliga anställda": "SAMANST"}
CSV_FIXED = ("region", "kön", "år")


def matchning_csv(shared_data: Path) -> Path:
    return shared_data / "dalastrategin-lan" / "matchning.csv"


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The file read with the standard library only (independent of the platform's readers)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_value(text: str) -> float | None:
    return None if text.strip() in {"", "NA"} else float(text)


def page_number(text: str) -> float | None:
    """A number as the page shows it (decimal comma, thin spaces, "–" for missing)."""
    text = unescape(text).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    return None if text in {"", "–", "-"} else float(text.replace(",", "."))


class _Tables(HTMLParser):
    """Every <table id=…> as a list of rows of cell texts (th and td alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def chart_values(tables: dict[str, list[list[str]]], ident: str) -> list[float]:
    """The numbers in a chart's accessible table, sorted (missing cells left out)."""
    rows = tables[f"{ident}-table"][1:]
    found = [page_number(cell) for row in rows for cell in row[1:]]
    return sorted(round(v, 4) for v in found if v is not None)


def m2_server_table(shared_data: Path, lan_codes: dict[str, str]):
    """TAB6366 as SCB's v2 serves it (Region incl. Riket, Kon 1/2/SAMANST, AlderFodelselandgr,
    ContentsCode 000007I3, Tid), filled with the values of matchning.csv. Riket has no values in the
    file, so its cells are missing. The AlderFodelselandgr codes are Reglab's (SCB's are unknown)."""
    from reglab.indicators.matching_data import matching_indicator
    from reglab.readers.table import StatTable

    m2 = matching_indicator("M2")
    rows = csv_rows(matchning_csv(shared_data))
    groups = [c for c in rows[0] if c not in CSV_FIXED]
    years = sorted({r["år"] for r in rows})
    by_key = {(r["region"], r["kön"], r["år"]): r for r in rows}
    names = {code: name for name, code in lan_codes.items()}
    regions = ["00", *sorted(names)]
    records = []
    for region in regions:
        for sex, kon in KON_CODES.items():
            for group in groups:
                for year in years:
                    row = by_key.get((names.get(region, ""), sex, year))
                    value = csv_value(row[group]) if row else None
                    records.append(((region, kon, m2.group_code(group), "000007I3", year), value, None))
    labels = {
        "Region": {"00": "Riket", **names},
        "Kon": {v: k for k, v in KON_CODES.items()},
        "AlderFodelselandgr": {m2.group_code(g): g for g in groups},
        "ContentsCode": {"000007I3": "Matchningsgrad, procent"},
    }
    return StatTable.from_records(
        table_id="TAB6366",
        title="Matchningsgrad efter region, kön, ålder/födelselandgrupp och år",
        dimension_specs=[
            ("Region", "region", "region"),
            ("Kon", "kön", "sex"),
            ("AlderFodelselandgr", "ålder/födelselandgrupp", "other"),
            ("ContentsCode", "tabellinnehåll", "measure"),
            ("Tid", "år", "time"),
        ],
        rows=records,
        labels=labels,
        source="SCB",
    )
