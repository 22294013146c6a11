"""Exports of profiles and comparisons: CSV, XLSX (values + sources sheet) and a PPTX workshop deck.

Two layers: ``profile_bundle``/``compare_bundle``/``*_deck`` turn a ``ProfilePage`` or ``Comparison`` into
plain tables and slides, and the format writers (``to_csv``, ``to_xlsx``, ``to_pptx``) write those, so
every format shows the same numbers. Charts in the deck are native PowerPoint charts (editable in
PowerPoint, data embedded), not pictures.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.analysis.maps import MapPage
from reglab.analysis.measures import SCALE_TEXT, method_label
from reglab.analysis.profile import ProfilePage, run_modes_text
from reglab.analysis.series import Comparison
from reglab.writers.spreadsheet import append_row, csv_bytes


def slug(text: str) -> str:
    """ASCII file-name part: 'Västra Götalands län' → 'vastra-gotalands-lan'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "export"


@dataclass
class Table:
    """A sheet: title, header and rows (values may be None)."""

    name: str
    header: list[str]
    rows: list[list]


# A "Källor" row: what, source, version, mode/method; a version number stays a number in the sheet.
SourceRow = list[str | int]


@dataclass
class ExportBundle:
    title: str
    tables: list[Table]
    sources: list[SourceRow] = field(default_factory=list)


def to_csv(table: Table) -> bytes:
    """UTF-8 with BOM (Excel opens Swedish characters correctly), comma separated, decimal point; text
    that a spreadsheet would run as a formula is neutralised (``writers.spreadsheet``)."""
    return csv_bytes([table.header, *table.rows])


