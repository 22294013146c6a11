"""CSV and XLSX exports of Statistikdatabasen (SCB) and Kolada, to the same long form.

Both sites export either long tables (one value column: Kolada's `kpi, municipality_id, year,
gender, value`) or wide ones (SCB puts the last heading variable, often the years or the table
contents, in columns). Dimension columns are recognised by name (region/år/kön/…) or by holding
text; the remaining numeric columns are values and are melted into one extra dimension, which
is the time dimension when the headers are periods. Separators `;`, `,` and tab, decimal comma,
UTF-8 or windows-1252, and missing markers (`NA`, `..`, `-`) are handled.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reglab.readers.errors import EmptyFileError, EncodingError, FormatError, ReaderError, TooLargeError
from reglab.readers.px import DOT_CODES
from reglab.readers.table import StatTable, guess_role, period_type
from reglab.reference.region_codes import kolada_to_scb, pad

__all__ = ["read_csv", "read_tabular", "read_xlsx", "table_from_columns", "table_from_frame"]

MAX_BYTES = 256 * 1024 * 1024
MISSING = {"", "na", "nan", "null", "none"}
_LEADING_CODE = re.compile(r"^(\d{2}|\d{4}|FA\d{2})\s+\S")
_KOLADA_ID_COLUMNS = {"municipality_id", "kommun-id", "kommunid", "kolada_id", "område-id"}
_VALUE_COLUMNS = {"value", "värde", "varde", "varde_stand"}
_STATUS_COLUMNS = {"status"}
_LABEL_COLUMNS = {"municipality", "kommun", "municipality_name", "lan_namn", "område"}


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() in MISSING or text in DOT_CODES:
        return None
    return float(text.replace(",", "."))


def _is_numeric(series: Iterable[object]) -> bool:
    seen = False
    for text in series:
        text = str(text).strip()
        if text.lower() in MISSING or text in DOT_CODES:
            continue
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            return False  # a code with a leading zero, not a number
        try:
            _number(text)
        except ValueError:
            return False
        seen = True
    return seen


def table_from_frame(frame: pd.DataFrame, *, table_id: str, title: str = "", source: str = "") -> StatTable:
    """A frame of strings (one header row) to a `StatTable`."""
    headers = list(frame.columns)
    columns = [frame.iloc[:, i].astype(str).tolist() for i in range(len(headers))]
    return table_from_columns(headers, columns, table_id=table_id, title=title, source=source)


def table_from_columns(
    headers: list[Any], columns: list[list[str]], *, table_id: str, title: str = "", source: str = ""
) -> StatTable:
    """Columns of strings under one header row to a `StatTable`.

    Plain lists rather than a DataFrame: a wide export (10^6 value columns) costs one list per
    column here, where pandas spent a Series and a lookup per cell.
    """
    kept = [i for i, c in enumerate(headers) if str(c).strip() not in {"", "Unnamed: 0"}]
    names = [headers[i] for i in kept]
    data = {k: columns[i] for k, i in enumerate(kept)}
    rows = len(columns[kept[0]]) if kept else 0
    if not kept or rows == 0 or len(kept) < 2:
        raise FormatError("The table needs at least one dimension column and one value column.")
    cols = list(range(len(kept)))
    lower = {k: str(names[k]).strip().lower() for k in cols}
    value_cols = [k for k in cols if lower[k] in _VALUE_COLUMNS]
    status_cols = [k for k in cols if lower[k] in _STATUS_COLUMNS]
    label_cols = [k for k in cols if lower[k] in _LABEL_COLUMNS]
    has_kolada = any(lower[k] in _KOLADA_ID_COLUMNS for k in cols)
    dim_cols: list[int] = []
    for k in cols:
        if k in value_cols or k in status_cols:
            continue
        if k in label_cols and has_kolada:
            continue  # the name beside a Kolada id
        if guess_role(str(names[k])) != "other" or lower[k] in _KOLADA_ID_COLUMNS or not _is_numeric(data[k]):
            dim_cols.append(k)
    if not value_cols:
        value_cols = [k for k in cols if k not in dim_cols and k not in status_cols and k not in label_cols]
    if not value_cols:
        raise FormatError("No numeric value column found.")
    if not dim_cols:
        raise FormatError("No dimension column (region, period, …) found.")
    for k in value_cols:
        if not _is_numeric(data[k]) and not all(str(s).strip().lower() in MISSING for s in data[k]):
            raise FormatError(f"Column {names[k]!r} is neither a dimension nor numeric.")

    specs = []
    for k in dim_cols:
        name = str(names[k]).strip()
        role = "region" if lower[k] in _KOLADA_ID_COLUMNS else guess_role(name)
        specs.append((name, name, role))
    melted_name = None
    if len(value_cols) > 1 or lower[value_cols[0]] not in _VALUE_COLUMNS:
        value_headers = [str(names[k]).strip() for k in value_cols]
        is_time = all(period_type(h) != "other" for h in value_headers) and not any(
            r == "time" for *_, r in specs
        )
        has_measure = any(r == "measure" for *_, r in specs)
        melted_name = "Tid" if is_time else ("kolumn" if has_measure else "ContentsCode")
        specs.append(
            (melted_name, melted_name, "time" if is_time else ("other" if has_measure else "measure"))
        )

    kolada_cols = {j for j, k in enumerate(dim_cols) if lower[k] in _KOLADA_ID_COLUMNS}
    labels: dict[str, dict[str, str]] = {}

    def code_of(j: int, text: str) -> str:
        text = text.strip()
        if j in kolada_cols:
            try:
                return kolada_to_scb(text)
            except ValueError:
                return text
        if specs[j][2] == "region":
            if text.isdigit() and len(text) <= 4:
                return pad(text)  # 114 -> 0114, 1 -> 01 (files that dropped leading zeros)
            match = _LEADING_CODE.match(text)
            if match:
                labels.setdefault(specs[j][0], {})[match.group(1)] = text[len(match.group(1)) :].strip()
                return match.group(1)
        return text

    dims = [data[k] for k in dim_cols]
    status_col = data[status_cols[0]] if status_cols else None
    values = [(data[k], str(names[k]).strip()) for k in value_cols]

    def records() -> Iterator[tuple[list[str], float | None, str | None]]:
        for r in range(rows):
            codes = [code_of(j, column[r]) for j, column in enumerate(dims)]
            for column, header in values:
                text = str(column[r]).strip()
                mark = text if text in DOT_CODES else None
                if status_col and status_col[r].strip().lower() not in MISSING:
                    mark = status_col[r].strip()
                try:
                    value = _number(text)
                except ValueError:
                    raise FormatError(
                        f"Row {r + 2}: {text[:20]!r} in column {header!r} is not a number."
                    ) from None
                yield ([*codes, header] if melted_name else codes), value, mark

    table = StatTable.from_records(
        table_id=table_id,
        title=title or table_id,
        dimension_specs=specs,
        rows=records(),
        labels=labels,
        source=source,
    )
    if len(table) == 0:
        raise EmptyFileError("The table has no rows.")
    table, _dropped = table.without_exact_duplicates()
    return table


def _csv_columns(text: str, sep: str) -> tuple[list[str], list[list[str]]]:
    """Header and columns of a CSV, as pandas.read_csv(dtype=str, keep_default_na=False) gives
    them (blank lines skipped, short rows padded, repeated names numbered), without a frame."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    columns: list[list[str]] = []
    try:
        for line_number, row in enumerate(reader, start=1):
            if not row or (all(not cell.strip() for cell in row) and len(row) <= 1):
                continue
            if header is None:
                header = row
                columns = [[] for _ in header]
                continue
            if len(row) > len(header):
                if any(cell.strip() for cell in row[len(header) :]):
                    raise FormatError(
                        f"Not a well-formed CSV: line {line_number} has {len(row)} fields; "
                        f"the header has {len(header)}."
                    )
                row = row[: len(header)]
            for k, column in enumerate(columns):
                column.append(row[k] if k < len(row) else "")
    except csv.Error as exc:
        raise FormatError(f"Not a well-formed CSV: {exc}") from exc
    if header is None:
        raise EmptyFileError("The file is empty.")
    seen: dict[str, int] = {}
    names = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name}.{count}")
    return names, columns


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise EncodingError("The CSV is neither UTF-8 nor windows-1252 text.") from exc


