"""The SVG charts are well-formed, accessible and escape every label."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reglab.analysis import charts

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well-formed
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    return root


def test_radar_has_one_polygon_per_series_and_point_titles():
    axes = [f"T{i}" for i in range(1, 13)]
    svg = charts.radar_svg(
        axes, [("Falun <script>", [50.0] * 12), ("Riket", [40.0] * 11 + [None])], title="Radar & test"
    )
    root = _parse(svg)
    assert "<script>" not in svg and "Falun &lt;script&gt;" in svg
    series = [p for p in root.iter(f"{NS}polygon") if p.get("stroke-width") == "2"]
    assert len(series) == 2
    points = [c.find(f"{NS}title").text for c in root.iter(f"{NS}circle")]
    assert len(points) == 23 and "Riket, T1: 40,0" in points


def test_bars_and_lines_are_well_formed():
    bars = _parse(charts.bars_svg(["Ekonomi", "Miljö"], [("Totalt", [35.0, None])], title="Bars"))
    assert [
        r.find(f"{NS}title").text for r in bars.iter(f"{NS}rect") if r.find(f"{NS}title") is not None
    ] == ["Ekonomi, Totalt: 35,0"]
    lines = _parse(
        charts.line_svg(
            ["2021", "2022", "2023"], [("A", [1.0, None, 3.0]), ("B", [2.0, 2.5, 2.7])], title="L"
        )
    )
    # A gap breaks series A into single points (no polyline), B is one polyline.
    assert len(list(lines.iter(f"{NS}polyline"))) == 1
    assert charts.line_svg([], [], title="empty") == ""


def test_swedish_number_format():
    assert charts._fmt(1234567.891, 1) == "1\u202f234\u202f567,9"
    assert charts._fmt(None) == "–"
    assert charts._fmt(float("nan")) == "–"


def _legend_colours(svg: str) -> dict[str, str]:
    """Legend entry → colour (every chart draws a swatch rect followed by its text)."""
    root = _parse(svg)
    out, last = {}, None
    for el in root.iter():
        if el.tag == f"{NS}rect" and el.get("width") == "12":
            last = el.get("fill")
        elif el.tag == f"{NS}text" and last is not None:
            out[el.text] = last
            last = None
    return out


def test_a_series_kind_has_one_colour_in_every_chart():
    """Issue 14: colours changed meaning between charts; now a kind (Riket, women, men…) keeps its colour."""
    axes = [f"T{i}" for i in range(1, 13)]
    radar = charts.radar_svg(
        axes, [("Falun", [50.0] * 12), ("Riket", [40.0] * 12)], title="R", kinds=["region", "riket"]
    )
    dots = charts.dots_svg(
        axes,
        [("Kvinnor", [-26.0] * 12), ("Män", [114.0] * 12), ("Riket", [40.0] * 12)],
        title="D",
        kinds=["women", "men", "riket"],
    )
    bars = charts.bars_svg(
        ["Ekonomi"],
        [("Totalt", [1.0]), ("Kvinnor", [2.0]), ("Män", [3.0]), ("Riket", [4.0])],
        title="B",
        kinds=["total", "women", "men", "riket"],
    )
    lines = charts.line_svg(
        ["2024"], [("Riket", [1.0]), ("Falun", [2.0])], title="L", kinds=["riket", "region"]
    )
    seen = [_legend_colours(svg) for svg in (radar, dots, bars, lines)]
    riket = {c["Riket"] for c in seen}
    assert riket == {charts.KIND_COLOURS["riket"]}
    assert {seen[1]["Kvinnor"], seen[2]["Kvinnor"]} == {charts.KIND_COLOURS["women"]}
    assert {seen[1]["Män"], seen[2]["Män"]} == {charts.KIND_COLOURS["men"]}
    assert seen[0]["Falun"] == seen[3]["Falun"] == charts.KIND_COLOURS["region"]
    # No kind borrows another kind's colour.
    assert len(set(charts.KIND_COLOURS[k] for k in ("region", "riket", "women", "men", "group"))) == 5
    assert not set(charts.REGION_COLOURS[1:]) & {
        charts.KIND_COLOURS[k] for k in ("riket", "women", "men", "group")
    }


def test_dot_plot_keeps_values_outside_0_100_on_the_axis_and_states_the_scale():
    svg = charts.dots_svg(
        ["T1", "T2"],
        [("Kvinnor", [-26.0, 50.0]), ("Män", [114.0, None])],
        title="D",
        kinds=["women", "men"],
        scale="Skala 0–100 (skuggat)",
    )
    root = _parse(svg)
    width = float(root.get("viewBox").split()[2])
    xs = [float(c.get("cx")) for c in root.iter(f"{NS}circle")]
    assert len(xs) == 3 and all(0 < x < width for x in xs)
    titles = [c.find(f"{NS}title").text for c in root.iter(f"{NS}circle")]
    assert "T1, Kvinnor: −26,0" in titles or "T1, Kvinnor: -26,0" in titles
    assert "Skala 0–100 (skuggat)" in svg and "Skala 0–100 (skuggat)" in root.find(f"{NS}desc").text
