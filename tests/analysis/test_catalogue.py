"""Find and rank like Kolada: catalogue search, rankings with the region's position, series with the data
version of every point, similar kommuner, and their CSV/XLSX/SVG downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from reglab.analysis.catalogue import measure_catalogue, ranking, region_series
from reglab.analysis.measures import measure_resolve
from tests.analysis.conftest import ingest

pytestmark = pytest.mark.django_db


def test_catalogue_searches_title_id_and_theme(brp_official, counts):
    everything = measure_catalogue()
    kinds = {e.kind for e in everything}
    assert kinds == {"brp", "brp_indicator", "stat"}
    assert "brp:Miljö" in [e.key for e in measure_catalogue("miljo") if e.kind == "brp"]  # accents folded
    assert {e.ident for e in measure_catalogue("N05401")} == {"N05401"}
    # A theme search finds the theme and its indicators (84 KPIs are listed even when not synced).
    t1 = measure_catalogue("T1 Medborgarengagemang")
    assert any(e.kind == "brp" for e in t1) and sum(e.kind == "brp_indicator" for e in t1) >= 2
    assert all(e.key == "" for e in t1 if e.kind == "brp_indicator")  # not stored: no ranking
    assert [e.key for e in measure_catalogue("Antal testpersoner")] == [f"stat:{counts.dataset_id}:TESTANTAL"]


def test_catalogue_page_and_export(client, brp_official):
    html = client.get(reverse("analysis:catalogue") + "?q=Arbete").content.decode()
    assert "brp:T6" in html or "T6" in html
    response = client.get(reverse("analysis:catalogue-export", args=["csv"]) + "?q=Miljö")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "brp:Miljö" in {r["matt_id"] for r in rows}


def test_ranking_puts_the_highest_first_and_marks_the_region(client, brp_official):
    result = ranking(measure_resolve("brp:Livskvalitet"), "kommun", highlight="2080")
    values = [r["value"] for r in result.rows if r["value"] is not None]
    assert len(result.rows) == 290 and values == sorted(values, reverse=True)
    mine = next(r for r in result.rows if r["mine"])
    assert mine["region"].code == "2080" and mine["rank"] == result.position
    assert result.position == 1 + sum(v > mine["value"] for v in values)
    page = client.get(reverse("analysis:ranking") + "?m=brp:Livskvalitet&niva=lan&r=20")
    assert page.status_code == 200 and page.context["ranking"].position is not None
    assert 'aria-current="true"' in page.content.decode()
    xlsx = client.get(reverse("analysis:ranking-export", args=["xlsx"]) + "?m=brp:Livskvalitet&niva=lan&r=20")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content))["Rangordning"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 21 and next(r for r in rows if r[7] == "x")[1] == "20"


def test_ranking_refuses_a_bad_level(client, brp_official):
    assert client.get(reverse("analysis:ranking") + "?m=brp:T6&niva=fa").status_code == 400


def test_series_has_the_data_version_of_every_point(client, counts):
    from reglab.geography.models import Region

    key = f"stat:{counts.dataset_id}:TESTANTAL"
    _measure, points, _notes = region_series(key, Region.objects.get(code="0305"))
    assert [p.period for p in points] == ["2021", "2022", "2023"]
    assert all("version 1" in p.source for p in points)
    # A newer version: every point now says version 2.
    ingest("TESTANTAL", [("0305", "2021", 1.0), ("0305", "2022", 2.0)], unit="antal")
    _measure, points, _notes = region_series(key, Region.objects.get(code="0305"))
    assert [(p.period, p.value) for p in points] == [("2021", 1.0), ("2022", 2.0)]
    assert all("version 2" in p.source for p in points)
    url = reverse("analysis:region-series", args=["0305"]) + f"?m={key}"
    assert "version 2" in client.get(url).content.decode()
    response = client.get(reverse("analysis:region-series-export", args=["0305", "csv"]) + f"?m={key}")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["dataversion"] for r in rows] and all("version 2" in r["dataversion"] for r in rows)
    svg = client.get(reverse("analysis:region-series-export", args=["0305", "svg"]) + f"?m={key}")
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content


def test_profile_charts_download_as_svg(client, brp_official):
    for chart in ("radar", "radar-kon", "hallbarhet"):
        response = client.get(reverse("analysis:region-chart", args=["2080", chart]))
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        assert b"<svg" in response.content and b"Falun" in response.content
    assert client.get(reverse("analysis:region-chart", args=["2080", "okand"])).status_code == 404


def test_similar_kommuner(client, geography):
    response = client.get(reverse("analysis:region-similar", args=["2080"]))
    assert response.status_code == 200
    similar = response.context["similar"]
    assert similar.rows and all(r["code"] != "2080" for r in similar.rows)
    assert client.get(reverse("analysis:region-similar", args=["20"])).status_code == 400


def test_similar_kommuner_share_the_urban_rural_class(geography):
    from reglab.analysis.catalogue import similar_regions
    from reglab.geography.models import Region
    from reglab.reference.urban_rural import kommun_classes

    similar = similar_regions(Region.objects.get(code="2080"))
    mine = kommun_classes()["2080"].class3
    assert similar.urban_rural == mine and all(r["class"] == mine for r in similar.rows)
