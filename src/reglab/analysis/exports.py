"""Exports of profiles and comparisons: CSV, XLSX (values + sources sheet) and a PPTX workshop deck.

Pure builders over plain dicts/lists prepared by the views, so every format shows the same numbers.
Charts in the deck are native PowerPoint charts (editable in PowerPoint, data embedded), not pictures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

SCALE_NOTE = (
    "0 = svagast, 100 = starkast kommun/region i Sverige senaste året – en relativ position, "
    "inte en absolut nivå."
)


def slug(text: str) -> str:
    """ASCII file-name part: 'Västra Götalands län' → 'vastra-gotalands-lan'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "export"


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


@dataclass
class Table:
    """A sheet: title, header and rows (values may be None)."""

    name: str
    header: list[str]
    rows: list[list]


@dataclass
class ExportBundle:
    title: str
    tables: list[Table]
    sources: list[list[str]] = field(default_factory=list)  # rows: what, source, version, mode/method


def to_csv(table: Table) -> bytes:
    """UTF-8 with BOM (Excel opens Swedish characters correctly), comma separated, decimal point."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if _num(v) is None else v for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(bundle: ExportBundle) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for table in bundle.tables:
        ws = wb.create_sheet(table.name[:31])
        ws.append(table.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([_num(v) for v in row])
        for col, head in zip(ws.columns, table.header, strict=False):
            width = max([len(str(head)), *(len(str(c.value)) for c in col if c.value is not None)][:200])
            ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
    src = wb.create_sheet("Källor")
    src.append(["Vad", "Källa", "Version", "Metod/läge"])
    for cell in src[1]:
        cell.font = Font(bold=True)
    for row in bundle.sources:
        src.append(row)
    src.append([])
    src.append(["Skala (BRP+)", SCALE_NOTE])
    src.append(["Skapad", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "Reglab"])
    src.column_dimensions["A"].width = 40
    src.column_dimensions["B"].width = 60
    src.column_dimensions["C"].width = 30
    src.column_dimensions["D"].width = 50
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ProfileSlide:
    region_name: str
    subtitle: str
    themes: list[str]  # radar axes (T1..T12)
    series: list[tuple[str, list[float | None]]]  # e.g. region total, Riket
    bars_categories: list[str]  # Ekonomi, Miljö, Social
    bars_series: list[tuple[str, list[float | None]]]  # Totalt, Kvinnor, Män
    note: str = ""


@dataclass
class ComparisonSlide:
    title: str
    periods: list[str]
    series: list[tuple[str, list[float | None]]]
    note: str = ""


def _chart_values(values: Sequence[float | None]) -> list[float | None]:
    return [None if _num(v) is None else round(float(v), 2) for v in values]


def to_pptx(
    *,
    title: str,
    subtitle: str,
    profiles: list[ProfileSlide],
    comparison: ComparisonSlide | None,
    sources: list[list[str]],
) -> bytes:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[5]  # title only

    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = subtitle

    def text_box(slide, text: str, top: float, size: int = 12) -> None:
        box = slide.shapes.add_textbox(Inches(0.5), Inches(top), Inches(12.3), Inches(0.6))
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        for p in box.text_frame.paragraphs:
            for r in p.runs:
                r.font.size = Pt(size)

    for profile in profiles:
        slide = prs.slides.add_slide(blank)
        slide.shapes.title.text = profile.region_name
        text_box(slide, profile.subtitle, 1.2, 14)
        if profile.themes and any(v is not None for _, vals in profile.series for v in vals):
            data = CategoryChartData()
            data.categories = profile.themes
            for name, vals in profile.series:
                data.add_series(name, _chart_values(vals))
            gf = slide.shapes.add_chart(
                XL_CHART_TYPE.RADAR_MARKERS, Inches(0.4), Inches(1.8), Inches(6.4), Inches(4.9), data
            )
            chart = gf.chart
            chart.has_legend = True
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.has_title = True
            chart.chart_title.text_frame.text = "Livskvalitet T1–T12"
        if profile.bars_categories:
            data = CategoryChartData()
            data.categories = profile.bars_categories
            for name, vals in profile.bars_series:
                data.add_series(name, _chart_values(vals))
            gf = slide.shapes.add_chart(
                XL_CHART_TYPE.BAR_CLUSTERED, Inches(7.0), Inches(1.8), Inches(5.9), Inches(4.9), data
            )
            chart = gf.chart
            chart.has_legend = True
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.has_title = True
            chart.chart_title.text_frame.text = "Hållbarhet: Ekonomi, Miljö, Social"
        text_box(slide, (profile.note + " " + SCALE_NOTE).strip(), 6.8, 11)

    if comparison is not None and comparison.periods and comparison.series:
        slide = prs.slides.add_slide(blank)
        slide.shapes.title.text = comparison.title
        data = CategoryChartData()
        data.categories = comparison.periods
        for name, vals in comparison.series:
            data.add_series(name, _chart_values(vals))
        kind = XL_CHART_TYPE.LINE_MARKERS if len(comparison.periods) > 1 else XL_CHART_TYPE.COLUMN_CLUSTERED
        gf = slide.shapes.add_chart(kind, Inches(0.6), Inches(1.5), Inches(12.1), Inches(5.0), data)
        gf.chart.has_legend = True
        gf.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        gf.chart.legend.include_in_layout = False
        if comparison.note:
            text_box(slide, comparison.note, 6.7, 11)

    slide = prs.slides.add_slide(blank)
    slide.shapes.title.text = "Källor och metod"
    rows = len(sources) + 1
    shape = slide.shapes.add_table(rows, 4, Inches(0.5), Inches(1.5), Inches(12.3), Inches(0.4 * rows))
    table = shape.table
    for c, head in enumerate(["Vad", "Källa", "Version", "Metod/läge"]):
        table.cell(0, c).text = head
    for r, row in enumerate(sources, start=1):
        for c in range(4):
            table.cell(r, c).text = str(row[c]) if c < len(row) else ""
            for p in table.cell(r, c).text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(11)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
