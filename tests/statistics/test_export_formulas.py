"""Issue 9: text from an imported table that a spreadsheet would run as a formula is exported as text
(CSV: a leading apostrophe; XLSX: a string cell), and numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def formulas(geography):
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    table = StatTable.from_records(
        table_id="FORMULA",
        title="Formler",
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time"), ("typ", "typ", "other")],
        rows=[(("0114", "2023", "=1+1"), -3.5, None), (("0114", "2023", "@SUM(A1)"), 2.0, None)],
        unit="antal",
    )
    return dataset_ingest(source_kind="file", table=table, origin="test").version


def test_dataset_csv_download(client, formulas):
    response = client.get(reverse("statistics:dataset-export", args=[formulas.dataset_id]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["typ"] for r in rows) == ["'=1+1", "'@SUM(A1)"]
    assert sorted(float(r["value"]) for r in rows) == [-3.5, 2.0]


def test_data_export_csv_and_xlsx(formulas, tmp_path):
    out = io.StringIO()
    call_command("data_export", "FORMULA", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted(r["typ"] for r in rows) == ["'=1+1", "'@SUM(A1)"]
    path = tmp_path / "f.xlsx"
    call_command("data_export", "FORMULA", "--output", str(path), stderr=io.StringIO())
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    typ = sorted((row[header.index("typ")] for row in ws.iter_rows(min_row=2)), key=lambda c: c.value)
    assert [(c.value, c.data_type) for c in typ] == [("=1+1", "s"), ("@SUM(A1)", "s")]
    values = sorted(row[header.index("value")].value for row in ws.iter_rows(min_row=2))
    assert values == [-3.5, 2.0]
