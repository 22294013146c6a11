"""Bytes → `Deck` of `Slide`s, one reader per format."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import cast

from reglab.readers.bounded import LimitExceeded, env_limits, run_bounded
from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.safety import (
    DEFAULT_MAX_BYTES,
    MAX_LINE_CHARS,
    MAX_SLIDES,
    MAX_TEXT_CHARS,
    check_parts,
    sniff,
)

# Memory and time for reading one deck in the child process (REGLAB_DECK_MEMORY_MB and
# REGLAB_DECK_TIMEOUT_SECONDS): a real 25 MB deck needs about 150 MB and a few seconds.
DECK_MEMORY_MB = 640
DECK_SECONDS = 20


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
    """Check and read a deck. Raises DeckError (one-line message) for anything unreadable.

    The size is checked here; everything else runs in a child process with hard limits on memory and
    time (reglab.readers.bounded), so a hostile file costs the caller neither.
    """
    if len(data) > max_bytes:
        raise DeckError("too_large", size=len(data), limit=max_bytes)
    if not data:
        raise DeckError("empty")
    # Even the zip directory is read in the child: 25 MB of it is half a million entries.
    limits = env_limits("REGLAB_DECK", memory_mb=DECK_MEMORY_MB, seconds=DECK_SECONDS)
    try:
        # The child returns what read_deck_unbounded returns; pickling loses the static type.
        return cast(
            Deck,
            run_bounded(
                "reglab.readers.decks.read:read_deck_unbounded",
                data,
                filename,
                max_bytes=max_bytes,
                limits=limits,
            ),
        )
    except DeckError:
        raise
    except LimitExceeded as exc:
        if exc.kind == "memory":
            raise DeckError("too_much_memory", limit=limits.memory_bytes // (1024 * 1024)) from None
        if exc.kind == "time":
            raise DeckError("too_slow", limit=limits.seconds) from None
        raise DeckError("crashed") from None
    except Exception as exc:  # a parser library's own error type: one line, not a traceback
        raise DeckError("corrupt", detail=type(exc).__name__) from exc


def read_deck_unbounded(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Deck:
    """`read_deck` in this process, without the child's limits (runs inside the child)."""
    if len(data) > max_bytes:
        raise DeckError("too_large", size=len(data), limit=max_bytes)
    kind = sniff(data, filename)
    if kind in ("pptx", "docx"):
        check_parts(data, kind)
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
    check_slides(slides, kind)
    return Deck(
        filename=filename, kind=kind, sha256=hashlib.sha256(data).hexdigest(), size=len(data), slides=slides
    )


def check_slides(slides: list[Slide], kind: str) -> None:
    """Bounds on what the proposal parser gets: slides, paragraph length, all text together."""
    if len(slides) > MAX_SLIDES:
        code = "too_many_pages" if kind in ("pdf", "docx") else "too_many_slides"
        raise DeckError(code, count=len(slides), limit=MAX_SLIDES)
    total = 0
    for slide in slides:
        for part in (slide.title or "", *slide.paragraphs, slide.notes):
            total += len(part)
            longest = max((len(line) for line in part.split("\n")), default=0)
            if longest > MAX_LINE_CHARS:
                raise DeckError(
                    "paragraph_too_long", locator=slide.locator, size=longest, limit=MAX_LINE_CHARS
                )
    if total > MAX_TEXT_CHARS:
        raise DeckError("text_too_long", size=total, limit=MAX_TEXT_CHARS)


_BLANKS = re.compile(r"\n[ \t\r\f\v]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by one or more blank lines, trailing spaces kept (they mark wrapped lines)."""
    blocks = _BLANKS.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [b.strip("\n") for b in blocks if b.strip()]
