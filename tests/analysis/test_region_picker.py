"""The region pickers (issue 14): grouped by kind in the order an analyst looks — Riket, län, FA regions,
kommuner per län, own groups — and searchable by name or code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _optgroups(html: str) -> list[str]:
    return re.findall(r'<optgroup label="([^"]+)"', html)


def test_profile_picker_groups_regions_lan_first_and_kommuner_per_lan(client, group):
    html = client.get(reverse("analysis:region-pick")).content.decode()
    labels = _optgroups(html)
    assert labels[:2] == ["Län", "FA-regioner"]
    assert labels[2] == "Kommuner i Stockholms län" and labels[-1] == "Egna regiongrupper"
    assert len([label for label in labels if label.startswith("Kommuner i ")]) == 21
    select = html[html.index('<select name="kod"') :]
    assert (
        select.index(">Riket<") < select.index("Stockholms län (01)") < select.index("Upplands Väsby (0114)")
    )
    assert '<datalist id="region-search">' in html


def test_search_by_name_or_code_opens_the_profile(client, geography):
    for query in ("Falun", "falun", "2080"):
        response = client.get(reverse("analysis:region-pick"), {"kod": query})
        assert response.status_code == 302 and response["Location"] == reverse(
            "analysis:region", args=["2080"]
        )
    response = client.get(reverse("analysis:region-pick"), {"kod": "Atlantis"})
    assert response.status_code == 400 and "Okänd region: Atlantis." in response.content.decode()


def test_compare_picker_has_the_same_groups_and_a_search_field(client, group):
    html = client.get(reverse("analysis:compare")).content.decode()
    assert _optgroups(html)[:2] == ["Län", "FA-regioner"]
    assert 'id="id_r_sok"' in html and 'list="region-search"' in html
