"""Plain text exported from a slide deck.

Two shapes are understood:
- the usual export: slides separated by two or more blank lines (or form feeds);
- explicit markers, e.g. markitdown's "<!-- Slide number: 3 -->" or "--- Bild 3 ---" lines; then a
  leading "# Heading" is the slide title and a "### Notes:" section holds the speaker notes.
"""

from __future__ import annotations

import re

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.read import Slide, split_paragraphs
from reglab.readers.decks.safety import check_text

_SLIDE_BREAK = re.compile(r"\n(?:[ \t\r\v]*\n){2,}")
# Blanks within the line only ([ \t], not \s): with re.M, `^\s*` would run over every following
# blank line from each line start, which is quadratic in a file of blank lines.
_MARKER = re.compile(
    r"^[ \t]*(?:<!--[ \t]*slide[ \t]+number:[ \t]*(\d+)[ \t]*-->"
    r"|[-=#]{2,}[ \t]*(?:slide|bild|sida|page)[ \t]*(\d+)[ \t]*[-=#]*)[ \t]*$",
    re.I | re.M,
)
_NOTES = re.compile(r"^#{1,6}[ \t]*(?:notes|anteckningar|talaranteckningar)[ \t]*:?[ \t]*$", re.I | re.M)
_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DeckError("unknown_type")


def _marked(text: str) -> list[Slide]:
    slides: list[Slide] = []
    markers = list(_MARKER.finditer(text))
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        chunk = text[m.end() : end]
        notes = ""
        notes_match = _NOTES.search(chunk)
        if notes_match:
            chunk, notes = chunk[: notes_match.start()], chunk[notes_match.end() :].strip()
        paragraphs = split_paragraphs(chunk)
        title = None
        if paragraphs:
            first_line, _, rest = paragraphs[0].partition("\n")
            heading = _HEADING.match(first_line.strip())
            if heading:
                title = heading.group(1).strip()
                paragraphs = ([rest] if rest.strip() else []) + paragraphs[1:]
        number = int(m.group(1) or m.group(2) or len(slides) + 1)
        slides.append(Slide(number=number, title=title, paragraphs=paragraphs, notes=notes))
    return slides


def read_text(data: bytes) -> list[Slide]:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    check_text(text)
    if len(_MARKER.findall(text)) >= 2:
        return _marked(text)
    slides: list[Slide] = []
    for chunk in _SLIDE_BREAK.split(text):
        paragraphs = split_paragraphs(chunk)
        if paragraphs:
            slides.append(Slide(number=len(slides) + 1, paragraphs=paragraphs))
    return slides
