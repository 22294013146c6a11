"""One error type for everything that can be wrong with an uploaded deck."""

from __future__ import annotations

import sys
from collections.abc import Callable


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` (the readers do not import Django)."""
    return message


# Swedish one-line messages that say what to do. The web layer translates some codes itself
# (reglab.programme.services.deck_error_message); the others reach it as `str(error)`, which is
# translated when Django's translation machinery is loaded (see `_translate`).
MESSAGES = {
    "empty": gettext_noop("Filen är tom."),
    "too_large": gettext_noop("Filen är för stor ({size} byte; högst {limit} byte)."),
    "unknown_type": gettext_noop("Okänt filformat: använd PPTX, PDF, DOCX eller text (.txt)."),
    "encrypted": gettext_noop("Filen är lösenordsskyddad eller krypterad och kan inte läsas."),
    "corrupt": gettext_noop("Filen är skadad och kan inte läsas ({detail})."),
    "zip_bomb": gettext_noop("Filen packas upp till för mycket data ({size} byte) och läses inte."),
    "no_text": gettext_noop("Dokumentet innehåller ingen text (är det en skannad PDF?)."),
    "no_proposals": gettext_noop("Inga förslag kunde kännas igen i dokumentet."),
    "old_format": gettext_noop(
        "Äldre Office-format (.ppt/.doc) eller krypterad Office-fil: spara som PPTX/DOCX."
    ),
    "too_many_pages": gettext_noop(
        "Dokumentet har för många sidor ({count}; högst {limit}). Dela upp det i flera filer."
    ),
    "too_many_slides": gettext_noop(
        "Presentationen har för många bilder ({count}; högst {limit}). Dela upp den i flera filer."
    ),
    "slide_too_large": gettext_noop(
        "Bild {number} är för stor ({size} MB XML; högst {limit} MB). "
        "Dela upp bilden eller spara den som PDF."
    ),
    "page_too_large": gettext_noop(
        "Sida {number} är för stor ({size} MB uppackat innehåll; högst {limit} MB). "
        "Dela upp sidan eller spara om dokumentet som PDF på nytt."
    ),
    "part_too_large": gettext_noop(
        "Delen {name} i filen är för stor ({size} MB XML; högst {limit} MB). "
        "Dela upp dokumentet eller spara det som PDF."
    ),
    "line_too_long": gettext_noop(
        "Rad {number} är för lång ({size} tecken; högst {limit}). Dela upp texten i kortare rader."
    ),
    "paragraph_too_long": gettext_noop(
        "Ett stycke på {locator} är för långt ({size} tecken; högst {limit}). "
        "Dela upp texten i kortare stycken."
    ),
    "text_too_long": gettext_noop(
        "Dokumentet innehåller för mycket text ({size} tecken; högst {limit}). Dela upp det i flera filer."
    ),
    "too_much_memory": gettext_noop(
        "Filen kräver för mycket minne för att läsas (högst {limit} MB). "
        "Dela upp den eller spara den som PDF eller text."
    ),
    "too_slow": gettext_noop(
        "Det tog för lång tid att läsa filen (mer än {limit} sekunder). "
        "Dela upp den eller spara den som PDF eller text."
    ),
    "crashed": gettext_noop(
        "Filen kunde inte läsas (läsaren avbröts). Spara den som PDF eller text och försök igen."
    ),
}


def _translate(message: str) -> str:
    """Django's gettext when a Django process has loaded it, else the Swedish text as is."""
    translation = sys.modules.get("django.utils.translation")
    if translation is None:
        return message
    try:
        return str(translation.gettext(message))
    except Exception:  # settings not configured (a Django-free script that imported Django)
        return message


def _rebuild(code: str, params: dict[str, object]) -> DeckError:
    return DeckError(code, **params)


class DeckError(ValueError):
    """A deck that cannot be read. `code` is stable; `str()` is a one-line message (Swedish, or
    the active language's translation)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self._format(MESSAGES.get(code, code)))

    def _format(self, template: str) -> str:
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        template = MESSAGES.get(self.code)
        return self._format(_translate(template)) if template else self.code

    def __reduce__(
        self,
    ) -> tuple[Callable[[str, dict[str, object]], DeckError], tuple[str, dict[str, object]]]:
        # Pickled in the bounded child process and raised again in the parent.
        return _rebuild, (self.code, self.params)
