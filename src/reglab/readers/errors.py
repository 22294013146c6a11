"""Reader errors: one base class, one short message per failure (shown to analysts as one line)."""

from __future__ import annotations

from typing import Any


class ReaderError(ValueError):
    """A file could not be read as statistics. `str(error)` is a one-line, human-readable reason."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        text = " ".join(message.split())
        super().__init__(f"{path}: {text}" if path else text)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the bounded child process and again in the parent: the message is complete.
        return _restore, (type(self), str(self), self.path)


def _restore(cls: type[ReaderError], message: str, path: str | None) -> ReaderError:
    error = cls(message)
    error.path = path
    return error


class EmptyFileError(ReaderError):
    pass


class EncodingError(ReaderError):
    pass


class FormatError(ReaderError):
    """Not the expected format at all (garbage, wrong kind of file)."""


class TruncatedError(ReaderError):
    pass


class InconsistentError(ReaderError):
    """Well-formed but self-contradictory: cell counts, sizes, ids."""


class TooLargeError(ReaderError):
    pass
