"""Fixtures shared by several test folders (registered in tests/conftest.py through pytest_plugins)."""

from __future__ import annotations

import pytest


@pytest.fixture
def fake_server(shared_data):
    """The local PxWeb/Kolada server (a real HTTP server on 127.0.0.1) with BE0101D1 (split into 5
    calls) and two Kolada KPIs."""
    from tests.support.fakeserver import (
        FakeStatServer,
        births_table,
        kolada_rows_brp_index,
        kolada_rows_utsatthet,
    )

    server = FakeStatServer(max_cells=10_000, kolada_max_per_page=200)
    server.add_table("BE0101D1", births_table(shared_data), v1_path="BE/BE0101/BE0101D/BE0101D1")
    kpi, title, rows = kolada_rows_utsatthet(shared_data)
    server.add_kolada(kpi, title, rows)
    server.add_kolada(
        "XBRP01", "BRP+ delindex Livskvalitet (test)", kolada_rows_brp_index(shared_data, "Livskvalitet")
    )
    with server:
        yield server


@pytest.fixture
def scb_server(shared_data):
    """A local server that answers like SCB's v2 (recorded /config, 400 above maxDataCells) with a
    table shaped like the AM9906 matching indicators (TAB6366) and a small limit of 400 cells."""
    from tests.support.fakeserver import FakeStatServer, matching_table

    server = FakeStatServer(max_cells=400, recorded=shared_data / "scb-pxweb-v2-recorded")
    server.add_table("TAB6366", matching_table(shared_data), updated="2025-03-20T07:00:00Z")
    with server:
        yield server
