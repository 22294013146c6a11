from __future__ import annotations

import pytest
from django.urls import reverse

from tests.analysis.conftest import ingest_with_age as _with_age

pytestmark = pytest.mark.django_db


def _url(measure: str, *regions: str, **extra) -> str:
    from urllib.parse import urlencode

    params = [("m", measure), *[("r", r) for r in regions], *extra.items()]
    return reverse("analysis:compare") + "?" + urlencode(params)


def test_group_value_is_the_sum_of_its_members_for_an_additive_measure(client, counts, group):
    key = f"stat:{counts.dataset_id}:TESTANTAL"
    response = client.get(_url(key, group.code, "0305", "0380"))
    assert response.status_code == 200, response.content.decode()[:500]
    periods = response.context["periods"]
    assert periods == ["2021", "2022", "2023"]
    rows = {r["region"].code: r for r in response.context["rows"]}
    # members 0305, 0319, 0330 have 100+t, 200+t, 300+t
    assert rows[group.code]["values"] == [600.0, 603.0, 606.0]
    assert rows["0380"]["values"] == [400.0, 401.0, 402.0]
    assert not rows[group.code]["approximation"]
    html = response.content.decode()
    assert "beräknad summa av delarna, inte ett publicerat värde" in html
    assert "<svg" in html and 'role="img"' in html and "<table" in html


def test_lan_uses_its_own_published_value_when_present(client, counts):
    response = client.get(_url(f"stat:{counts.dataset_id}:TESTANTAL", "03"))
    row = response.context["rows"][0]
    assert row["values"] == [5000.0]
    assert "värde för regionen i källan" in row["methods"][0]


def test_not_aggregable_rate_is_refused_with_a_clear_message(client, rates, group):
    response = client.get(_url(f"stat:{rates.dataset_id}:TESTANDEL", group.code))
    assert response.status_code == 400
    html = response.content.decode()
    assert "kan inte räknas ihop" in html and "not_aggregable" in html


def test_not_aggregable_rate_with_population_is_a_labelled_approximation(client, rates, group):
    from tests.analysis.conftest import ingest

    ingest("N01951", [("0305", "2023", 1000.0), ("0319", "2023", 3000.0), ("0330", "2023", 0.0)])
    response = client.get(_url(f"stat:{rates.dataset_id}:TESTANDEL", group.code))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["approximation"]
    assert row["values"] == [pytest.approx((10 * 1000 + 11 * 3000) / 4000)]
    assert "Approximation" in response.content.decode()


