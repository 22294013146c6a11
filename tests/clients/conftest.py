from __future__ import annotations

import pytest

from tests.statistics.fakeserver import (
    FakeStatServer,
    births_table,
    kolada_rows_brp_index,
    kolada_rows_utsatthet,
)


@pytest.fixture
def server(shared_data):
    fake = FakeStatServer(max_cells=10_000, kolada_max_per_page=200)
    fake.add_table("BE0101D1", births_table(shared_data), v1_path="BE/BE0101/BE0101D/BE0101D1")
    kpi, title, rows = kolada_rows_utsatthet(shared_data)
    fake.add_kolada(kpi, title, rows)
    fake.add_kolada(
        "XBRP01", "BRP+ delindex Livskvalitet (test)", kolada_rows_brp_index(shared_data, "Livskvalitet")
    )
    with fake:
        yield fake
