"""Urban/rural classes as standard groups (issue 14, item 3): any measure split by class, for Sweden or
within a län, and the class map layer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.analysis.measures import MeasureError, measure_resolve, method_label
from reglab.analysis.urban_rural import class_groups, urban_rural_split
from reglab.engine.aggregation import METHOD_EXACT
from reglab.geography.models import Region
from reglab.reference.urban_rural import class_labels, kommun_classes
from tests.analysis.conftest import ingest

pytestmark = pytest.mark.django_db


def test_class_groups_cover_every_kommun_once(geography):
    groups = class_groups(6)
    members = [c for codes in groups.values() for c in codes]
    assert len(members) == len(set(members)) == Region.objects.kommuner().count()
    assert list(groups) == class_labels(6)
    uppsala = class_groups(3, Region.objects.get(code="03"))
    assert sum(len(v) for v in uppsala.values()) == Region.objects.get(code="03").children.count()


def test_a_count_split_by_class_within_a_lan_is_the_sum_of_each_class(geography):
    uppsala = Region.objects.get(code="03")
    stored = {code: 10.0 * (i + 1) for i, code in enumerate(uppsala.kommun_codes())}
    version = ingest("KLASSANTAL", [(code, "2023", v) for code, v in stored.items()], unit="antal")
    measure = measure_resolve(f"stat:{version.dataset_id}:KLASSANTAL")
    split = urban_rural_split(measure, 3, lan=uppsala)
    classes = kommun_classes()
    expected: dict[str, float] = {}
    for code, value in stored.items():
        expected[classes[code].class3] = expected.get(classes[code].class3, 0.0) + value
    assert split.period == "2023"
    assert {r["label"]: r["value"] for r in split.rows} == expected
    assert {r["method"] for r in split.rows} == {method_label(METHOD_EXACT)}
    assert sum(r["kommuner"] for r in split.rows) == len(stored)


def test_a_class_with_a_missing_kommun_has_no_value(counts):
    """counts: only four of Uppsala's kommuner have values, so no class is complete."""
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    with pytest.raises(MeasureError, match="ingen klass har värden för alla sina kommuner"):
        urban_rural_split(measure, 3, lan=Region.objects.get(code="03"))


def test_urban_rural_page_for_sweden_with_brp_and_the_class_map(client, brp_official):
    response = client.get(reverse("analysis:urban-rural"), {"m": "brp:Livskvalitet", "schema": "6"})
    assert response.status_code == 200
    split = response.context["split"]
    assert [r["label"] for r in split.rows] == class_labels(6)
    assert all(r["value"] is not None for r in split.rows)
    legend = response.context["class_map"].legend
    assert [c["label"] for c in legend] == class_labels(6)
    assert sum(c["count"] for c in legend) == 290
    html = response.content.decode()
    assert 'id="urban-rural-t"' in html and "Klass per kommun" in html


def test_urban_rural_refuses_bad_parameters_with_a_message(client, geography):
    ingest("ANDEL", [("0305", "2023", 1.0)], unit="procent")
    assert client.get(reverse("analysis:urban-rural"), {"schema": "4"}).status_code == 400
    assert client.get(reverse("analysis:urban-rural"), {"lan": "99", "schema": "3"}).status_code == 400
