"""PPTX via python-pptx: title placeholder, other text frames, tables and groups in reading order, notes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.read import Slide

if TYPE_CHECKING:  # python-pptx is imported when a deck is read, not with this module
    from pptx.shapes.autoshape import Shape
    from pptx.shapes.base import BaseShape
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.group import GroupShape
    from pptx.slide import Slide as PptxSlide
    from pptx.table import Table
    from pptx.text.text import TextFrame

_TITLE_TYPES = {"TITLE", "CENTER_TITLE"}


def _placeholder_type(shape: BaseShape) -> str | None:
    if not getattr(shape, "is_placeholder", False):
        return None
    try:
        return shape.placeholder_format.type.name if shape.placeholder_format.type is not None else None
    except (ValueError, AttributeError):
        return None


def _frame_text(frame: TextFrame) -> str:
    lines = []
    for paragraph in frame.paragraphs:
        text = "".join(run.text for run in paragraph.runs) or paragraph.text
        # Trailing spaces are kept: exporters leave them where they wrapped a line.
        lines.append(text.replace("\x0b", "\n").rstrip("\r\n"))
    # Blank paragraphs separate blocks, as in the text export.
    return "\n".join(lines).strip("\n")


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        cells = [c for c in cells if c]
        if not cells:
            continue
        # Two-column tables are usually label | value ("Kontakt | namn@region.se").
        rows.append(f"{cells[0]}: {cells[1]}" if len(cells) == 2 else " | ".join(cells))
    return "\n".join(rows)


def _walk(
    shapes: Iterable[BaseShape], offset: tuple[int, int] = (0, 0)
) -> Iterator[tuple[int, int, BaseShape]]:
    """(top, left, shape) for every leaf shape, descending into groups."""
    for shape in shapes:
        top = (shape.top or 0) + offset[0]
        left = (shape.left or 0) + offset[1]
        if shape.shape_type is not None and shape.shape_type.name == "GROUP":
            yield from _walk(cast("GroupShape", shape).shapes, (top, left))
        else:
            yield top, left, shape


def _slide(number: int, slide: PptxSlide) -> Slide:
    title = None
    blocks: list[tuple[int, int, str]] = []
    # python-pptx sets has_text_frame only on Shape and has_table only on GraphicFrame, hence the casts.
    for top, left, shape in _walk(slide.shapes):
        if _placeholder_type(shape) in _TITLE_TYPES and shape.has_text_frame:
            text = " ".join(_frame_text(cast("Shape", shape).text_frame).split())
            if text and title is None:
                title = text
                continue
        if getattr(shape, "has_table", False) and shape.has_table:
            text = _table_text(cast("GraphicFrame", shape).table)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = _frame_text(cast("Shape", shape).text_frame)
        else:
            continue
        if text.strip():
            blocks.append((top, left, text))
    # Reading order: top to bottom, then left to right (rows of ~1/4 inch).
    blocks.sort(key=lambda b: (b[0] // 228600, b[1]))
    notes = ""
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = slide.notes_slide.notes_text_frame.text.strip()
    paragraphs: list[str] = []
    for _, _, text in blocks:
        paragraphs.extend(p for p in text.split("\n\n") if p.strip())
    return Slide(number=number, title=title, paragraphs=paragraphs, notes=notes)


def read_pptx(data: bytes) -> list[Slide]:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        presentation = Presentation(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DeckError("corrupt", detail=type(exc).__name__) from exc
    except Exception as exc:  # lxml errors and friends from a damaged package
        raise DeckError("corrupt", detail=type(exc).__name__) from exc
    return [_slide(i, slide) for i, slide in enumerate(presentation.slides, start=1)]
