"""Build small decks in tests (python-pptx, python-docx, a hand-written PDF)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches, Pt


def build_pptx() -> bytes:
    """A deck like a workshop's: a cover, a header repeated on slides, speaker notes, a proposal
    running over two slides, a table with labelled fields, and a grouped text box."""
    prs = Presentation()
    title_only = prs.slide_layouts[5]  # "Title Only"
    title_and_content = prs.slide_layouts[1]

    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Idéworkshop 12 oktober"
    cover.placeholders[1].text = "Reglab"

    # 2–3: one proposal over two slides (same title), with notes on the first.
    s = prs.slides.add_slide(title_and_content)
    s.shapes.title.text = "Kompetensförsörjning i glesbygd"
    body = s.placeholders[1].text_frame
    body.text = "Många kommuner har svårt att rekrytera till välfärden."
    body.add_paragraph().text = "Behov av gemensamma modeller för kompetensplattformar."
    s.notes_slide.notes_text_frame.text = "Kontakt: Anna Berg, anna.berg@regionjh.se"
    s = prs.slides.add_slide(title_and_content)
    s.shapes.title.text = "Kompetensförsörjning i glesbygd"
    s.placeholders[1].text_frame.text = "Reglab: Lärprojekt eller ERFA-träffar med andra regioner."
    box = s.shapes.add_textbox(Inches(6), Inches(6.5), Inches(3), Inches(0.6))
    box.text_frame.text = "Region Jämtland Härjedalen"

    # 4: a table with labelled fields.
    s = prs.slides.add_slide(title_only)
    s.shapes.title.text = "Cirkulär upphandling"
    rows = [
        ("Region", "Region Skåne"),
        ("Beskrivning", "Hur kan offentlig upphandling driva cirkulär ekonomi?"),
        ("Format", "Workshop och studieresa"),
        ("Kontakt", "mailto:per.holm@skane.se"),
    ]
    table = s.shapes.add_table(len(rows), 2, Inches(0.5), Inches(1.5), Inches(9), Inches(3)).table
    for r, (label, value) in enumerate(rows):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value

    # 5: grouped shapes, and a slide that is only a region name continues it (6).
    s = prs.slides.add_slide(title_only)
    s.shapes.title.text = "Smart specialisering och S3"
    group = s.shapes.add_group_shape()
    inner = group.shapes.add_textbox(Inches(0.5), Inches(2), Inches(8), Inches(1))
    inner.text_frame.text = "Seminarium om regionala innovationsstrategier och styrkeområden."
    second = group.shapes.add_textbox(Inches(0.5), Inches(3.2), Inches(8), Inches(1))
    second.text_frame.text = "Vi vill jämföra hur regionerna följer upp sina prioriteringar."
    s = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    box = s.shapes.add_textbox(Inches(1), Inches(3), Inches(6), Inches(1))
    box.text_frame.text = "Region Värmland"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(32)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def build_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Förslag till Reglab 2019", level=0)
    document.add_heading("Digital infrastruktur", level=1)
    document.add_paragraph("Förslag från Region Gävleborg")
    document.add_paragraph("Nätverk för bredbandskoordinatorer om utbyggnad på landsbygden.")
    document.add_paragraph("Kontakt: eva.lind@regiongavleborg.se")
    document.add_heading("Besöksnäring", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Region"
    table.cell(0, 1).text = "Region Kalmar län"
    table.cell(1, 0).text = "Format"
    table.cell(1, 1).text = "Seminarium"
    document.add_paragraph("Hur utvecklar regionerna destinationer året runt?")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(pages: list[list[tuple[int, int, int, str]]]) -> bytes:
    """A minimal PDF: each page is a list of (font size, x, y, text) lines in Helvetica."""
    return _pdf_pages(
        [[(float(size), float(x), float(y), text) for size, x, y, text in lines] for lines in pages], 842, 595
    )


def build_pdf() -> bytes:
    return _pdf(
        [
            [
                (28, 40, 520, "Turism och besöksnäring"),
                (14, 40, 470, "Region Halland"),
                (14, 40, 440, "Seminarium om destinationsutveckling och hållbar turism."),
                (14, 40, 420, "Kontakt: mailto:lars.ek@regionhalland.se"),
            ],
            [
                (28, 40, 520, "Energiomställning"),
                (14, 40, 470, "Nätverk om förnybar energi och regionala energistrategier."),
                (14, 40, 450, "Region Dalarna"),
            ],
        ]
    )


def build_pdf_without_text() -> bytes:
    return _pdf([[]])


def seed_as_pptx(seed_bytes: bytes, *, long_lines: bool = False) -> bytes:
    """The seed deck as a real PPTX (default template: titles 44 pt, body 32 pt): title placeholders,
    notes, "Socialt företagande" over two slides, contact details in a table. With `long_lines`
    each body line the text export wrapped is one paragraph again, so a PDF export wraps it."""
    from reglab.readers.decks.parse import unwrap
    from reglab.readers.decks.text import read_text

    prs = Presentation()
    layout = prs.slide_layouts[1]  # title and content
    for index, slide in enumerate(read_text(seed_bytes)):
        paragraphs = slide.paragraphs
        title, body = " ".join(paragraphs[0].split()), paragraphs[1:]
        if long_lines:
            body = ["\n".join(unwrap(p)) for p in body]
        if title == "Socialt företagande":
            # Split over two slides with the same title; the second carries the format and region.
            first, second = body[:2], body[2:]
            for part in (first, second):
                s = prs.slides.add_slide(layout)
                s.shapes.title.text = title
                s.placeholders[1].text_frame.text = "\n\n".join(part)
            continue
        s = prs.slides.add_slide(layout)
        s.shapes.title.text = title
        if "lena.friborg" in "\n".join(body):
            # Contact details as a table, the rest as text.
            rest = [p for p in body if "mailto:" not in p and p.strip() != "Region Västerbotten"]
            s.placeholders[1].text_frame.text = "\n\n".join(rest)
            table = s.shapes.add_table(2, 2, Inches(0.5), Inches(6.2), Inches(9), Inches(1)).table
            table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Region Västerbotten"
            table.cell(1, 0).text, table.cell(1, 1).text = (
                "Kontakt",
                "mailto:lena.friborg@regionvasterbotten.se",
            )
        else:
            s.placeholders[1].text_frame.text = "\n\n".join(body) if body else ""
        s.notes_slide.notes_text_frame.text = f"Bild {index + 1} från idéworkshopen."
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_pages(pages: list[list[tuple[float, float, float, str]]], width: float, height: float) -> bytes:
    """A PDF with pages of (font size, x, baseline y, text) runs in Helvetica (WinAnsi)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    page_ids = []
    for runs in pages:
        stream = b"".join(
            b"BT /F1 %.2f Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, _escape(text))
            for size, x, y, text in runs
        )
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, width, height, content, font)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def _width(text: str, size: float) -> float:
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy word wrap as an exporter does; the space at a break is not drawn."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate.rstrip(), size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def pptx_as_pdf(pptx_bytes: bytes) -> bytes:
    """A PDF laid out as PowerPoint/LibreOffice export a default-template deck, without either:
    the title placeholder in 44 pt centred, body paragraphs in 32 pt behind a list bullet with a
    hanging indent and space before each paragraph, lines wrapped to the text box, tables in 18 pt
    cells. Notes are not printed (as in an export)."""
    prs = Presentation(io.BytesIO(pptx_bytes))
    emu = 12700  # EMU per point
    width, height = prs.slide_width / emu, prs.slide_height / emu
    pages = []
    for slide in prs.slides:
        runs: list[tuple[float, float, float, str]] = []

        def line(size: float, x: float, top: float, text: str, runs: list = runs) -> None:
            runs.append((size, x, height - top - 0.8 * size, text))

        def is_group(shape) -> bool:
            return shape.shape_type is not None and shape.shape_type.name == "GROUP"

        shapes = list(slide.shapes)
        while any(is_group(shape) for shape in shapes):
            shapes = [inner for shape in shapes for inner in (shape.shapes if is_group(shape) else [shape])]
        for shape in shapes:
            left, top, box = shape.left / emu + 7.2, shape.top / emu + 3.6, shape.width / emu - 14.4
            if shape.is_placeholder and shape.placeholder_format.type.name in ("TITLE", "CENTER_TITLE"):
                wrapped_title = _wrap(" ".join(shape.text_frame.text.split()), 44, box)
                # Anchored in the middle: a title of two lines grows upwards as well as down.
                y = top + (shape.height / emu - 7.2 - len(wrapped_title) * 44 * 1.2) / 2
                for text in wrapped_title:
                    line(44, left + (box - _width(text, 44)) / 2, y, text)
                    y += 44 * 1.2
            elif shape.has_text_frame:
                size, indent, y = 32.0, 27.0, top
                for paragraph in shape.text_frame.paragraphs:
                    text = "".join(run.text for run in paragraph.runs)
                    if not text.strip():
                        y += size * 1.2
                        continue
                    y += size * 0.2
                    line(size, left, y, "•")
                    for wrapped in _wrap(text, size, box - indent):
                        line(size, left + indent, y, wrapped)
                        y += size * 1.2
            elif getattr(shape, "has_table", False) and shape.has_table:
                y = top
                for row in shape.table.rows:
                    cell_left, used = left, 1
                    for cell in row.cells:
                        cell_width = cell.width / emu if hasattr(cell, "width") else box / len(row.cells)
                        lines = _wrap(cell.text, 18, cell_width - 14.4)
                        for number, text in enumerate(lines):
                            line(18, cell_left, y + number * 18 * 1.2, text)
                        used = max(used, len(lines))
                        cell_left += cell_width
                    y += used * 18 * 1.2 + 7.2
        pages.append(runs)
    return _pdf_pages(pages, width, height)
