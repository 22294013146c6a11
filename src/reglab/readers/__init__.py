"""File readers (pure: no Django). Every reader returns a `StatTable` or raises a `ReaderError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reglab.readers.errors import FormatError, ReaderError
from reglab.readers.table import Dimension, StatTable

__all__ = ["Dimension", "ReaderError", "StatTable", "read_any"]


def read_any(path: str | Path) -> StatTable:
    """Pick the reader from the file name: .px, .json (JSON-stat 2), .csv/.txt, .xlsx."""
    from reglab.readers.jsonstat import read_jsonstat
    from reglab.readers.px import read_px
    from reglab.readers.tabular import read_csv, read_xlsx

    suffix = Path(path).suffix.lower()
    readers: dict[str, Callable[[str | Path], StatTable]] = {
        ".px": read_px,
        ".json": read_jsonstat,
        ".csv": read_csv,
        ".txt": read_csv,
        ".xlsx": read_xlsx,
    }
    if suffix not in readers:
        raise FormatError(
            f"Unknown file type {suffix or '(none)'!r}: expected .px, .json, .csv or .xlsx.",
            path=Path(path).name,
        )
    return readers[suffix](path)
