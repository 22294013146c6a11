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
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    pages_id = len(objects) + 1 + 2 * len(pages)  # the Pages object comes after all pages
    for lines in pages:
        stream = b"".join(
            b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, text.encode("cp1252"))
            for size, x, y, text in lines
        )
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 842 595] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
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
