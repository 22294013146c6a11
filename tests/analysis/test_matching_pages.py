""" "Matcha rätt" pages: M2 after importing Region Dalarna's matchning.csv, the E3 gap from counts,
the map, the overview, the analysis measure kind, Swedish and English, escaped output."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reglab.geography.models import Region
from tests.analysis.matching_support import (
    CSV_FIXED,
    CSV_SEX,
    csv_rows,
    csv_value,
    matchning_csv,
    page_number,
    page_tables,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matchning(geography, shared_data):
    """matchning.csv imported through the platform's own command, as a user would."""
    path = matchning_csv(shared_data)
    call_command("data_import", str(path), "--no-progress", stdout=io.StringIO())
    return path


def test_m2_page_for_dalarna_shows_every_value_of_the_file(client, matchning):
    """Must show: every year and group of matchning.csv for Dalarnas län, read from the file on its own."""
    expected = {}
    for row in csv_rows(matchning):
        if row["region"] != "Dalarnas län":
            continue
        for group, text in row.items():
            if group not in CSV_FIXED:
                expected[(CSV_SEX[row["kön"]], group, row["år"])] = csv_value(text)
    assert len(expected) == 3 * 8 * 6

    response = client.get(reverse("matching:region", args=["20"]))
    assert response.status_code == 200
    tables = page_tables(response.content.decode())
    header, *rows = tables["m2-all-table"]
    periods = header[2:]
    shown = {}
    for sex, group, *cells in rows:
        for period, cell in zip(periods, cells, strict=True):
            shown[(sex, group, period)] = page_number(cell)
    assert shown.keys() == expected.keys()
    for key, value in expected.items():
        assert shown[key] == pytest.approx(value), key

    # The charts' tables agree with the file too: by sex (all ages) and by group (both sexes).
    sex_header, *sex_rows = tables["m2-sex-table"]
    for period, *cells in sex_rows:
        for sex, cell in zip(sex_header[1:], cells, strict=True):
            assert page_number(cell) == pytest.approx(expected[(sex, "totalt", period)])
    group_header, *group_rows = tables["m2-groups-table"]
    assert "totalt" not in group_header and "födda i Afrika" in group_header
    for period, *cells in group_rows:
        for group, cell in zip(group_header[1:], cells, strict=True):
            assert page_number(cell) == pytest.approx(expected[("Samtliga", group, period)])


def test_gotland_missing_values_show_as_missing(client, matchning):
    rows = [r for r in csv_rows(matchning) if r["region"] == "Gotlands län" and r["kön"] == "kvinnor"]
    missing_years = {r["år"] for r in rows if r["födda i Afrika"] == "NA"}
    assert missing_years
    tables = page_tables(client.get(reverse("matching:region", args=["09"])).content.decode())
    header, *body = tables["m2-all-table"]
    row = next(r for r in body if r[0] == "Kvinnor" and r[1] == "födda i Afrika")
    for period, cell in zip(header[2:], row[2:], strict=True):
        assert (page_number(cell) is None) == (period in missing_years)


def test_riket_comparison_says_when_the_data_has_no_riket(client, matchning):
    html = client.get(reverse("matching:region", args=["20"])).content.decode()
    assert "Matchningsgrad, Dalarnas län och Riket" in html
    assert "Datasetet har inget värde för Riket" in html
    assert reverse("matching:teaching", args=["20"]) + "#m2-riket-q" in html


def test_riket_page_has_no_comparison_with_itself(client, matchning):
    html = client.get(reverse("matching:region", args=["00"])).content.decode()
    assert "m2-sex-h" in html and "m2-riket-h" not in html


def test_pages_without_data_explain_what_to_fetch(client, geography):
    html = client.get(reverse("matching:region", args=["20"])).content.decode()
    assert "Ingen M2-data är hämtad" in html
    assert client.get(reverse("matching:map")).status_code == 200
    assert client.get(reverse("matching:region", args=["0180"])).status_code == 404  # a kommun


