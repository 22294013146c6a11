"""Issue 9: a region group named like a formula appears as text in every export of compare and profile."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://x")'


@pytest.fixture
def hostile_group(geography):
    from reglab.geography.services import region_group_create

    return region_group_create(name=NAME, member_codes=["0305", "0319", "0330"])


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_cells(content: bytes, sheet: str, column: str) -> list:
    ws = load_workbook(io.BytesIO(content))[sheet]
    index = [c.value for c in ws[1]].index(column)
    return [row[index] for row in ws.iter_rows(min_row=2)]


def test_compare_exports_write_the_group_name_as_text(client, counts, hostile_group):
    params = {"m": f"stat:{counts.dataset_id}:TESTANTAL", "r": [hostile_group.code, "0380"]}
    url = reverse("analysis:compare-export", args=["csv"])
    rows = _csv_rows(client.get(url, params).content)
    names = {r["region"] for r in rows if r["region_kod"] == hostile_group.code}
    assert names == {"'" + NAME}
    # Negative or not, numbers stay numbers (no apostrophe).
    assert all(not r["varde"].startswith("'") and float(r["varde"]) > 0 for r in rows)
    xlsx = client.get(reverse("analysis:compare-export", args=["xlsx"]), params)
    assert xlsx.status_code == 200
    cells = [c for c in _xlsx_cells(xlsx.content, "Jämförelse", "region") if c.value == NAME]
    assert len(cells) == 3 and {c.data_type for c in cells} == {"s"}


def test_profile_exports_write_the_group_name_as_text(client, brp_official, hostile_group):
    url = reverse("analysis:region-export", args=[hostile_group.code, "csv"])
    response = client.get(url)
    assert response.status_code == 200
    rows = _csv_rows(response.content)
    assert rows and {r["region"] for r in rows} == {"'" + NAME}
    assert all(r["totalt"] == "" or not r["totalt"].startswith("'") for r in rows)
    xlsx = client.get(reverse("analysis:region-export", args=[hostile_group.code, "xlsx"]))
    assert xlsx.status_code == 200
    cells = _xlsx_cells(xlsx.content, "BRP+", "region")
    assert cells and {(c.value, c.data_type) for c in cells} == {(NAME, "s")}


def test_map_exports_write_a_formula_like_measure_title_as_text(client, geography):
    from tests.analysis.conftest import ingest

    version = ingest("HOSTILE", [("03", "2023", -5.0)], title=NAME)
    params = {"m": f"stat:{version.dataset_id}:HOSTILE", "niva": "lan"}
    rows = _csv_rows(client.get(reverse("analysis:map-export", args=["csv"]), params).content)
    assert {r["matt"] for r in rows} == {"'" + NAME}  # the label is the title (measure = table id)
    assert next(r for r in rows if r["region_kod"] == "03")["varde"] == "-5.0"  # a number, not text
    xlsx = client.get(reverse("analysis:map-export", args=["xlsx"]), params)
    cells = _xlsx_cells(xlsx.content, "Karta", "matt")
    assert {(c.value, c.data_type) for c in cells} == {(NAME, "s")}
    values = [c for c in _xlsx_cells(xlsx.content, "Karta", "varde") if c.value is not None]
    assert [(c.value, c.data_type) for c in values] == [(-5, "n")]
