"""Bytes → `Deck` of `Slide`s, one reader per format."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.safety import DEFAULT_MAX_BYTES, sniff


@dataclass
class Slide:
    """One slide, page or document section.

    `title` is what the format itself marks as the title (title placeholder, largest font, heading
    style) or None for plain text. `paragraphs` are text blocks in reading order; a block may hold
    several lines.
    """

    number: int
    paragraphs: list[str]
    title: str | None = None
    notes: str = ""
    locator_kind: str = "bild"  # "bild" (slide), "sida" (page), "avsnitt" (section)

    @property
    def locator(self) -> str:
        return f"{self.locator_kind} {self.number}"

    @property
    def text(self) -> str:
        parts = ([self.title] if self.title else []) + self.paragraphs
        return "\n\n".join(p for p in parts if p.strip())


@dataclass
class Deck:
    filename: str
    kind: str
    sha256: str
    size: int
    slides: list[Slide] = field(default_factory=list)


def read_deck(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Deck:
    """Check and read a deck. Raises DeckError (one-line message) for anything unreadable."""
    if len(data) > max_bytes:
        raise DeckError("too_large", size=len(data), limit=max_bytes)
    kind = sniff(data, filename)
    if kind == "txt":
        from reglab.readers.decks.text import read_text

        slides = read_text(data)
    elif kind == "pptx":
        from reglab.readers.decks.pptx import read_pptx

        slides = read_pptx(data)
    elif kind == "pdf":
        from reglab.readers.decks.pdf import read_pdf

        slides = read_pdf(data)
    else:
        from reglab.readers.decks.docx import read_docx

        slides = read_docx(data)
    slides = [s for s in slides if s.text.strip() or s.notes.strip()]
    if not slides:
        raise DeckError("no_text")
    return Deck(
        filename=filename, kind=kind, sha256=hashlib.sha256(data).hexdigest(), size=len(data), slides=slides
    )


_BLANKS = re.compile(r"\n[ \t\r\f\v]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by one or more blank lines, trailing spaces kept (they mark wrapped lines)."""
    blocks = _BLANKS.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [b.strip("\n") for b in blocks if b.strip()]
