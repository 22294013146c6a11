"""Hostile documents built in tests: small files that unpack or parse to a lot.

Each builder streams its compressed payload, so building never holds the unpacked size in memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from pptx import Presentation

MB = 1024 * 1024


def _deflate_repeated(unit: bytes, size: int) -> bytes:
    """`unit` repeated to `size` bytes, zlib-compressed chunk by chunk."""
    compressor = zlib.compressobj(9)
    block = unit * (MB // len(unit))
    parts = []
    written = 0
    while written < size:
        piece = block[: min(len(block), size - written)]
        parts.append(compressor.compress(piece))
        written += len(piece)
    parts.append(compressor.flush())
    return b"".join(parts)


def inflating_pdf(unpacked: int = 300 * MB) -> bytes:
    """One page whose content stream (drawing operators) inflates to `unpacked` bytes."""
    content = _deflate_repeated(b"0 0 m 1 1 l S\n", unpacked)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _padded_slide(original: bytes, size: int) -> bytes:
    """A valid slide XML grown to about `size` bytes with a comment (any XML parser reads it all)."""
    head, sep, tail = original.partition(b"<p:cSld")
    filler = b"<!--" + b"x" * max(0, size - len(original) - 7) + b"-->"
    return head + filler + sep + tail


def pptx_with_large_slides(slides: int = 29, slide_xml: int = 10 * MB) -> bytes:
    """A real deck of `slides` slides, each slide part padded to `slide_xml` bytes of XML; the zip
    stays a few MB, under the zip-bomb checks (ratio and total)."""
    prs = Presentation()
    for number in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Förslag {number}"
        slide.placeholders[1].text_frame.text = "Region Skåne vill ha ett lärprojekt."
    buffer = io.BytesIO()
    prs.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("ppt/slides/slide") and info.filename.endswith(".xml"):
                data = _padded_slide(data, slide_xml)
            target.writestr(info.filename, data)
    return out.getvalue()


def one_long_line(size: int = 200 * 1024) -> bytes:
    """A text deck that is one line: letters, dots and at-signs that once made the e-mail
    pattern rescan the line from every position."""
    unit = b"kontakt.person.region" * 3 + b"@"
    return (unit * (size // len(unit) + 1))[:size]
