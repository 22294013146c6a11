"""DOCX via python-docx: heading (or Title) styles start a new section, tables become labelled lines."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.read import Slide

if TYPE_CHECKING:  # python-docx is imported when a document is read, not with this module
    from docx.text.paragraph import Paragraph


def _is_heading(paragraph: Paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.lower().startswith(("heading", "rubrik", "title", "rubrik")) and bool(paragraph.text.strip())


def read_docx(data: bytes) -> list[Slide]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DeckError("corrupt", detail=type(exc).__name__) from exc
    except Exception as exc:
        raise DeckError("corrupt", detail=type(exc).__name__) from exc

    sections: list[Slide] = []
    current = Slide(number=1, paragraphs=[], locator_kind="avsnitt")
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if _is_heading(paragraph):
                if current.title or current.paragraphs:
                    sections.append(current)
                current = Slide(number=len(sections) + 1, title=text, paragraphs=[], locator_kind="avsnitt")
            elif text:
                current.paragraphs.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    rows.append(f"{cells[0]}: {cells[1]}" if len(cells) == 2 else " | ".join(cells))
            if rows:
                current.paragraphs.append("\n".join(rows))
    if current.title or current.paragraphs:
        sections.append(current)
    for i, section in enumerate(sections, start=1):
        section.number = i
    return sections