def read_csv(path: str | Path) -> StatTable:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLargeError(f"The file is {size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"Cannot read the file: {exc.strerror}.", path=str(path)) from exc
    try:
        if not raw.strip():
            raise EmptyFileError("The file is empty.")
        head = raw[:65536]
        if b"\x00" in head:
            raise FormatError("Not a CSV file: it contains binary data.")
        text = _decode(raw)
        try:
            dialect = csv.Sniffer().sniff(text[:65536].split("\n", 50)[0] + "\n", delimiters=";,\t")
            sep = dialect.delimiter
        except csv.Error:
            raise FormatError("Not a CSV file: no ';', ',' or tab separator in the first line.") from None
        headers, columns = _csv_columns(text, sep)
        del text, raw
        return table_from_columns(headers, columns, table_id=path.stem, title=path.stem)
    except ReaderError as exc:
        raise type(exc)(str(exc), path=path.name) from None


def read_xlsx(path: str | Path) -> StatTable:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
        if not head:
            raise EmptyFileError("The file is empty.", path=path.name)
        if head != b"PK\x03\x04":
            raise FormatError("Not an XLSX file (no zip signature).", path=path.name)
        try:
            sheet = pd.read_excel(path, dtype=str, header=None, keep_default_na=False)
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise FormatError(f"Cannot open the workbook: {exc.__class__.__name__}.", path=path.name) from exc
    except OSError as exc:
        raise ReaderError(f"Cannot read the file: {exc.strerror}.", path=str(path)) from exc
    # Statistikdatabasen puts a title (and blank rows) above the header: the header is the first
    # row with at least two non-empty cells followed by data.
    filled = (sheet.map(lambda s: str(s).strip() != "")).sum(axis=1)
    start = next((i for i, n in enumerate(filled) if n >= 2), None)
    if start is None:
        raise EmptyFileError("The workbook has no table.", path=path.name)
    title = " ".join(str(s) for s in sheet.iloc[:start, 0] if str(s).strip())
    frame = sheet.iloc[start + 1 :].copy()
    frame.columns = [str(c).strip() for c in sheet.iloc[start]]
    frame = frame[frame.map(lambda s: str(s).strip() != "").sum(axis=1) > 1]
    # SCB fills a stub cell only where it changes: carry it down.
    frame = frame.replace("", np.nan)
    dim_like = [c for c in frame.columns if not _is_numeric(frame[c].fillna(""))]
    frame[dim_like] = frame[dim_like].ffill()
    frame = frame.fillna("")
    try:
        return table_from_frame(frame, table_id=path.stem, title=title or path.stem)
    except ReaderError as exc:
        raise type(exc)(str(exc), path=path.name) from None


def read_tabular(path: str | Path) -> StatTable:
    suffix = Path(path).suffix.lower()
    return read_xlsx(path) if suffix in {".xlsx", ".xlsm"} else read_csv(path)
