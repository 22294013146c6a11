"""Rich progress bars for the data commands (silent when disabled or not a terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def rich_progress(*, enabled: bool = True, stream=None, transient: bool = True) -> Iterator[Any]:
    """A rich `Progress` on the command's stderr (`stream`), drawn only on a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=getattr(stream, "_out", stream), stderr=stream is None)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=not enabled or not console.is_terminal,
    ) as bar:
        yield bar


@contextmanager
def progress_bar(label: str, *, enabled: bool = True, stream=None) -> Iterator:
    """One task of unknown size; yields `update(done, total)`, or None when disabled."""
    if not enabled:
        yield None
        return
    # The finished bar stays on a terminal, as a record of the import.
    with rich_progress(stream=stream, transient=False) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
