"""One error type for everything that can be wrong with an uploaded deck."""

from __future__ import annotations

# Swedish one-line messages; the web layer translates by `code` (see reglab.programme.services).
MESSAGES = {
    "empty": "Filen är tom.",
    "too_large": "Filen är för stor ({size} byte; högst {limit} byte).",
    "unknown_type": "Okänt filformat: använd PPTX, PDF, DOCX eller text (.txt).",
    "encrypted": "Filen är lösenordsskyddad eller krypterad och kan inte läsas.",
    "corrupt": "Filen är skadad och kan inte läsas ({detail}).",
    "zip_bomb": "Filen packas upp till för mycket data ({size} byte) och läses inte.",
    "no_text": "Dokumentet innehåller ingen text (är det en skannad PDF?).",
    "no_proposals": "Inga förslag kunde kännas igen i dokumentet.",
    "old_format": "Äldre Office-format (.ppt/.doc) eller krypterad Office-fil: spara som PPTX/DOCX.",
}


class DeckError(ValueError):
    """A deck that cannot be read. `code` is stable; `str()` is a one-line Swedish message."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        template = MESSAGES.get(code, code)
        try:
            message = template.format(**params)
        except (KeyError, IndexError):
            message = template
        super().__init__(message)
