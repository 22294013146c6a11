"""CSV and XLSX output that a spreadsheet program never runs as a formula (CSV/formula injection).

Excel, LibreOffice and Google Sheets read a text cell that begins with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula, so a region group named ``=HYPERLINK("http://x")`` would become a live
link in every export that shows its name. Following OWASP's advice, such text is written in CSV with a
leading apostrophe (``'=HYPERLINK(...)``, shown as text); numbers are written as numbers, so a negative
value stays ``-3.5``. In XLSX every text is a string cell (type ``s``, never a formula), unchanged.

Every export goes through this module: ``write_csv``/``csv_bytes``/``frame_to_csv`` for CSV,
``append_row`` (any openpyxl sheet, write-only included) and ``frame_to_xlsx`` for XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "append_row",
    "csv_bytes",
    "frame_to_csv",
    "frame_to_xlsx",
    "neutralise",
    "write_csv",
    "xlsx_value",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = (numbers.Number, dt.date, dt.time, dt.timedelta)  # written as they are (bool is a Number)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged.

    A lone ``-`` or ``+`` has no operand, so it cannot be a formula: it stays as it is (PX files and SCB
    use ``-`` as a status code for "nothing", which an export must reproduce).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value not in {"-", "+"}:
        return "'" + value
    return value


def _csv_cell(value: object) -> object:
    if _missing(value):
        return ""
    if isinstance(value, _PLAIN):
        return value
    return neutralise(str(value))  # lazy translations and other objects are written as their text


# RFC 4180 line ends: Python's csv module quotes a field only for the characters of its line terminator,
# so with "\n" alone a text holding a carriage return would be written unquoted and break the row.
LINE_END = "\r\n"


def write_csv(stream: IO[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> None:
    """Rows (the header included) to a text stream; missing values are empty cells."""
    writer = csv.writer(stream, delimiter=delimiter, lineterminator=LINE_END)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def csv_bytes(rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """UTF-8 CSV; with a BOM by default so that Excel opens å, ä and ö correctly."""
    buf = io.StringIO()
    write_csv(buf, rows, delimiter=delimiter)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names are neutralised (numeric columns untouched)."""
    out = frame.copy()
    types = pd.api.types
    for column in out.columns:
        if not (types.is_numeric_dtype(out[column]) or types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame, path: str | Path | IO[str] | None = None, **options: Any) -> str | None:
    """``DataFrame.to_csv`` (without the index) with text cells neutralised; ``options`` as for pandas."""
    options.setdefault("index", False)
    options.setdefault("lineterminator", LINE_END)
    return _neutral_frame(frame).to_csv(path, **options)


def xlsx_value(value: object) -> object:
    """A value openpyxl writes as it is: numbers, dates and None; anything else becomes its text."""
    if _missing(value):
        return None
    if isinstance(value, _PLAIN):
        return value
    return str(value)


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Append one row to an openpyxl sheet; every text becomes a string cell (type ``s``), never a formula."""
    from openpyxl.cell import WriteOnlyCell

    row: list[object] = []
    for value in values:
        value = xlsx_value(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)  # a plain Cell bound to this sheet, any sheet mode
            cell.data_type = "s"  # openpyxl would otherwise store a text that starts with "=" as a formula
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)


def frame_to_xlsx(frame: pd.DataFrame, path: str | Path | IO[bytes], *, sheet_name: str = "data") -> None:
    """One sheet: the header and every row, text as string cells (write-only workbook: low memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(sheet_name[:31] or "data")
    append_row(sheet, [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        append_row(sheet, row)
    wb.save(path)
