"""PX (PC-Axis) files, SCB's own table format.

Spec: PX-file format specification 2013 (SCB). What is handled: CODEPAGE (windows-1252, iso-8859-1,
utf-8; CHARSET="ANSI" means windows-1252; no CODEPAGE means windows-1252 unless the file is UTF-8
with a BOM), `KEYWORD[lang]("var")=` statements, values split into several quoted pieces on
consecutive lines, VALUES/CODES/TIMEVAL, STUB then HEADING order with the last HEADING variable
fastest, quoted dot codes ("..", "-", …) kept as status with a NaN value, NOTE/NOTEX/CELLNOTE and
HIERARCHIES. Bad input fails fast with one `ReaderError`: the first bytes must look like PX, the
metadata part is bounded, and the cell count must equal the product of the variable sizes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reglab.readers.errors import (
    EmptyFileError,
    EncodingError,
    FormatError,
    InconsistentError,
    ReaderError,
    TooLargeError,
    TruncatedError,
)
from reglab.readers.table import Dimension, StatTable, cell_count, guess_role

__all__ = ["PxFile", "parse_px", "read_px"]

MAX_BYTES = 1024 * 1024 * 1024  # 1 GB: far beyond any table SCB lets you download
MAX_META_BYTES = 16 * 1024 * 1024  # the keywords before DATA=
DOT_CODES = {".", "..", "...", "....", ".....", "......", "-"}
_STATEMENT_START = re.compile(
    rb'^\s*[A-Z][A-Z0-9-]*(\[[A-Za-z_-]+\])?(\("[^"\r\n]*"(\s*,\s*"[^"\r\n]*")*\))?\s*='
)
_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)(?:\[([A-Za-z_-]+)\])?(?:\((.*)\))?\s*$", re.S)
_TOKEN = re.compile(r'"([^"]*)"|([^\s,:"]+)|(,)|(:)|(\s+)', re.S)
_LEADING_CODE = re.compile(r"^(\S+)\s+\S")
_ALIASES = {"ansi": "windows-1252", "windows1252": "windows-1252", "latin1": "iso-8859-1", "utf8": "utf-8"}


@dataclass
class PxFile:
    """Parsed keywords (default language only) in file order, plus the data tokens."""

    keywords: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    data: np.ndarray | None = None
    status: np.ndarray | None = None

    def get(self, keyword: str, var: str | None = None) -> list[str] | None:
        return self.keywords.get((keyword, var))

    def one(self, keyword: str, var: str | None = None, default: str = "") -> str:
        items = self.keywords.get((keyword, var))
        return items[0] if items else default


def _codepage(head: bytes) -> str:
    match = re.search(rb'CODEPAGE\s*=\s*"([^"]*)"', head)
    if match:
        name = match.group(1).decode("ascii", "replace").strip()
        name = _ALIASES.get(name.lower().replace(" ", ""), name)
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise EncodingError(f"Unknown CODEPAGE {name!r}.") from None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    return "cp1252"  # CHARSET="ANSI" or nothing: Windows text


def _decode(raw: bytes, encoding: str) -> str:
    if encoding.replace("_", "-") in {"utf-8", "utf8"}:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"CODEPAGE says UTF-8 but byte {exc.start} is not UTF-8; the file is probably windows-1252."
            ) from exc
    # A single-byte codepage: a file whose non-ASCII bytes form valid UTF-8 was saved as UTF-8.
    if any(b > 127 for b in raw[:MAX_META_BYTES]):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise EncodingError(
                f"CODEPAGE/CHARSET says {encoding} but the file is UTF-8 (text would be garbled)."
            )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"The file is not valid {encoding} text (byte {exc.start}).") from exc


def _split_statements(meta: str) -> Iterator[str]:
    """`KEY=value;` statements; `;` inside quotes does not end a statement."""
    start = 0
    in_quote = False
    for i, ch in enumerate(meta):
        if ch == '"':
            in_quote = not in_quote
        elif ch == ";" and not in_quote:
            yield meta[start:i]
            start = i + 1
    if meta[start:].strip():
        raise TruncatedError("The metadata ends inside a statement (missing ';').")


def _parse_value(text: str) -> list[str]:
    """Comma- (or colon-) separated items; quoted pieces not separated by a comma are concatenated."""
    items: list[str] = []
    current: str | None = None
    for match in _TOKEN.finditer(text):
        quoted, bare, comma, colon, _space = match.groups()
        if comma or colon:
            if current is not None:
                items.append(current)
            current = None
            if colon:
                items.append(":")
        elif quoted is not None:
            current = quoted if current is None else current + quoted
        elif bare is not None:
            current = bare if current is None else current + bare
    if current is not None:
        items.append(current)
    return items


def _parse_data(text: str, expected: int) -> tuple[np.ndarray, np.ndarray | None]:
    tokens = text.replace(",", " ").split()
    if len(tokens) != expected:
        kind = TruncatedError if len(tokens) < expected else InconsistentError
        raise kind(f"DATA has {len(tokens)} values but the variables give {expected} cells.")
    try:
        return np.array(tokens, dtype=np.float64), None
    except ValueError:
        pass
    values = np.empty(len(tokens), dtype=np.float64)
    status = np.full(len(tokens), None, dtype=object)
    for i, token in enumerate(tokens):
        mark = token.strip('"')
        if mark in DOT_CODES:
            values[i] = np.nan
            status[i] = mark
            continue
        try:
            values[i] = float(mark)
        except ValueError:
            raise FormatError(
                f"DATA value number {i + 1} is not a number or a dot code: {token[:20]!r}."
            ) from None
    return values, status


def parse_px(raw: bytes, *, name: str = "") -> PxFile:
    if not raw.strip():
        raise EmptyFileError("The file is empty.")
    if len(raw) > MAX_BYTES:
        raise TooLargeError(f"The file is {len(raw) // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB.")
    head = raw[:4096].lstrip(codecs.BOM_UTF8)
    if not _STATEMENT_START.match(head):
        raise FormatError("Not a PX file: it does not start with a KEYWORD= statement.")
    marker = re.search(rb"(^|[;\s])DATA\s*=", raw[: MAX_META_BYTES + 16])
    if not marker:
        if len(raw) > MAX_META_BYTES:
            raise FormatError("Not a PX file: no DATA= keyword in the first 16 MB.")
        raise TruncatedError("The file has no DATA= part (truncated?).")
    data_start = marker.end()
    encoding = _codepage(raw[:data_start])
    meta_text = _decode(raw[: marker.start(0) + len(marker.group(1))], encoding)
    data_raw = raw[data_start:]
    # The spec ends DATA with ';' but SCB's own example files omit it; the cell count is the real check.
    end = data_raw.rfind(b";")
    if end < 0:
        end = len(data_raw)
    elif data_raw[end + 1 :].strip():
        raise FormatError("Unexpected text after the final ';' of DATA.")
    px = PxFile()
    language = None
    for statement in _split_statements(meta_text):
        if not statement.strip():
            continue
        key, sep, value = statement.partition("=")
        if not sep:
            raise FormatError(f"A statement without '=': {statement.strip()[:60]!r}.")
        match = _KEY.match(key)
        if not match:
            raise FormatError(f"Bad keyword {key.strip()[:60]!r}.")
        keyword, lang, var = match.group(1).upper(), match.group(2), match.group(3)
        if keyword == "LANGUAGE":
            language = _parse_value(value)[0] if value.strip() else None
        if lang and lang != language:
            continue  # other languages' texts
        if var is not None:
            var = ",".join(_parse_value(var)) if keyword == "CELLNOTE" else var.strip().strip('"')
        px.keywords[(keyword, var)] = _parse_value(value)
    stub = px.get("STUB") or []
    heading = px.get("HEADING") or []
    variables = stub + heading
    if not variables:
        raise FormatError("The PX file has neither STUB nor HEADING.")
    sizes = []
    for var in variables:
        values = px.get("VALUES", var)
        if values is None:
            raise InconsistentError(f"No VALUES for variable {var!r}.")
        sizes.append(len(values))
    expected = cell_count(sizes)
    data_text = data_raw[:end].decode(encoding if encoding != "utf-8" else "utf-8", errors="strict")
    px.data, px.status = _parse_data(data_text, expected)
    return px


def _dimension(px: PxFile, var: str) -> Dimension:
    labels = px.get("VALUES", var) or []
    codes = px.get("CODES", var)
    time = px.get("TIMEVAL", var) is not None
    role = "time" if time else guess_role(var)
    if px.get("MAP", var) is not None and role == "other":
        role = "region"
    if codes is None:
        leading = [_LEADING_CODE.match(v) for v in labels]
        codes = [m.group(1) for m in leading if m] if role == "region" and all(leading) else labels
    if len(codes) != len(labels):
        raise InconsistentError(f"Variable {var!r}: {len(codes)} CODES but {len(labels)} VALUES.")
    if len(set(codes)) != len(codes):
        raise InconsistentError(f"Variable {var!r} has duplicate codes.")
    if role == "region":
        # "00 Whole Sweden" -> "Whole Sweden": the code is kept apart.
        labels = [
            v[len(c) :].strip() if v.startswith(c + " ") else v for c, v in zip(codes, labels, strict=True)
        ]
    return Dimension(code=var, label=var, values=tuple(codes), labels=tuple(labels), role=role)


def read_px(path: str | Path, *, name: str | None = None) -> StatTable:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLargeError(f"The file is {size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB.")
        with path.open("rb") as fh:
            head = fh.read(4096)
            if not head.strip():
                raise EmptyFileError("The file is empty.")
            if not _STATEMENT_START.match(head.lstrip(codecs.BOM_UTF8)):
                raise FormatError("Not a PX file: it does not start with a KEYWORD= statement.")
            raw = head + fh.read()
    except OSError as exc:
        raise ReaderError(f"Cannot read the file: {exc.strerror}.", path=str(path)) from exc
    try:
        return px_to_table(parse_px(raw), default_id=name or path.stem)
    except ReaderError as exc:
        raise type(exc)(str(exc), path=path.name) from None


def px_to_table(px: PxFile, *, default_id: str = "") -> StatTable:
    if px.data is None:  # parse_px always sets it; a PxFile built by hand may not
        raise FormatError("The PX file has no DATA part.")
    variables = (px.get("STUB") or []) + (px.get("HEADING") or [])
    dims = [_dimension(px, var) for var in variables]
    notes = [" ".join(px.get("NOTEX") or []), " ".join(px.get("NOTE") or [])]
    for (keyword, var), items in px.keywords.items():
        if keyword in {"NOTE", "NOTEX"} and var:
            notes.append(f"{var}: {' '.join(items)}")
        elif keyword == "CELLNOTE":
            notes.append(f"[{var}] {' '.join(items)}")
    hierarchies = {}
    for (keyword, var), items in px.keywords.items():
        if keyword == "HIERARCHIES" and var:
            pairs = []
            for i, item in enumerate(items):
                if item == ":" and 0 < i < len(items) - 1:
                    pairs.append((items[i - 1], items[i + 1]))
            hierarchies[var] = pairs
    return StatTable.from_cube(
        table_id=px.one("MATRIX", default=default_id) or default_id,
        title=px.one("TITLE") or px.one("DESCRIPTION"),
        dimensions=dims,
        values=px.data,
        status=px.status,
        unit=px.one("UNITS"),
        source=px.one("SOURCE"),
        updated=px.one("LAST-UPDATED"),
        notes=[n for n in notes if n.strip()],
        extra={"contents": px.one("CONTENTS"), "hierarchies": hierarchies, "format": "px"},
    )
