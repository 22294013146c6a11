"""Region codes a real table carries: unknown codes are kept (outside the geography), FA00 is mapped
only when its own label names Riket, and the report reaches `data status` and the dataset page."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import call_command

from reglab.readers.table import Dimension, StatTable
from reglab.reference.region_codes import alias_for
from reglab.statistics.models import Observation
from reglab.statistics.services import dataset_ingest

pytestmark = pytest.mark.django_db


def _table(codes: list[str], labels: list[str], table_id: str = "OUT01") -> StatTable:
    dims = [
        Dimension("Region", "region", tuple(codes), tuple(labels), "region"),
        Dimension("Tid", "år", ("2020", "2021"), ("2020", "2021"), "time"),
    ]
    values = np.arange(len(codes) * 2, dtype=float) + 1.5
    return StatTable.from_cube(table_id=table_id, title="Test", dimensions=dims, values=values)


def test_alias_needs_the_label_to_name_the_region():
    assert alias_for("FA00", "Riket") == "00"
    assert alias_for("FA00", "FA00 Riket") == "00"
    assert alias_for("FA00", "FA00") is None
    assert alias_for("FA00", "Övriga") is None
    assert alias_for("FA99", "Riket") is None  # no evidence for FA99 at all


def test_fa00_labelled_riket_maps_to_riket_when_the_table_lacks_00(geography):
    result = dataset_ingest(
        source_kind="file", table=_table(["FA00", "FA01", "20"], ["Riket", "Stockholm", "Dalarnas län"])
    )
    assert result.version.outside_regions == {}
    riket = Observation.objects.filter(version=result.version, region__code="00")
    assert sorted(riket.values_list("region_code", "period", "value")) == [
        ("00", "2020", 1.5),
        ("00", "2021", 2.5),
    ]


def test_fa00_beside_00_and_unlabelled_codes_stay_outside(geography):
    table = _table(["00", "FA00", "FA99", "999", "FA01"], ["Riket", "Riket", "Okänd FA", "999", "Stockholm"])
    result = dataset_ingest(source_kind="file", table=table)
    assert result.version.outside_regions == {"FA00": "Riket", "FA99": "Okänd FA", "999": "999"}
    rows = Observation.objects.filter(version=result.version)
    assert rows.count() == 10
    kept = dict(rows.filter(region__isnull=True).values_list("region_code", "value").order_by("value"))
    assert set(kept) == {"FA00", "FA99", "999"}
    # Queries on known regions see exactly their own cells.
    assert list(rows.filter(region__code="00").values_list("region_code", flat=True)) == ["00", "00"]

    report = io.StringIO()
    call_command("data_status", stdout=report)
    assert "3 regionkoder utanför geografin: 999, FA00 (Riket), FA99 (Okänd FA)" in report.getvalue()


def test_dataset_page_shows_outside_the_geography(geography, client):
    table = _table(["FA99", "20"], ["Okänd FA", "Dalarnas län"])
    result = dataset_ingest(source_kind="file", table=table)
    page = client.get(result.dataset.get_absolute_url()).content.decode()
    assert "Utanför geografin" in page
    assert "<code>FA99</code> Okänd FA" in page
    assert "Okänd FA <em>(utanför geografin)</em>" in page
