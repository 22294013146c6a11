from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reglab.analysis import charts
from reglab.geography.models import Region

pytestmark = pytest.mark.django_db


def _square(x: float, y: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]],
    }


def test_brp_choropleth_over_kommuner(client, brp_official):
    Region.objects.update(geometry=None)  # only three drawn kommuner (rolled back after the test)
    for i, code in enumerate(["0114", "0180", "2480"]):
        Region.objects.filter(code=code).update(geometry=_square(15 + i, 59 + i))
    response = client.get(reverse("analysis:map"), {"m": "brp:Livskvalitet", "niva": "kommun"})
    assert response.status_code == 200
    html = response.content.decode()
    paths = re.findall(r'<path d="[^"]+" fill="(#[0-9a-f]{6})"><title>([^<]+)</title>', html)
    assert len(paths) == 3
    assert any(label.startswith("Stockholm: ") for _, label in paths)
    assert all(fill in charts.CLASS_COLOURS for fill, _ in paths)
    ctx = response.context
    assert len(ctx["legend"]) == 5
    assert len(ctx["table"]) == 290  # accessible table lists every kommun
    assert "Källa: Kolada" in html and "Teckenförklaring" in html


def test_statistics_map_over_lan_without_geometry_shows_table(client, counts):
    Region.objects.update(geometry=None)
    response = client.get(
        reverse("analysis:map"), {"m": f"stat:{counts.dataset_id}:TESTANTAL", "niva": "lan"}
    )
    assert response.status_code == 200
    rows = {r["region"].code: r for r in response.context["table"]}
    assert rows["03"]["value"] == 5000.0 and rows["03"]["class"] == 1
    assert rows["01"]["value"] is None
    assert "Inga lagrade geometrier" in response.content.decode()


def test_bad_map_level_is_a_message(client, brp_official):
    response = client.get(reverse("analysis:map"), {"m": "brp:T1", "niva": "by"})
    assert response.status_code == 400
    assert "Nivå ska vara kommun, lan eller fa" in response.content.decode()


def test_quantile_classes():
    breaks = charts.quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert len(breaks) == 5 and breaks[-1] == 10
    assert charts.class_of(1, breaks) == 0 and charts.class_of(10, breaks) == 4
    assert charts.class_of(None, breaks) is None
    assert charts.quantile_breaks([3, 3, 3]) == [3]


def test_brp_map_over_fa_regions_is_a_labelled_approximation(client, brp_official):
    from reglab.indicators.selectors import brp_run_frame

    response = client.get(reverse("analysis:map"), {"m": "brp:T6", "niva": "fa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approximation av kommunindex per FA-region" in html
    rows = {r["region"].code: r["value"] for r in response.context["table"]}
    assert len(rows) == 60
    fa = Region.objects.get(code="2080").fa_region
    members = list(fa.fa_members.values_list("code", flat=True))
    frame = brp_run_frame(brp_official)
    sel = frame[
        (frame.view == "K")
        & (frame.level == "theme")
        & (frame.theme == "T6")
        & (frame.gender == "T")
        & frame.municipality_id.isin(members)
    ]
    assert rows[fa.code] == pytest.approx(sel["value"].mean())


def test_statistics_map_over_fa_sums_kommuner(client, counts):
    response = client.get(reverse("analysis:map"), {"m": f"stat:{counts.dataset_id}:TESTANTAL", "niva": "fa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Räknat från kommunerna: beräknad summa av delarna, inte ett publicerat värde" in html
    # An FA whose kommuner all lack values stays empty rather than showing 0.
    rows = {r["region"].code: r["value"] for r in response.context["table"]}
    assert rows["FA01"] is None
