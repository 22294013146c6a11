from __future__ import annotations

import csv

import pytest

from reglab.statistics.catalogue import CatalogueError, KoladaEntry, ScbEntry, catalogue_load


def test_packaged_catalogue_has_every_brp_plus_kpi(shared_data):
    catalogue = catalogue_load()
    path = shared_data / "brp-plus-2025" / "start_BRP_plus_indikatorer_tbl.csv"
    with path.open(encoding="utf-8") as fh:
        configured = {row["Indikator_ID"] for row in csv.DictReader(fh, delimiter=";")}
    brp = {e.kpi for e in catalogue.kolada if e.group.startswith("brp-plus")}
    assert brp == configured and len(brp) == 84
    assert all(e.years == tuple(range(2010, 2026)) for e in catalogue.kolada)


def test_packaged_catalogue_has_matching_tables_and_population():
    catalogue = catalogue_load()
    by_id = {e.id: e for e in catalogue.scb}
    assert by_id["RegionInd19M2N1"].v1_path == "AM/AM9906/AM9906A/RegionInd19M2N1"
    assert by_id["RegionInd19R2"].table == "TAB5457"
    assert sum(e.group == "matchning" for e in catalogue.scb) == 13
    assert by_id["BE0101N1"].selection["Kon"] == ["1", "2"]


def test_entries_filter_and_ids_outside_catalogue():
    catalogue = catalogue_load()
    assert {e.source for e in catalogue.entries(source="kolada")} == {"kolada"}
    [entry] = catalogue.entries(ids=["tab5457"])
    assert isinstance(entry, ScbEntry) and entry.id == "RegionInd19R2"
    [extra] = catalogue.entries(source="scb", ids=["TAB9999"])
    assert extra.table == "TAB9999"
    [kpi] = catalogue.entries(source="kolada", ids=["N99999"])
    assert isinstance(kpi, KoladaEntry) and kpi.years
    with pytest.raises(CatalogueError, match="finns inte i katalogen"):
        catalogue.entries(ids=["TAB9999"])


def test_bad_catalogues(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[[scb]]\nid = "X"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="behöver `table`"):
        catalogue_load(path)
    path.write_text('[[kolada]]\nkpi = "N1"\n[[kolada]]\nkpi = "N1"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="Dubbla id"):
        catalogue_load(path)
    path.write_text("[[kolada]\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="TOML"):
        catalogue_load(path)


def test_catalogue_entries_are_on_v2_and_table_ids_select_them_unless_the_source_is_named():
    catalogue = catalogue_load()
    by_id = {e.id: e for e in catalogue.scb}
    assert by_id["RegionInd19M2N1"].table == "TAB6366"
    assert by_id["RegionInd19U1bN1"].table == "TAB6368" and by_id["RegionInd19U1b"].table == "TAB5433"
    assert by_id["RegionInd19U2N1"].table == "TAB6369"
    assert by_id["RegionInd19E3N2"].replaced_by == "RegionInd19E3CKMNy"
    assert [p.table for p in by_id["BE0101N1"].parts] == ["TAB638", "TAB5557"]
    # Every entry with a v2 id reads it; the v1 path is the fallback of those that have one.
    with_v2 = [e for e in catalogue.scb if e.tables()]
    assert len(with_v2) == 7 and all(t.startswith("TAB") for e in with_v2 for t in e.tables())
    [m2] = catalogue.entries(ids=["tab6366"])
    assert m2.id == "RegionInd19M2N1"
    [whole] = catalogue.entries(source="scb", ids=["TAB6366"])
    assert whole.id == "TAB6366" and whole.table == "TAB6366" and not whole.selection
    [population] = catalogue.entries(ids=["TAB5557"])
    assert population.id == "BE0101N1"
