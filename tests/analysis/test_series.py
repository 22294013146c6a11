"""Series and group values, called directly: values, methods and the notes that explain them."""

from __future__ import annotations

import pytest

from reglab.analysis.measures import METHOD_DIRECT, MeasureError, measure_resolve
from reglab.analysis.series import comparison_build, group_values, series_for, stat_values
from reglab.engine.aggregation import METHOD_APPROX, METHOD_EXACT
from reglab.geography.models import Region
from tests.analysis.conftest import ingest
from tests.analysis.conftest import ingest_with_age as _with_age

pytestmark = pytest.mark.django_db


def test_group_of_an_additive_count_is_the_exact_sum(counts, group):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    result = group_values(measure, group)
    by_period = dict(zip(result.values["period"], result.values["value"], strict=True))
    assert by_period["2023"] == (100 + 2) + (200 + 2) + (300 + 2)
    assert set(result.values["method"]) == {METHOD_EXACT}
    assert set(result.values["members"]) == {3} and result.notes == []


def test_series_uses_own_values_where_the_source_has_them(counts, group):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    lan, kommun = Region.objects.get(code="03"), Region.objects.get(code="0380")
    frame = series_for(measure, [lan, kommun, group]).values
    methods = dict(zip(frame["region"], frame["method"], strict=False))
    assert methods == {"03": METHOD_DIRECT, "0380": METHOD_DIRECT, group.code: METHOD_EXACT}
    assert frame[frame["region"] == "03"]["value"].tolist() == [5000.0]
    assert set(frame["source"]) == {f"{measure.source} (version {counts.number})".strip()}


def test_reductions_are_notes_on_the_result_not_on_the_frame(group):
    version = _with_age("AGECOUNT", "antal")
    found = stat_values(version, ["AGECOUNT"], ["0305", "0319"], "total", additive=True)
    assert sorted(found.values["value"]) == [11.0, 22.0]
    assert found.notes == ["Summerat över alder (2 värden)."]
    measure = measure_resolve(f"stat:{version.dataset_id}:AGECOUNT")
    result = series_for(measure, [group, Region.objects.get(code="0319")])
    assert result.notes == ["Summerat över alder (2 värden)."]
    assert result.values.attrs == {}


def test_a_rate_by_age_is_refused_and_a_rate_without_population_too(group, rates):
    version = _with_age("AGERATE", "procent")
    with pytest.raises(MeasureError, match="fördelat på alder utan total"):
        stat_values(version, ["AGERATE"], None, "total", additive=False)
    with pytest.raises(MeasureError, match="not_aggregable"):
        group_values(measure_resolve(f"stat:{rates.dataset_id}:TESTANDEL"), group)


def test_a_rate_with_population_is_a_weighted_approximation(rates, group):
    ingest("N01951", [("0305", "2023", 100.0), ("0319", "2023", 100.0), ("0330", "2023", 200.0)])
    result = group_values(measure_resolve(f"stat:{rates.dataset_id}:TESTANDEL"), group)
    assert result.values["value"].tolist() == pytest.approx([(10 * 100 + 11 * 100 + 12 * 200) / 400])
    assert result.values["method"].tolist() == [METHOD_APPROX]


def test_comparison_table_has_one_row_per_region_and_marks_incomplete_groups(counts, group):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    comparison = comparison_build(measure, [group, Region.objects.get(code="0380")])
    assert comparison.periods == ["2021", "2022", "2023"]
    assert [r["region"].code for r in comparison.rows] == [group.code, "0380"]
    assert comparison.rows[1]["values"] == [400.0, 401.0, 402.0]
    assert comparison.rows[0]["incomplete"] == 0 and not comparison.any_approximation
    assert comparison.brp_view == "" and not comparison.published
    assert comparison.methods == [METHOD_DIRECT, METHOD_EXACT]
    assert "<svg" in comparison.chart_svg()
