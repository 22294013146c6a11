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