def test_english_page(client, matchning):
    response = client.get(reverse("matching:region", args=["20"]) + "?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "m2-all-table" in html


def test_region_names_are_escaped(client, matchning):
    from reglab.geography.services import region_group_create

    group = region_group_create(name='<script>alert("x")</script> Dala', member_codes=["20", "21"])
    html = client.get(reverse("matching:region", args=[group.code])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    html = client.get(reverse("matching:teaching", args=[group.code])).content.decode()
    assert "<script>alert" not in html


def _ingest_e3(rows):
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    table = StatTable.from_records(
        table_id="RegionInd19E3N2",
        title="E3 (testtabell formad som AM9906)",
        dimension_specs=[
            ("Region", "region", "region"),
            ("Utbildning", "utbildning", "other"),
            ("ContentsCode", "tabellinnehåll", "measure"),
            ("Tid", "år", "time"),
        ],
        rows=[((r, e, s, "2022"), v, None) for (r, e, s), v in rows.items()],
        unit="antal",
    )
    return dataset_ingest(source_kind="scb", table=table, origin="test")


E3_COUNTS = {
    # region, education group: A, B, C, E
    ("20", "Vård"): (900.0, 50.0, 50.0, 1200.0),
    ("21", "Vård"): (100.0, 100.0, 100.0, 400.0),
    ("20", "Teknik"): (400.0, 300.0, 100.0, 1000.0),
    ("21", "Teknik"): (300.0, 50.0, 50.0, 500.0),
    ("20", "Ekonomi"): (500.0, 20.0, 10.0, 600.0),
    ("21", "Ekonomi"): (200.0, 10.0, 10.0, 250.0),
}


def test_education_groups_with_largest_gap_from_summed_counts(client, matchning):
    from reglab.geography.services import region_group_create

    _ingest_e3(
        {
            (region, edu, symbol): value
            for (region, edu), counts in E3_COUNTS.items()
            for symbol, value in zip("ABCE", counts, strict=True)
        }
    )
    group = region_group_create(name="Dalarna och Gävleborg", member_codes=["20", "21"])
    tables = page_tables(client.get(reverse("matching:region", args=[group.code])).content.decode())
    header, *rows = tables["e3-gap-table"]
    assert header[1:] == ["Förvärvsgrad", "Matchad förvärvsgrad", "Gap (procentenheter)"]

    def gap(edu):  # summed counts first: (B1 + B2 + C1 + C2) / (E1 + E2)
        a, b, c, e = (sum(E3_COUNTS[(r, edu)][k] for r in ("20", "21")) for k in range(4))
        return 100 * (a + b + c) / e, 100 * a / e, 100 * (b + c) / e

    expected = sorted(["Vård", "Teknik", "Ekonomi"], key=lambda edu: -gap(edu)[2])
    assert [r[0] for r in rows] == expected
    for edu, *cells in rows:
        for cell, value in zip(cells, gap(edu), strict=True):
            assert page_number(cell) == pytest.approx(value, abs=0.01)
    mean_of_rates = (100 * 100 / 1600 + 100 * 200 / 800) / 2  # what averaging Vård's rates would give
    assert page_number(next(r for r in rows if r[0] == "Vård")[3]) != pytest.approx(mean_of_rates, abs=0.01)

    # One län: its own counts.
    tables = page_tables(client.get(reverse("matching:region", args=["20"])).content.decode())
    teknik = next(r for r in tables["e3-gap-table"][1:] if r[0] == "Teknik")
    assert page_number(teknik[3]) == pytest.approx(40.0)


def test_map_of_lan_and_fa(client, matchning):
    response = client.get(reverse("matching:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Matchningsgrad, samtliga anställda, 2020" in html
    table = response.context["map"].table
    assert len(table) == 21
    dalarna = next(r for r in table if r["region"].code == "20")
    assert dalarna["value"] == pytest.approx(68.9)
    assert html.count("<path ") == sum(1 for r in table if r["region"].geometry)
    fa = client.get(reverse("matching:map"), {"niva": "fa"})
    assert fa.status_code == 200 and len(fa.context["map"].table) == 60
    assert "M2-datan har inga värden för den här nivån." in fa.content.decode()  # the file has no FA
    older = client.get(reverse("matching:map"), {"ar": "2015"})
    assert next(r for r in older.context["map"].table if r["region"].code == "20")["value"] == pytest.approx(
        70.2
    )
    bad = client.get(reverse("matching:map"), {"niva": "kommun"})
    assert bad.status_code == 400 and "Nivå ska vara lan eller fa." in bad.content.decode()


def test_overview_lists_definitions_and_picks_a_region(client, geography):
    html = client.get(reverse("matching:index")).content.decode()
    for code in ("E1", "E3", "M2", "U1b", "U4", "R2", "R4"):
        assert f'<th scope="row">{code}</th>' in html
    assert "TAB6366" in html and "ej bekräftad" in html
    assert client.get(reverse("matching:index"), {"kod": "20"})["Location"] == reverse(
        "matching:region", args=["20"]
    )
    bad = client.get(reverse("matching:index"), {"kod": "<b>x"})
    assert bad.status_code == 400 and "&lt;b&gt;x" in bad.content.decode()
    nav = client.get(reverse("matching:index")).context["nav_items"]
    assert [i["active"] for i in nav if i["url"] == reverse("matching:index")] == [True]
    assert not any(i["active"] for i in nav if i["url"] == reverse("analysis:index"))


def test_linked_from_region_profile_and_analysis_index(client, matchning):
    assert (
        reverse("matching:region", args=["20"])
        in client.get(reverse("analysis:region", args=["20"])).content.decode()
    )
    assert reverse("matching:index") in client.get(reverse("analysis:index")).content.decode()


def test_matching_measure_kind_in_compare_and_map(client, matchning):
    from reglab.analysis.measures import MeasureError, measure_choices, measure_resolve

    measure = measure_resolve("matching:M2:AFR")
    assert measure.kind == "matching" and measure.code == "födda i Afrika" and not measure.is_brp
    keys = [k for _group, options in measure_choices() for k, _label in options]
    assert "matching:M2:TOT" in keys and "matching:M2:SE" in keys
    with pytest.raises(MeasureError):
        measure_resolve("matching:U4")
    response = client.get(reverse("analysis:compare"), {"m": "matching:M2:TOT", "r": ["20", "03"]})
    assert response.status_code == 200
    values = response.context["frame"]
    dalarna_2020 = values[(values["region"] == "20") & (values["period"] == "2020")]["value"].iloc[0]
    assert dalarna_2020 == pytest.approx(68.9)
    export = client.get(
        reverse("analysis:compare-export", args=["csv"]), {"m": "matching:M2:TOT", "r": ["20", "03"]}
    )
    assert export.status_code == 200 and "68,9" in export.content.decode("utf-8-sig").replace(".", ",")
    lan_map = client.get(reverse("analysis:map"), {"m": "matching:M2:20-39", "niva": "lan"})
    assert lan_map.status_code == 200
    assert Region.objects.filter(code="20").exists()


def test_scb_shaped_m2_table_reads_like_the_file(client, geography, shared_data):
    """A table as SCB's v2 would give it (group in AlderFodelselandgr, Kon 1/2/SAMANST, content code as
    measure) stored under its v2 id shows the same values as the imported file."""
    from reglab.statistics.services import dataset_ingest
    from tests.analysis.matching_support import m2_server_table

    lan = dict(Region.objects.lan().values_list("name", "code"))
    dataset_ingest(source_kind="scb", table=m2_server_table(shared_data, lan), origin="test")
    expected = {}
    for row in csv_rows(matchning_csv(shared_data)):
        if row["region"] == "Dalarnas län":
            for group, text in row.items():
                if group not in CSV_FIXED:
                    expected[(CSV_SEX[row["kön"]], group, row["år"])] = csv_value(text)
    tables = page_tables(client.get(reverse("matching:region", args=["20"])).content.decode())
    header, *rows = tables["m2-all-table"]
    shown = {
        (sex, group, period): page_number(cell)
        for sex, group, *cells in rows
        for period, cell in zip(header[2:], cells, strict=True)
    }
    assert shown == pytest.approx(expected)
