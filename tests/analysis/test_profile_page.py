"""The profile and its exports, built directly (the pages and downloads are tested through views)."""

from __future__ import annotations

import csv
import io

import pytest

from reglab.analysis import exports
from reglab.analysis.measures import MeasureError, measure_resolve
from reglab.analysis.profile import profile_page, statistics_latest
from reglab.analysis.series import comparison_build
from reglab.geography.models import Region

pytestmark = pytest.mark.django_db


def test_statistics_latest_shows_the_latest_period_with_provenance(counts):
    rows = statistics_latest(Region.objects.get(code="0380"))
    assert len(rows) == 1
    row = rows[0]
    assert row["period"] == "2023" and row["total"] == 402.0 and row["women"] is None
    assert row["version"] == counts and row["key"] == f"stat:{counts.dataset_id}:TESTANTAL"
    # A file of one's own has no attribution: the source says so instead of being blank (issue 14).
    assert row["attribution"].startswith("Egen fil: TESTANTAL")
    assert measure_resolve(row["key"]).source.startswith("Egen fil: TESTANTAL")


def test_profile_page_without_brp_has_statistics_and_refuses_bad_parameters(counts):
    region = Region.objects.get(code="0380")
    page = profile_page(region)
    assert page.profile is None and page.source == "officiell" and len(page.statistics) == 1
    assert page.links["lan"].code == "03"
    bundle = exports.profile_bundle(page)
    assert [t.name for t in bundle.tables] == ["Statistik"]
    assert bundle.sources[0][2].startswith("version 1")
    assert exports.profile_file_name(page) == "regionprofil-uppsala-0380"
    with pytest.raises(MeasureError, match="Okänd vy"):
        profile_page(region, view="X")
    with pytest.raises(MeasureError, match="Okänd källa"):
        profile_page(region, source="x")


def test_profile_page_series_feed_charts_and_the_deck(brp_official):
    page = profile_page(Region.objects.get(code="0180"))
    assert len(page.radar_axes) == 12 and [name for name, _v in page.radar_series][1] == "Riket – totalt"
    assert len(page.bar_series) == 4 and "<svg" in page.radar_svg() and "<svg" in page.bars_svg()
    slide = exports.profile_slide(page)
    # The deck's radar names each theme (issue 14): the page's axis code, then the theme's name.
    assert [t.split(" ", 1)[0] for t in slide.themes] == page.radar_axes
    assert all(len(t) > len(a) for t, a in zip(slide.themes, page.radar_axes, strict=True))
    assert slide.bars_categories == ["Ekonomi", "Miljö", "Social"]
    assert exports.profile_deck(page)[:2] == b"PK"


def test_compare_bundle_rows_equal_the_comparison(counts, group):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    comparison = comparison_build(measure, [group, Region.objects.get(code="0380")], gender="T")
    bundle = exports.compare_bundle(comparison)
    table = bundle.tables[0]
    assert len(table.rows) == len(comparison.frame) == 6
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(table).decode("utf-8-sig"))))
    assert {r["region"] for r in rows} == {group.name, "Uppsala"}
    assert {r["metod"] for r in rows} == {"direct", "exact"}
    assert [s[0] for s in bundle.sources] == [measure.label, "Metod", "Metod"]
    assert exports.compare_file_name(comparison) == "jamforelse-antal-testpersoner-2-regioner"


def test_every_profile_chart_has_its_table_and_women_men_are_dots(client, brp_official):
    """Issue 14: the women/men radar (values −26 to 114) is a dot plot; each chart states its scale and
    the numbers are in a table on the same page."""
    from django.urls import reverse

    html = client.get(reverse("analysis:region", args=["2080"])).content.decode()
    assert html.count('class="chart"') == 3
    assert 'aria-labelledby="dots-sex-t dots-sex-d"' in html and "radar-sex" not in html
    assert html.count("Skala 0–100") >= 3
    assert "<table>" in html and "Kvinnor" in html
