"""Fixtures for the analysis tests: real geography (no geometries), the official BRP+ files, and a small
statistics dataset created through the statistics service."""

from __future__ import annotations

import pytest


@pytest.fixture
def brp_official(db, geography, shared_data):
    from reglab.indicators.services import brp_official_import

    return brp_official_import(directory=shared_data / "brp-plus-2025")


@pytest.fixture
def group(db, geography):
    """A region-formation scenario made of three kommuner in Uppsala län."""
    from reglab.geography.services import region_group_create

    return region_group_create(name="Testgrupp Uppland", member_codes=["0305", "0319", "0330"])


def ingest(
    external_id: str, rows: list[tuple[str, str, float | None]], *, unit: str = "antal", title: str = ""
):
    """A dataset version with rows (region, year, value) through the statistics service."""
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    table = StatTable.from_records(
        table_id=external_id,
        title=title or f"Testtabell {external_id}",
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time")],
        rows=[((r, y), v, None) for r, y, v in rows],
        unit=unit,
    )
    return dataset_ingest(source_kind="file", table=table, origin="test").version


@pytest.fixture
def counts(db, geography):
    """An additive count ('antal') for four kommuner and Uppsala län over three years."""
    rows = []
    for i, code in enumerate(["0305", "0319", "0330", "0380"]):
        for year in ("2021", "2022", "2023"):
            rows.append((code, year, 100.0 * (i + 1) + int(year) - 2021))
    rows += [("03", "2023", 5000.0)]
    return ingest("TESTANTAL", rows, unit="antal", title="Antal testpersoner")


@pytest.fixture
def rates(db, geography):
    """A rate ('procent') without base counts: not aggregable."""
    rows = [(code, "2023", 10.0 + i) for i, code in enumerate(["0305", "0319", "0330"])]
    return ingest("TESTANDEL", rows, unit="procent", title="Andel test")


def ingest_with_age(external_id: str, unit: str):
    """Three kommuner of Uppsala län by two age bands, no total code (2023)."""
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    rows = [
        ((c, "2023", age), v, None)
        for c, base in (("0305", 1.0), ("0319", 2.0), ("0330", 4.0))
        for age, v in (("0-19", base), ("20-64", 10 * base))
    ]
    table = StatTable.from_records(
        table_id=external_id,
        title=external_id,
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time"), ("alder", "ålder", "other")],
        rows=rows,
        unit=unit,
    )
    return dataset_ingest(source_kind="file", table=table, origin="test").version
