"""Indicators for custom groups of kommuner from their aggregation rule (Region model + engine)."""

from __future__ import annotations

import pandas as pd
import pytest

from reglab.engine.aggregation import NotAggregableError
from reglab.geography.models import Region
from reglab.indicators.models import IndicatorDefinition
from reglab.indicators.selectors import indicator_for_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(geography):
    lan = Region.objects.get(code="24")
    k = {c: Region.objects.get(code=c) for c in ("2480", "2482", "2418")}
    group = Region.objects.create(code="G-umea-skelleftea", name="Umeå + Skellefteå", kind="group")
    group.members.set([k["2480"], k["2482"]])
    return lan, group


VALUES = pd.DataFrame(
    [
        ("2480", 2024, "invanare", 130_000.0),
        ("2482", 2024, "invanare", 73_000.0),
        ("2418", 2024, "invanare", 3_000.0),
        ("2480", 2024, "sysselsatta", 65_000.0),
        ("2482", 2024, "sysselsatta", 36_000.0),
        ("2418", 2024, "sysselsatta", 1_000.0),
        ("2480", 2024, "syss_andel", 50.0),
        ("2482", 2024, "syss_andel", 49.3),
        ("2418", 2024, "syss_andel", 33.3),
    ],
    columns=["region", "period", "measure", "value"],
)


def test_sum_and_ratio_for_custom_group_and_lan(regions):
    lan, group = regions
    pop = IndicatorDefinition.objects.create(code="invanare", name_sv="Invånare", aggregation_rule="sum")
    rate = IndicatorDefinition.objects.create(
        code="syss_andel", name_sv="Sysselsatta, andel", aggregation_rule="ratio(sysselsatta, invanare)"
    )
    out = indicator_for_regions(pop, VALUES, [group, lan]).set_index("group")["value"]
    assert out["G-umea-skelleftea"] == 130_000 + 73_000
    assert pd.isna(out["24"])  # the län's other kommuner have no value: no partial sum is invented
    others = [c for c in lan.kommun_codes() if c not in {"2480", "2482", "2418"}]
    complete = pd.concat(
        [VALUES, pd.DataFrame([(c, 2024, "invanare", 1_000.0) for c in others], columns=VALUES.columns)]
    )
    out = indicator_for_regions(pop, complete, [lan]).set_index("group")["value"]
    assert out["24"] == 206_000 + 1_000 * len(others)
    r = indicator_for_regions(rate, VALUES, [group]).set_index("group")["value"]
    assert r["G-umea-skelleftea"] == pytest.approx((65_000 + 36_000) / (130_000 + 73_000))
    assert r["G-umea-skelleftea"] != pytest.approx((65_000 / 130_000 + 36_000 / 73_000) / 2)


def test_published_rate_is_refused_or_labelled(regions):
    _, group = regions
    d = IndicatorDefinition.objects.create(
        code="syss_andel",
        name_sv="Publicerad andel",
        aggregation_rule="not_aggregable",
        approximation_weight="invanare",
    )
    with pytest.raises(NotAggregableError):
        indicator_for_regions(d, VALUES, [group])
    approx = indicator_for_regions(d, VALUES, [group], approximate=True).iloc[0]
    assert approx["method"] == "approximation_population_weighted"
    assert approx["value"] == pytest.approx((50 * 130_000 + 49.3 * 73_000) / 203_000)