def to_xlsx(bundle: ExportBundle) -> bytes:
    """The tables and a "Källor" sheet; every text is a string cell, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for table in bundle.tables:
        ws = wb.create_sheet(table.name[:31])
        append_row(ws, table.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(ws, row)
        for col, head in zip(ws.columns, table.header, strict=False):
            width = max([len(str(head)), *(len(str(c.value)) for c in col if c.value is not None)][:200])
            ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
    src = wb.create_sheet("Källor")
    append_row(src, ["Vad", "Källa", "Version", "Metod/läge"])
    for cell in src[1]:
        cell.font = Font(bold=True)
    for row in bundle.sources:
        append_row(src, row)
    src.append([])
    append_row(src, ["Skala (BRP+)", SCALE_TEXT])
    append_row(src, ["Skapad", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "Reglab"])
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
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 2) for v in values
    ]


def to_pptx(
    *,
    title: str,
    subtitle: str,
    profiles: list[ProfileSlide],
    comparison: ComparisonSlide | None,
    sources: list[SourceRow],
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

    def add_chart(slide, kind, box: tuple[float, float, float, float], categories, series, title=""):
        """A native chart with its legend at the bottom (and a title when given)."""
        data = CategoryChartData()
        data.categories = categories
        for name, vals in series:
            data.add_series(name, _chart_values(vals))
        chart = slide.shapes.add_chart(kind, *(Inches(v) for v in box), data).chart
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        if title:
            chart.has_title = True
            chart.chart_title.text_frame.text = title

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
        if profile.themes and any(v is not None for _name, vals in profile.series for v in vals):
            add_chart(
                slide,
                XL_CHART_TYPE.RADAR_MARKERS,
                (0.4, 1.8, 6.4, 4.9),
                profile.themes,
                profile.series,
                "Livskvalitet T1–T12",
            )
        if profile.bars_categories:
            add_chart(
                slide,
                XL_CHART_TYPE.BAR_CLUSTERED,
                (7.0, 1.8, 5.9, 4.9),
                profile.bars_categories,
                profile.bars_series,
                "Hållbarhet: Ekonomi, Miljö, Social",
            )
        text_box(slide, (profile.note + " " + str(SCALE_TEXT)).strip(), 6.8, 11)

    if comparison is not None and comparison.periods and comparison.series:
        slide = prs.slides.add_slide(blank)
        slide.shapes.title.text = comparison.title
        kind = XL_CHART_TYPE.LINE_MARKERS if len(comparison.periods) > 1 else XL_CHART_TYPE.COLUMN_CLUSTERED
        add_chart(slide, kind, (0.6, 1.5, 12.1, 5.0), comparison.periods, comparison.series)
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


# --- From pages to tables and slides -------------------------------------------------------------------

VIEW_NAMES = {"K": gettext_lazy("kommunindex"), "L": gettext_lazy("regionindex")}
PROFILE_HEADER = [
    "region_kod", "region", "niva", "del", "kod", "namn", "totalt", "kvinnor", "man",
    "riket_totalt", "riket_kvinnor", "riket_man", "metod",
]  # fmt: skip
STATISTICS_HEADER = [
    "region_kod", "dataset", "matt", "dimensioner", "period", "totalt", "kvinnor", "man", "status", "enhet",
]  # fmt: skip
COMPARE_HEADER = [
    "region_kod", "region", "matt_id", "matt", "kon", "period", "varde", "metod", "medlemmar",
    "medlemmar_med_varde", "kalla",
]  # fmt: skip


def profile_file_name(page: ProfilePage) -> str:
    region, profile = page.region, page.profile
    year = f"-brp{profile.run.config.stampelar}" if profile else ""
    return f"regionprofil-{slug(region.name)}-{region.code}{year}"


def profile_bundle(page: ProfilePage) -> ExportBundle:
    """The profile's BRP+ rows and latest statistics as tables, with one source row per run or version."""
    region, profile = page.region, page.profile
    tables: list[Table] = []
    sources: list[SourceRow] = []
    if profile is not None:
        rows = [
            [region.code, region.name, r["level"], r["part"], r["code"], r["label"], r["T"], r["K"], r["M"],
             r["riket_T"], r["riket_K"], r["riket_M"], profile.method]
            for r in profile.rows
        ]  # fmt: skip
        tables.append(Table("BRP+", PROFILE_HEADER, rows))
        run = profile.run
        sources.append(
            [
                f"BRP+ {run.config.stampelar} ({VIEW_NAMES[profile.view]})",
                "Källa: Kolada" if profile.is_published else run.get_source_display(),
                f"körning {run.pk}, konfiguration {run.config.stampelar}",
                f"{run_modes_text(run)}; {method_label(profile.method)}"
                if not profile.is_published
                else method_label(profile.method),
            ]
        )
    stats = page.statistics
    if stats:
        rows = [
            [region.code, s["dataset"].external_id, s["measure"], s["dimensions"], s["period"], s["total"],
             s["women"], s["men"], s["status"], s["unit"]]
            for s in stats
        ]  # fmt: skip
        tables.append(Table("Statistik", STATISTICS_HEADER, rows))
        versions = {s["version"].pk: s for s in stats}  # first row per version, in order
        for s in versions.values():
            v = s["version"]
            sources.append(
                [
                    s["dataset"].title or s["dataset"].external_id,
                    s["attribution"],
                    f"version {v.number}, hämtad {v.fetched_at:%Y-%m-%d}",
                    v.origin[:200],
                ]
            )
    return ExportBundle(title=region.name, tables=tables, sources=sources)


def profile_slide(page: ProfilePage) -> ProfileSlide | None:
    profile = page.profile
    if profile is None:
        return None
    note = method_label(profile.method)
    if profile.is_approximation:
        note = _("Approximation från %(n)d kommuner: %(m)s.") % {"n": profile.members, "m": note}
    return ProfileSlide(
        region_name=page.region.name,
        subtitle=_("BRP+ %(year)s, %(view)s. %(src)s")
        % {
            "year": profile.run.config.stampelar,
            "view": VIEW_NAMES[profile.view],
            "src": "Källa: Kolada" if profile.is_published else "",
        },
        themes=page.radar_axes,
        series=page.radar_series,
        bars_categories=[r["label"] for r in profile.sustainability_themes],
        bars_series=page.bar_series,
        note=note,
    )