def test_brp_compare_uses_one_index_for_all_regions(client, brp_official, group):
    response = client.get(_url("brp:T6", "0180", "01", group.code, "00"))
    assert response.status_code == 200
    ctx = response.context
    assert str(ctx["brp_view"]) == "kommunindex"
    rows = {r["region"].code: r for r in ctx["rows"]}
    assert ctx["periods"] == ["2025"]
    assert rows["01"]["approximation"] and rows[group.code]["approximation"]
    assert not rows["0180"]["approximation"] and not rows["00"]["approximation"]
    lan_only = client.get(_url("brp:Livskvalitet", "01", "20"))
    assert str(lan_only.context["brp_view"]) == "regionindex"
    assert not any(r["approximation"] for r in lan_only.context["rows"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"m": "brp:T99", "r": "0180"}, "Okänt BRP+-mått"),
        ({"m": "stat:abc", "r": "0180"}, "stat:&lt;dataset-id&gt;:&lt;mått&gt;"),
        ({"m": "stat:99999:X", "r": "0180"}, "saknar gällande version"),
        ({"m": "brp:T6", "r": "XXXX"}, "Okända regioner"),
        ({"m": "brp:T6", "r": "0180", "kon": "Z"}, "Okänt kön"),
        ({"m": "brp:T6"}, "Välj minst en region"),
    ],
)
def test_bad_parameters_give_a_message_not_a_500(client, brp_official, params, message):
    response = client.get(reverse("analysis:compare"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_empty_compare_form(client, geography):
    response = client.get(reverse("analysis:compare"))
    assert response.status_code == 200
    assert '<label for="id_m">' in response.content.decode()


def test_approximation_uses_the_population_of_the_same_period(client, geography, group):
    from tests.analysis.conftest import ingest

    rates = ingest(
        "TESTANDEL2",
        [
            (c, y, v)
            for c, base in (("0305", 10.0), ("0319", 20.0), ("0330", 30.0))
            for y, v in (("2022", base), ("2023", base))
        ],
        unit="procent",
    )
    # 2022 population stored for all; 2023 only for 0305 (others fall back to their latest, 2022).
    ingest(
        "N01951",
        [("0305", "2022", 100.0), ("0319", "2022", 100.0), ("0330", "2022", 200.0), ("0305", "2023", 300.0)],
    )
    response = client.get(_url(f"stat:{rates.dataset_id}:TESTANDEL2", group.code))
    values = response.context["rows"][0]["values"]
    assert values[0] == pytest.approx((10 * 100 + 20 * 100 + 30 * 200) / 400)
    assert values[1] == pytest.approx((10 * 300 + 20 * 100 + 30 * 200) / 600)


def test_scb_table_with_other_dimensions_uses_totals_and_sums_sexes(client, group, shared_data):
    """BE0101D1 (births by mother's age and child's sex, unit 'quantity'): a count with no total for sex,
    so the total is women + men; maternal age has a total code ("tot"), used instead of summing the ages
    (summing would count every birth twice); the group is the sum of its kommuner."""
    import io

    from django.core.management import call_command

    from reglab.statistics.models import Dataset, Observation

    call_command(
        "data_import",
        str(shared_data / "pxweb-example-px" / "BE0101D1.px"),
        "--no-progress",
        stdout=io.StringIO(),
    )
    dataset = Dataset.objects.get(external_id="BE0101D1")
    members = group.kommun_codes()
    obs = [
        (period, sex, value)
        for period, sex, dims, value in Observation.objects.filter(
            version=dataset.current_version, region_code__in=members
        ).values_list("period", "sex", "dimensions", "value")
        if dims == {"maternal age": "tot"} and value is not None
    ]
    year = max(p for p, _s, _v in obs)
    expected = sum(v for p, _s, v in obs if p == year)
    response = client.get(_url(f"stat:{dataset.pk}:BE0101D1", group.code, members[0]))
    assert response.status_code == 200, response.content.decode()[:400]
    ctx = response.context
    row = next(r for r in ctx["rows"] if r["region"].code == group.code)
    assert row["values"][ctx["periods"].index(year)] == pytest.approx(expected)
    html = response.content.decode()
    assert "Totalt = kvinnor + män" in html and "maternal age: totalen (tot)" in html
    # Women only: no summing over sex, still summed over age.
    women = client.get(_url(f"stat:{dataset.pk}:BE0101D1", group.code, kon="K"))
    assert women.status_code == 200
    exp_w = sum(v for p, sex, v in obs if p == year and sex == "women")
    assert women.context["rows"][0]["values"][women.context["periods"].index(year)] == pytest.approx(exp_w)


def test_counts_without_a_total_code_are_summed_over_the_dimension(client, group):
    version = _with_age("AGECOUNT", "antal")
    response = client.get(_url(f"stat:{version.dataset_id}:AGECOUNT", group.code, "0319"))
    assert response.status_code == 200
    rows = {r["region"].code: r["values"] for r in response.context["rows"]}
    assert rows == {group.code: [77.0], "0319": [22.0]}
    assert "Summerat över alder (2 värden)" in response.content.decode()


def test_rates_split_by_a_dimension_are_refused(client, group):
    version = _with_age("AGERATE", "procent")
    response = client.get(_url(f"stat:{version.dataset_id}:AGERATE", group.code))
    assert response.status_code == 400
    assert "fördelat på alder utan total" in response.content.decode()
