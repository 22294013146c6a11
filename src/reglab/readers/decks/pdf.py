"""PDF: pypdf checks encryption; pdfplumber gives words with font sizes, the largest line is the title."""

from __future__ import annotations

import io
import statistics

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.read import Slide, split_paragraphs


def _lines(words) -> list[tuple[float, float, str]]:
    """Group words into lines: (top, max font size, text)."""
    lines: list[list] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0] - w["top"]) < 3:
            lines[-1][1] = max(lines[-1][1], w["size"])
            lines[-1][2].append(w["text"])
        else:
            lines.append([w["top"], w["size"], [w["text"]]])
    return [(top, size, " ".join(texts)) for top, size, texts in lines]


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
    except DeckError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise DeckError("corrupt", detail="ogiltig PDF") from exc
    if page_count > 500:
        raise DeckError("too_large", size=page_count, limit=500)
    slides: list[Slide] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
                if not words:
                    continue
                lines = _lines(words)
                sizes = [size for _, size, _ in lines]
                body_size = statistics.median(sizes)
                top_size = max(sizes)
                title = None
                if top_size > body_size * 1.15:
                    title = " ".join(text for _, size, text in lines if size >= top_size - 0.5)
                # Paragraph breaks where the vertical gap is clearly larger than the line height.
                body_lines = [(t, s, x) for t, s, x in lines if title is None or s < top_size - 0.5]
                text_parts: list[str] = []
                previous = None
                for top, size, text in body_lines:
                    if previous is not None and top - previous > size * 1.9:
                        text_parts.append("")
                    text_parts.append(text)
                    previous = top
                slides.append(
                    Slide(
                        number=number,
                        title=title,
                        paragraphs=split_paragraphs("\n".join(text_parts)),
                        locator_kind="sida",
                    )
                )
    except DeckError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise DeckError("corrupt", detail="ogiltig PDF") from exc
    if not slides:
        raise DeckError("no_text")
    return slides
