"""PDF: pypdf checks encryption and page sizes; pdfplumber gives the glyphs, `pdf_layout` the structure.

pdfplumber (on pdfminer.six) rather than pypdf's `visitor_text` for the text: pypdf hands over text
chunks with their text matrix but no glyph widths, so neither a line's right edge (needed to tell a
wrapped line from a new paragraph) nor the gap between a list bullet and its text can be known;
pdfminer.six gives every glyph's box, size and font.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.pdf_layout import Glyph, PageLayout, deck_metrics, page_text, rows_of
from reglab.readers.decks.read import Slide
from reglab.readers.decks.safety import MAX_PAGE_CONTENT_BYTES, MAX_SLIDES, _mb

if TYPE_CHECKING:  # pypdf is imported when a PDF is read, not with this module
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

_FLATE = {"/FlateDecode", "/Fl"}
_COUNT_UP_TO = 1024 * 1024 * 1024


def _inflated_size(raw: bytes, limit: int) -> int:
    """Size of zlib data once inflated, counting in chunks and stopping just past `limit`."""
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    try:
        while data and total <= limit:
            chunk = inflater.decompress(data, 1024 * 1024)
            total += len(chunk)
            data = inflater.unconsumed_tail
    except zlib.error:
        return total  # damaged: pdfminer reads what inflates and stops there too
    return total


def _stream_size(stream: DictionaryObject, limit: int) -> int:
    """Declared-independent unpacked size of one content stream (raw bytes when unfiltered)."""
    raw = getattr(stream, "_data", b"") or b""
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, list) else ([str(filters)] if filters else [])
    if not names:
        return len(raw)
    if names[0] in _FLATE:
        return _inflated_size(raw, limit)
    return len(raw)  # other filters (ASCII85, LZW, …): bounded by the child's memory limit


def _content_streams(page: DictionaryObject, depth: int = 0) -> Iterator[DictionaryObject]:
    """A page's content streams and those of the form XObjects it draws (pdfminer runs both)."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is not None:
        items = contents if isinstance(contents, list) else [contents]
        for item in items:
            yield item.get_object()
    if depth > 3:
        return
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    for ref in (xobjects or {}).values():
        xobject = ref.get_object()
        if str(xobject.get("/Subtype")) == "/Form":
            yield xobject
            yield from _content_streams(xobject, depth + 1)


def check_pages(reader: PdfReader) -> None:
    """Refuse, by number, a page whose content unpacks to more than MAX_PAGE_CONTENT_BYTES."""
    for number, page in enumerate(reader.pages, start=1):
        total = 0
        seen: set[int] = set()
        for stream in _content_streams(page):
            if id(stream) in seen:
                continue
            seen.add(id(stream))
            # Counting on past the limit (in 1 MB chunks, nothing kept) gives the real size for the message.
            total += _stream_size(stream, _COUNT_UP_TO)
            if total > MAX_PAGE_CONTENT_BYTES:
                raise DeckError(
                    "page_too_large", number=number, size=_mb(total), limit=_mb(MAX_PAGE_CONTENT_BYTES)
                )


def _glyph(char: dict[str, Any]) -> Glyph:
    return Glyph(
        text=str(char["text"]),
        x0=float(char["x0"]),
        x1=float(char["x1"]),
        top=float(char["top"]),
        bottom=float(char["bottom"]),
        size=float(char["size"]),
        font=str(char.get("fontname", "")),
    )


def read_pdf(data: bytes) -> list[Slide]:
    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner-password-only PDF opens with the empty password; a real one does not.
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise DeckError("encrypted") from exc
            if not opened:
                raise DeckError("encrypted")
        page_count = len(reader.pages)
        if page_count > MAX_SLIDES:
            raise DeckError("too_many_pages", count=page_count, limit=MAX_SLIDES)
        check_pages(reader)
    except DeckError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError, AttributeError) as exc:
        raise DeckError("corrupt", detail="ogiltig PDF") from exc
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            pages: list[PageLayout] = []
            for number, pdf_page in enumerate(pdf.pages, start=1):
                pages.append(PageLayout(number=number, rows=rows_of([_glyph(c) for c in pdf_page.chars])))
                pdf_page.close()  # pdfplumber keeps each page's parsed objects until closed
    except DeckError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise DeckError("corrupt", detail="ogiltig PDF") from exc
    metrics = deck_metrics(pages)
    slides: list[Slide] = []
    for page in pages:
        if not page.rows:
            continue
        title, paragraphs = page_text(page.rows, metrics)
        slides.append(Slide(number=page.number, title=title, paragraphs=paragraphs, locator_kind="sida"))
    if not slides:
        raise DeckError("no_text")
    return slides
