"""Plain text exported from a slide deck: slides are separated by two or more blank lines."""

from __future__ import annotations

import re

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.read import Slide, split_paragraphs

_SLIDE_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n){2,}")


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DeckError("unknown_type")


def read_text(data: bytes) -> list[Slide]:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    slides = []
    for chunk in _SLIDE_BREAK.split(text):
        paragraphs = split_paragraphs(chunk)
        if paragraphs:
            slides.append(Slide(number=len(slides) + 1, paragraphs=paragraphs))
    return slides
