"""Map values and the map page, called directly."""

from __future__ import annotations

import pytest

from reglab.analysis.maps import fa_membership, map_page, map_values
from reglab.analysis.measures import measure_resolve
from tests.analysis.conftest import ingest

pytestmark = pytest.mark.django_db


def test_statistics_values_per_lan_pick_the_latest_or_the_asked_period(counts):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    latest = map_values(measure, "kommun")
    assert latest.period == "2023" and latest.values["0380"] == 402.0 and latest.notes == []
    older = map_values(measure, "kommun", period="2021")
    assert older.period == "2021" and older.values["0380"] == 400.0


def test_fa_values_are_computed_from_kommuner_with_a_note(geography):
    groups = fa_membership()
    fa, members = next((g, m) for g, m in groups.items() if "0380" in m)
    version = ingest("FATEST", [(code, "2023", 2.0) for code in members])
    found = map_values(measure_resolve(f"stat:{version.dataset_id}:FATEST"), "fa")
    assert found.values[fa] == 2.0 * len(members)
    assert sum(v is None for v in found.values.values()) == len(groups) - 1  # gaps give no value
    assert any(note.startswith("Räknat från kommunerna") for note in found.notes)


def test_map_page_classes_and_table_without_geometries(geography):
    version = ingest("MAPTEST", [(c, "2023", float(i)) for i, c in enumerate(["01", "03", "04", "05", "06"])])
    page = map_page(measure_resolve(f"stat:{version.dataset_id}:MAPTEST"), "lan")
    rows = {r["region"].code: r for r in page.table}
    assert len(rows) == 21 and page.missing == 16
    assert rows["01"]["class"] == 1 and rows["06"]["class"] == len(page.legend)
    assert page.legend[0]["low"] == 0.0 and page.legend[-1]["high"] == 4.0
