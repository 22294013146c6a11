"""File readers (pure: no Django). Every reader returns a `StatTable` or raises a `ReaderError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reglab.readers.errors import FormatError, ReaderError, TooLargeError
from reglab.readers.table import Dimension, StatTable

__all__ = ["Dimension", "ReaderError", "StatTable", "read_any"]

# Memory and time for reading one statistics file in the child process
# (REGLAB_STATISTICS_FILE_MEMORY_MB, REGLAB_STATISTICS_FILE_TIMEOUT_SECONDS): a 10^6-cell PX
# needs about 300 MB and a few seconds.
FILE_MEMORY_MB = 2048
FILE_SECONDS = 600


def read_any(path: str | Path) -> StatTable:
    """Pick the reader from the file name: .px, .json (JSON-stat 2), .csv/.txt, .xlsx.

    The file is parsed in a child process with hard limits on memory and time
    (reglab.readers.bounded); the table comes back as arrays.
    """
    from reglab.readers.bounded import LimitExceeded, env_limits, run_bounded

    path = Path(path)
    _reader_for(path)  # an unknown suffix is refused here, without a child process
    limits = env_limits("REGLAB_STATISTICS_FILE", memory_mb=FILE_MEMORY_MB, seconds=FILE_SECONDS)
    try:
        table: StatTable = run_bounded("reglab.readers:read_any_unbounded", str(path), limits=limits)
        return table
    except ReaderError:
        raise
    except LimitExceeded as exc:
        exceeded = {
            "memory": f"needs more than {limits.memory_bytes // 2**20} MB of memory "
            "(REGLAB_STATISTICS_FILE_MEMORY_MB)",
            "time": f"took more than {limits.seconds} s (REGLAB_STATISTICS_FILE_TIMEOUT_SECONDS)",
        }.get(exc.kind)
        if exceeded:
            raise TooLargeError(
                f"Reading the file {exceeded}; split it into smaller files.", path=path.name
            ) from None
        raise FormatError(
            "The reader stopped unexpectedly; check that the file is complete.", path=path.name
        ) from None


def read_any_unbounded(path: str | Path) -> StatTable:
    """`read_any` in this process (runs inside the child). Unexpected errors become one line."""
    reader = _reader_for(Path(path))
    try:
        return reader(path)
    except ReaderError:
        raise
    except (ValueError, OverflowError, KeyError, IndexError, TypeError) as exc:
        raise FormatError(
            f"The file does not read as statistics ({type(exc).__name__}: {str(exc)[:120]}).",
            path=Path(path).name,
        ) from exc


def _reader_for(path: Path) -> Callable[[str | Path], StatTable]:
    """The reader for the file's suffix, imported alone (pandas only for CSV and XLSX)."""
    suffix = path.suffix.lower()
    if suffix == ".px":
        from reglab.readers.px import read_px

        return read_px
    if suffix == ".json":
        from reglab.readers.jsonstat import read_jsonstat

        return read_jsonstat
    if suffix in (".csv", ".txt", ".xlsx"):
        from reglab.readers.tabular import read_csv, read_xlsx

        return read_xlsx if suffix == ".xlsx" else read_csv
    raise FormatError(
        f"Unknown file type {suffix or '(none)'!r}: expected .px, .json, .csv or .xlsx.",
        path=path.name,
    )
