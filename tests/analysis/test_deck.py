"""The region workshop deck: opens with python-pptx, ≥ 8 slides, theme names, no overlapping shapes, and
the numbers of the pages (issue 14, must-show)."""

from __future__ import annotations

import io
import itertools

import pytest
from django.urls import reverse

from reglab.analysis.exports import Box, grid

pytestmark = pytest.mark.django_db


def _boxes(slide) -> list[tuple[str, tuple[int, int, int, int]]]:
    """(name, (left, top, right, bottom)) in EMU for every shape on the slide."""
    return [
        (shape.name, (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height))
        for shape in slide.shapes
    ]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _deck(client, code: str):
    from pptx import Presentation

    response = client.get(reverse("analysis:region-export", args=[code, "pptx"]))
    assert response.status_code == 200
    return Presentation(io.BytesIO(response.content))


def _texts(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                out.extend(c.text for row in shape.table.rows for c in row.cells)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                for plot in shape.chart.plots:
                    out.extend(str(c) for c in plot.categories)
    return out


@pytest.mark.parametrize("code", ["2080", "20", "00"])
def test_region_deck_has_eight_slides_theme_names_and_no_overlaps(client, brp_official, code):
    prs = _deck(client, code)
    assert len(prs.slides) >= 8
    texts = "\n".join(_texts(prs))
    from reglab.indicators.models import BrpRun

    themes = BrpRun.objects.get(source="official").config.data["themes"]
    for theme in themes:
        assert theme["name_sv"] in texts, theme["name_sv"]
    for number, slide in enumerate(prs.slides, start=1):
        boxes = _boxes(slide)
        assert boxes, f"slide {number} is empty"
        for (na, a), (nb, b) in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), f"slide {number}: {na} overlaps {nb}"
        width, height = prs.slide_width, prs.slide_height
        assert all(box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height for _n, box in boxes)


def test_region_deck_numbers_equal_the_pages(client, brp_official):
    from reglab.analysis.deck import fmt

    prs = _deck(client, "2080")
    profile = client.get(reverse("analysis:region", args=["2080"])).context["profile"]
    live = profile.row("Livskvalitet")
    overview = next(
        shape.table
        for shape in prs.slides[1].shapes
        if getattr(shape, "has_table", False) and shape.has_table
    )
    cells = {overview.cell(r, 0).text: overview.cell(r, 1).text for r in range(1, len(overview.rows))}
    assert cells["Livskvalitet"] == fmt(live["T"])
    assert cells["Miljö"] == fmt(profile.row("Miljö")["T"])
    # The trade-off slide's ranks are the dynamics page's.
    dynamics = client.get(reverse("analysis:region-dynamics", args=["2080"])).context["tradeoffs"]
    published = next(s.rank for s in dynamics.robustness["Livskvalitet"].scenarios if s.key == "published")
    ranks = [
        shape.table
        for slide in prs.slides
        for shape in slide.shapes
        if getattr(shape, "has_table", False) and shape.has_table and shape.table.cell(0, 2).text == "Rang"
    ]
    assert ranks
    row = next(
        r
        for r in range(1, len(ranks[0].rows))
        if ranks[0].cell(r, 0).text == "Livskvalitet" and ranks[0].cell(r, 1).text == "Publicerat index"
    )
    assert ranks[0].cell(row, 2).text == str(published)


def test_grid_boxes_never_overlap():
    for columns in range(1, 5):
        boxes: list[Box] = grid(columns)
        assert len(boxes) == columns
        for a, b in itertools.combinations(boxes, 2):
            assert a.left + a.width <= b.left or b.left + b.width <= a.left


def test_region_deck_splits_the_lan_by_urban_rural_class(client, brp_official):
    from reglab.reference.urban_rural import class_labels, kommun_classes

    prs = _deck(client, "20")
    slide = next(
        s
        for s in prs.slides
        if any(sh.has_text_frame and sh.text_frame.text == "Stad och land" for sh in s.shapes)
    )
    table = next(sh.table for sh in slide.shapes if getattr(sh, "has_table", False) and sh.has_table)
    counts = {table.cell(r, 0).text: int(table.cell(r, 1).text) for r in range(1, len(table.rows))}
    classes = kommun_classes()
    from reglab.geography.models import Region

    dalarna = Region.objects.get(code="20").children.values_list("code", flat=True)
    expected = {label: sum(classes[c].class3 == label for c in dalarna) for label in class_labels(3)}
    assert counts == {k: v for k, v in expected.items() if v}
    assert sum(counts.values()) == len(dalarna)


def test_compare_deck_has_theme_names_on_the_radar_and_no_overlaps(client, brp_official):
    from pptx import Presentation

    url = reverse("analysis:compare-export", args=["pptx"]) + "?m=brp:Livskvalitet&r=2080&r=20"
    prs = Presentation(io.BytesIO(client.get(url).content))
    radar = next(
        shape.chart
        for slide in prs.slides
        for shape in slide.shapes
        if getattr(shape, "has_chart", False) and shape.has_chart and "RADAR" in str(shape.chart.chart_type)
    )
    assert "T6 Arbete och löner" in [str(c) for c in radar.plots[0].categories]
    for number, slide in enumerate(prs.slides, start=1):
        for (na, a), (nb, b) in itertools.combinations(_boxes(slide), 2):
            assert not _overlap(a, b), f"slide {number}: {na} overlaps {nb}"


def test_deck_charts_use_the_pages_colour_per_series_kind(client, brp_official):
    """Issue 14 item 8 in the deck too: Riket dark grey and dashed, the first region of a chart blue,
    in every chart."""
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    from reglab.analysis.charts import KIND_COLOURS

    def hex_of(colour: str) -> str:
        return colour.lstrip("#").upper()

    prs = _deck(client, "20")
    found = {"riket": 0, "region": 0}
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            chart = shape.chart
            first_region = True
            for series in chart.plots[0].series:
                fmt = series.format
                colour = str(fmt.fill.fore_color.rgb if fmt.fill.type is not None else fmt.line.color.rgb)
                if series.name == "Riket":
                    assert colour == hex_of(KIND_COLOURS["riket"])
                    if fmt.fill.type is None:  # lines and radars are dashed; bars carry no dash
                        assert fmt.line.dash_style == MSO_LINE_DASH_STYLE.DASH
                    found["riket"] += 1
                elif series.name not in {"Totalt", "Kvinnor", "Män"} and first_region:
                    assert colour == hex_of(KIND_COLOURS["region"]), (slide.slide_id, series.name)
                    first_region = False
                    found["region"] += 1
    assert found["riket"] >= 1 and found["region"] >= 1
