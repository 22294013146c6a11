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
from reglab.analysis.measures import GENDERS, SCALE_TEXT, method_label
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
    append_row(src, ["Skala (BRP+)", str(SCALE_TEXT)])
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
    """Profile and comparison slides laid out on the grid of ``deck_pptx`` (no two shapes overlap)."""
    slides: list[DeckSlide] = []
    for profile in profiles:
        blocks: list[Block] = []
        if profile.themes and any(v is not None for _name, vals in profile.series for v in vals):
            blocks.append(ChartBlock("radar", "Livskvalitet T1–T12", profile.themes, profile.series))
        if profile.bars_categories:
            blocks.append(
                ChartBlock(
                    "bar", "Hållbarhet: Ekonomi, Miljö, Social", profile.bars_categories, profile.bars_series
                )
            )
        note = " ".join(t for t in (profile.subtitle, profile.note, str(SCALE_TEXT)) if t)
        slides.append(DeckSlide(profile.region_name, blocks or [TextBlock([profile.subtitle])], note))
    if comparison is not None and comparison.periods and comparison.series:
        kind = "line" if len(comparison.periods) > 1 else "column"
        chart = ChartBlock(kind, comparison.title, comparison.periods, comparison.series)
        slides.append(DeckSlide(comparison.title, [chart], comparison.note))
    slides.append(sources_slide(sources))
    return deck_pptx(title=title, subtitle=subtitle, slides=slides)


def sources_slide(sources: list[SourceRow], *, limit: int = 14) -> DeckSlide:
    """The "Källor och metod" slide: one row per source (at most ``limit``, the rest in the XLSX)."""
    # Cells are cut to 90 characters so a row keeps its height on the slide (the XLSX has the full text).
    rows = [[str(c)[:90] for c in row][:4] + [""] * (4 - len(row)) for row in sources[:limit]]
    return DeckSlide(
        _("Källor och metod"),
        [TableBlock([_("Vad"), _("Källa"), _("Version"), _("Metod/läge")], rows or [["–", "", "", ""]])],
        note=_("Skapad %(d)s i Reglab.") % {"d": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")},
    )


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
        # Theme names on the radar, not only T1–T12 (issue 14).
        themes=[
            f"{r['code']} {r['label']}" if r["code"] != r["label"] else r["label"]
            for r in profile.life_themes
        ],
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


# --- The region workshop deck: slides as data, laid out on a grid ------------------------------------


@dataclass
class ChartBlock:
    kind: str  # radar | bar | column | line | scatter
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    # scatter: one list of (x, y) points per series name
    points: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)


def series_kind(name: str) -> str:
    """The kind of a series by its name, for the fixed colours of ``charts.KIND_COLOURS``."""
    kinds = {"T": "total", "K": "women", "M": "men"}
    by_name = {str(label): kinds[code] for code, label in GENDERS}
    by_name.update({"Riket": "riket", str(_("Riket")): "riket", "Kvinnor": "women", "Män": "men"})
    return by_name.get(name, "region")


def _colour_series(graphic, kind: str, names: list[str]) -> None:
    """The deck's charts speak the pages' colour language: one colour per series kind."""
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    from reglab.analysis.charts import DASHED_KINDS, series_colours

    kinds = [series_kind(n) for n in names]
    for series, colour, series_type in zip(
        graphic.plots[0].series, series_colours(kinds, len(kinds)), kinds, strict=False
    ):
        rgb = RGBColor.from_string(colour.lstrip("#").upper())
        if kind in {"bar", "column"}:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb
        else:
            series.format.line.color.rgb = rgb
            if series_type in DASHED_KINDS:
                series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            if kind == "scatter":
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = rgb


@dataclass
class TableBlock:
    header: list[str]
    rows: list[list]


@dataclass
class TextBlock:
    lines: list[str]


Block = ChartBlock | TableBlock | TextBlock


@dataclass
class DeckSlide:
    title: str
    blocks: list[Block]
    note: str = ""


@dataclass(frozen=True)
class Box:
    """A shape's place on the slide in inches."""

    left: float
    top: float
    width: float
    height: float


SLIDE_W, SLIDE_H, MARGIN, GAP = 13.333, 7.5, 0.5, 0.25
TITLE_BOX = Box(MARGIN, 0.3, SLIDE_W - 2 * MARGIN, 0.8)
NOTE_BOX = Box(MARGIN, 6.55, SLIDE_W - 2 * MARGIN, 0.65)
BODY_TOP, BODY_BOTTOM = TITLE_BOX.top + TITLE_BOX.height + GAP, NOTE_BOX.top - GAP


def grid(columns: int, *, has_note: bool = True) -> list[Box]:
    """``columns`` side-by-side boxes filling the body area, a gap between them: never overlapping."""
    bottom = BODY_BOTTOM if has_note else SLIDE_H - MARGIN
    width = (SLIDE_W - 2 * MARGIN - GAP * (columns - 1)) / columns
    return [
        Box(MARGIN + i * (width + GAP), BODY_TOP, width, bottom - BODY_TOP) for i in range(max(columns, 1))
    ]


