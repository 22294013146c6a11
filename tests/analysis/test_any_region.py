"""Any region, any measure (issue 14, item 2): a custom group gets a value from the finest level the
dataset has — kommun, else whole län, else whole FA regions — by the measure's aggregation rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.analysis.measures import measure_resolve
from reglab.analysis.series import comparison_build, group_values, part_units
from reglab.engine.aggregation import METHOD_EXACT
from reglab.geography.models import Region
from tests.analysis.conftest import ingest

pytestmark = pytest.mark.django_db

LAN_VALUES = {"07": 201_000.0, "08": 246_000.0, "10": 159_000.0, "12": 1_420_000.0}


@pytest.fixture
def county_table(geography):
    """A county-level count like SCB's BE0101A1 for län: no kommun rows at all."""
    rows = [(code, "2024", value) for code, value in LAN_VALUES.items()]
    rows += [(code, "2023", value - 1000) for code, value in LAN_VALUES.items()]
    return ingest("BE0101A1LAN", rows, unit="antal", title="Folkmängd per län")


@pytest.fixture
def smaland(geography):
    from reglab.geography.services import region_group_create

    return region_group_create(name="Småland och öarna", member_codes=["07", "08", "10"])


def test_a_group_of_three_lan_equals_the_sum_of_the_three(county_table, smaland):
    """Must show: for an additive county-level measure, a group of three län equals the sum of the three."""
    measure = measure_resolve(f"stat:{county_table.dataset_id}:BE0101A1LAN")
    result = group_values(measure, smaland)
    by_period = dict(zip(result.values["period"], result.values["value"], strict=True))
    expected = sum(LAN_VALUES[c] for c in ("07", "08", "10"))
    assert by_period["2024"] == expected
    assert by_period["2023"] == expected - 3000
    assert set(result.values["method"]) == {METHOD_EXACT}
    assert set(result.values["members"]) == {3} and set(result.values["members_with_value"]) == {3}
    assert any("räknat från 3 län" in n and "summa" in n for n in result.notes)


def test_compare_page_shows_the_group_value_and_the_method(client, county_table, smaland):
    response = client.get(
        reverse("analysis:compare"),
        {"m": f"stat:{county_table.dataset_id}:BE0101A1LAN", "r": [smaland.code, "07", "08", "10"]},
    )
    assert response.status_code == 200
    rows = {r["region"].code: r for r in response.context["rows"]}
    assert rows[smaland.code]["values"][-1] == sum(rows[c]["values"][-1] for c in ("07", "08", "10"))
    html = response.content.decode()
    assert "räknat från 3 län" in html
    assert "inga värden" not in html


def test_part_units_only_offer_levels_the_area_is_made_of(geography):
    uppsala = Region.objects.get(code="03").kommun_codes()
    levels = part_units(uppsala)
    assert levels["lan"] == ["03"] and sorted(levels["kommun"]) == sorted(uppsala)
    # Part of a län: no län decomposition, so a county-level table cannot give it a value.
    assert "lan" not in part_units(uppsala[:2])


def test_a_group_that_splits_a_lan_says_why_it_has_no_value(county_table, geography):
    from reglab.geography.services import region_group_create

    split = region_group_create(name="Halva Kronoberg", member_codes=["0760", "0761"])
    measure = measure_resolve(f"stat:{county_table.dataset_id}:BE0101A1LAN")
    comparison = comparison_build(measure, [split])
    assert comparison.rows[0]["values"] == []
    assert any("inga värden för regionens delar" in n for n in comparison.notes)


def test_group_page_links_its_analysis_profile_and_the_formation_explorer(client, smaland):
    html = client.get(reverse("geography:region-detail", args=[smaland.code])).content.decode()
    assert reverse("analysis:region", args=[smaland.code]) in html
    assert f"{reverse('analysis:region-formation')}?grupp={smaland.code}" in html
    profile = client.get(reverse("analysis:region", args=[smaland.code])).content.decode()
    assert f"{reverse('analysis:region-formation')}?grupp={smaland.code}" in profile


def test_formation_explorer_shows_the_merged_region_next_to_its_parts(client, county_table):
    response = client.get(
        reverse("analysis:region-formation"),
        {"m": f"stat:{county_table.dataset_id}:BE0101A1LAN", "r": ["07", "08", "10"]},
    )
    assert response.status_code == 200
    formation = response.context["formation"]
    assert formation.periods == ["2023", "2024"]
    assert [r["region"].code for r in formation.parts.rows] == ["07", "08", "10"]
    assert formation.merged_values == formation.parts_sum
    assert formation.merged_values[-1] == sum(LAN_VALUES[c] for c in ("07", "08", "10"))
    html = response.content.decode()
    assert "räknat från 3 län" in html and 'id="formation-t"' in html


def test_formation_explorer_starts_from_a_group_and_does_brp(client, brp_official, smaland):
    response = client.get(reverse("analysis:region-formation"), {"grupp": smaland.code, "m": "brp:T6"})
    assert response.status_code == 200
    formation = response.context["formation"]
    assert response.context["selected_regions"] == ["07", "08", "10"]
    assert formation.merged_values[0] is not None
    assert formation.methods and "approximation" in formation.methods[0]
    # An approximation of indices: no "sum of the parts" row.
    assert formation.parts_sum == []


def test_formation_explorer_refuses_unknown_parts_with_a_message(client, county_table):
    response = client.get(
        reverse("analysis:region-formation"),
        {"m": f"stat:{county_table.dataset_id}:BE0101A1LAN", "r": ["99"]},
    )
    assert response.status_code == 400
    assert "okända: 99" in response.content.decode()
    assert client.get(reverse("analysis:region-formation"), {"grupp": "G-finns-inte"}).status_code == 400


def test_group_profile_lists_statistics_computed_from_its_parts(client, county_table, smaland):
    response = client.get(reverse("analysis:region", args=[smaland.code]))
    assert response.status_code == 200
    row = next(s for s in response.context["statistics"] if s["measure"] == "BE0101A1LAN")
    assert row["period"] == "2024" and row["total"] == sum(LAN_VALUES[c] for c in ("07", "08", "10"))
    assert "räknat från 3 län" in row["dimensions"]
