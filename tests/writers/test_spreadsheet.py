"""Spreadsheet output never becomes a formula: CSV text gets an apostrophe, XLSX text is a string cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from reglab.writers.spreadsheet import append_row, csv_bytes, frame_to_csv, frame_to_xlsx, neutralise

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Stockholm", "", "a=b", "2023", "-", "+", -3.5, -2, None, Decimal("-1.5")])
def test_everything_else_is_unchanged(value):
    assert neutralise(value) == value


def test_csv_writes_hostile_text_as_text_and_negative_numbers_as_numbers():
    content = csv_bytes([["name", "value"], *[[t, -3.5] for t in HOSTILE], [None, float("nan")]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["name", "value"]
    assert [r[0] for r in rows[1:-1]] == ["'" + t for t in HOSTILE]
    assert {r[1] for r in rows[1:-1]} == {"-3.5"} and rows[-1] == ["", ""]


def test_frame_to_csv_neutralises_text_columns_and_headers_only():
    frame = pd.DataFrame({"region": ["=1+1", "0114"], "=age": ["-14", "tot"], "value": [-1.5, 2.0]})
    text = frame_to_csv(frame, sep=";")
    assert text.split("\r\n") == ["region;'=age;value", "'=1+1;'-14;-1.5", "0114;tot;2.0", ""]


def _xlsx_cells(content: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows()]


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_text_is_a_string_cell_never_a_formula(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("t") if write_only else wb.active
    lazy = type("Lazy", (), {"__str__": lambda self: "regionindex"})()  # like a lazy translation
    append_row(
        ws, [*HOSTILE, -3.5, np.float64(2.5), np.int64(-4), None, float("nan"), dt.date(2025, 1, 2), lazy]
    )
    out = io.BytesIO()
    wb.save(out)
    (row,) = _xlsx_cells(out.getvalue())
    assert [(c.value, c.data_type) for c in row[: len(HOSTILE)]] == [(t, "s") for t in HOSTILE]
    rest = [c.value for c in row[len(HOSTILE) :]]
    assert rest[:5] == [-3.5, 2.5, -4, None, None]
    assert rest[5].date() == dt.date(2025, 1, 2) and rest[6] == "regionindex"
    assert all(c.data_type == "n" for c in row[len(HOSTILE) : len(HOSTILE) + 3])


def test_frame_to_xlsx_writes_header_and_rows(tmp_path):
    path = tmp_path / "x.xlsx"
    frame_to_xlsx(
        pd.DataFrame({"name": ["=A1", "ok"], "value": [-1.0, None]}), path, sheet_name="BE0101" * 10
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["BE0101" * 5 + "B"]
    rows = [[(c.value, c.data_type) for c in r] for r in wb.active.iter_rows()]
    assert rows == [[("name", "s"), ("value", "s")], [("=A1", "s"), (-1, "n")], [("ok", "s"), (None, "n")]]