def _number(value) -> str:
    """A cell's text: one decimal for floats, "–" for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def deck_pptx(*, title: str, subtitle: str, slides: list[DeckSlide]) -> bytes:
    """A widescreen deck: a title slide, then each slide's title, blocks side by side, and a note."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    # Title-only slides: the title stays a real title (outline view, screen readers), moved onto the
    # grid like every other shape.
    title_only = prs.slide_layouts[5]

    def place(shape, box: Box) -> None:
        shape.left, shape.top = Inches(box.left), Inches(box.top)
        shape.width, shape.height = Inches(box.width), Inches(box.height)

    def title_text(shape, lines: list[str], size: int) -> None:
        shape.text_frame.text = "\n".join(lines)
        shape.text_frame.word_wrap = True
        for p in shape.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(size)

    def text(slide, box: Box, lines: list[str], size: int, *, bold: bool = False) -> None:
        shape = slide.shapes.add_textbox(*(Inches(v) for v in (box.left, box.top, box.width, box.height)))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for i, line in enumerate(lines or [""]):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.text = line
            for run in p.runs:
                run.font.size = Pt(size)
                run.font.bold = bold

    kinds = {
        "radar": XL_CHART_TYPE.RADAR_MARKERS,
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "line": XL_CHART_TYPE.LINE_MARKERS,
    }

    def chart(slide, box: Box, block: ChartBlock) -> None:
        place = [Inches(v) for v in (box.left, box.top, box.width, box.height)]
        if block.kind == "scatter":
            xy = XyChartData()
            for name, points in block.points:
                series = xy.add_series(name)
                for x, y in points:
                    series.add_data_point(round(x, 2), round(y, 2))
            graphic = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *place, xy).chart
        else:
            data = CategoryChartData()
            data.categories = block.categories
            for name, vals in block.series:
                data.add_series(name, _chart_values(vals))
            graphic = slide.shapes.add_chart(kinds[block.kind], *place, data).chart
            values = [v for _n, vals in block.series for v in vals if v is not None]
            if block.kind in {"bar", "column"} and values and min(values) >= 0:
                graphic.value_axis.minimum_scale = 0  # bars start at zero, or their lengths mislead
        names = [name for name, _v in (block.points if block.kind == "scatter" else block.series)]
        _colour_series(graphic, block.kind, names)
        graphic.has_legend = True
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
        graphic.has_title = True
        graphic.chart_title.text_frame.text = block.title

    def table(slide, box: Box, block: TableBlock) -> None:
        n = len(block.rows) + 1
        shape = slide.shapes.add_table(
            n,
            len(block.header),
            *(Inches(v) for v in (box.left, box.top, box.width, min(box.height, 0.32 * n))),
        )
        grid_table = shape.table
        for r, row in enumerate([block.header, *block.rows]):
            grid_table.rows[r].height = Inches(min(box.height, 0.32 * n) / n)
            for c, value in enumerate(row):
                cell = grid_table.cell(r, c)
                cell.text = _number(value)
                for p in cell.text_frame.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10)

    first = prs.slides.add_slide(prs.slide_layouts[0])
    place(first.shapes.title, Box(MARGIN, 2.3, SLIDE_W - 2 * MARGIN, 1.4))
    title_text(first.shapes.title, [title], 36)
    place(first.placeholders[1], Box(MARGIN, 3.9, SLIDE_W - 2 * MARGIN, 1.2))
    title_text(first.placeholders[1], subtitle.split("\n"), 18)
    for spec in slides:
        slide = prs.slides.add_slide(title_only)
        place(slide.shapes.title, TITLE_BOX)
        title_text(slide.shapes.title, [spec.title], 26)
        for box, block in zip(grid(len(spec.blocks), has_note=bool(spec.note)), spec.blocks, strict=False):
            if isinstance(block, ChartBlock):
                chart(slide, box, block)
            elif isinstance(block, TableBlock):
                table(slide, box, block)
            else:
                text(slide, box, block.lines, 12)
        if spec.note:
            text(slide, NOTE_BOX, [spec.note], 10)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- Catalogue, rankings and series (issue 14) ---------------------------------------------------------

CATALOGUE_HEADER = ["matt_id", "id", "titel", "typ", "tema", "kalla", "enhet"]
RANKING_HEADER = ["rang", "region_kod", "region", "matt_id", "matt", "period", "varde", "markerad"]
SERIES_HEADER = ["region_kod", "region", "matt_id", "matt", "period", "varde", "metod", "dataversion"]


def catalogue_bundle(entries) -> ExportBundle:
    """The measure catalogue (``catalogue.CatalogueEntry`` rows) as one table."""
    rows = [[e.key, e.ident, e.title, e.kind, e.theme, e.source, e.unit] for e in entries]
    return ExportBundle(title=_("Måttkatalog"), tables=[Table("Mått", CATALOGUE_HEADER, rows)])


def ranking_bundle(result) -> ExportBundle:
    """A ``catalogue.Ranking``: every region of the level with its rank; the highlighted one marked."""
    measure = result.measure
    rows = [
        [r["rank"], r["region"].code, r["region"].name, measure.key, measure.label, result.period, r["value"],
         "x" if r["mine"] else ""]
        for r in result.rows
    ]  # fmt: skip
    version = measure.version.number if measure.version else ""
    sources: list[SourceRow] = [[measure.label, measure.source or "Källa: Kolada", version, measure.rule]]
    sources += [[_("Metod"), n, "", ""] for n in result.notes]
    return ExportBundle(
        title=measure.label, tables=[Table("Rangordning", RANKING_HEADER, rows)], sources=sources
    )


def series_bundle(region, measure, points, notes: list[str]) -> ExportBundle:
    """A region's series (``catalogue.SeriesPoint``) with the data version of every point."""
    rows = [
        [region.code, region.name, measure.key, measure.label, p.period, p.value, p.method, p.source]
        for p in points
    ]
    sources: list[SourceRow] = [[measure.label, s, "", ""] for s in sorted({p.source for p in points})]
    sources += [[_("Metod"), n, "", ""] for n in notes]
    return ExportBundle(
        title=measure.label, tables=[Table("Tidsserie", SERIES_HEADER, rows)], sources=sources
    )