def profile_deck(page: ProfilePage) -> bytes:
    """Workshop deck for one region: title, profile, the region's parts next to Riket's, sources."""
    region, profile = page.region, page.profile
    slide = profile_slide(page)
    comparison = None
    if profile is not None:
        parts = profile.parts
        comparison = ComparisonSlide(
            title=_("%(r)s jämfört med Riket: BRP+ delindex") % {"r": region.name},
            periods=[p["label"] for p in parts],
            series=[(region.name, [p["T"] for p in parts]), (_("Riket"), [p["riket_T"] for p in parts])],
            note=str(SCALE_TEXT),
        )
    return to_pptx(
        title=_("Regionprofil: %(r)s") % {"r": region.name},
        subtitle=_("Underlag för workshop – Reglab"),
        profiles=[slide] if slide else [],
        comparison=comparison,
        sources=profile_bundle(page).sources or [[_("Inga källor"), "", "", ""]],
    )


def compare_file_name(comparison: Comparison) -> str:
    return f"jamforelse-{slug(comparison.measure.label)}-{len(comparison.regions)}-regioner"


def compare_bundle(comparison: Comparison) -> ExportBundle:
    """One row per value with method and members, and the sources and methods used."""
    measure = comparison.measure
    names = {r.code: r.name for r in comparison.regions}
    rows = [
        [r.region, names.get(r.region, r.region), measure.key, measure.label, comparison.gender, r.period,
         r.value, r.method, r.members, r.members_with_value, r.source]
        for r in comparison.frame.itertuples(index=False)
    ]  # fmt: skip
    # str(): a lazy translation is not a value openpyxl can write (issue 14: a 500 for län comparisons).
    view = str(VIEW_NAMES[comparison.brp_view]) if comparison.brp_view else ""
    version = measure.version.number if measure.version else ""
    sources = [[measure.label, s, version, measure.rule or view] for s in comparison.sources]
    sources += [[_("Metod"), m, "", method_label(m)] for m in comparison.methods]
    return ExportBundle(
        title=measure.label, tables=[Table("Jämförelse", COMPARE_HEADER, rows)], sources=sources
    )


def compare_deck(comparison: Comparison, profiles: list[ProfilePage]) -> bytes:
    """Workshop deck: title, a profile slide per region given, the comparison, sources."""
    measure = comparison.measure
    note = "; ".join(sorted({m for r in comparison.rows for m in r["methods"]}))
    return to_pptx(
        title=_("Jämförelse: %(m)s") % {"m": measure.label},
        subtitle=", ".join(r.name for r in comparison.regions),
        profiles=[s for s in (profile_slide(p) for p in profiles) if s is not None],
        comparison=ComparisonSlide(
            title=measure.label,
            periods=comparison.periods,
            series=[(r["region"].name, r["values"]) for r in comparison.rows],
            note=note,
        ),
        sources=compare_bundle(comparison).sources,
    )


MAP_HEADER = ["region_kod", "region", "niva", "matt_id", "matt", "kon", "period", "varde", "klass"]


def map_file_name(page: MapPage) -> str:
    return f"karta-{slug(page.measure.label)}-{page.level}"


def map_bundle(page: MapPage) -> ExportBundle:
    """The map's table (every region of the level, with its quantile class) and its source and notes."""
    measure, period = page.measure, page.values.period
    rows = [
        [r["region"].code, r["region"].name, page.level, measure.key, measure.label, page.gender, period,
         r["value"], r["class"]]
        for r in page.table
    ]  # fmt: skip
    if measure.is_brp:
        source = (
            "Källa: Kolada"
            if page.level != "fa"
            else _("Reglab: approximation från publicerade kommunindex (Kolada)")
        )
        sources: list[SourceRow] = [[measure.label, source, period, ""]]
    else:
        version = measure.version.number if measure.version else ""
        sources = [[measure.label, measure.source, version, measure.rule]]
    sources += [[_("Metod"), note, "", ""] for note in page.values.notes]
    return ExportBundle(title=measure.label, tables=[Table("Karta", MAP_HEADER, rows)], sources=sources)
