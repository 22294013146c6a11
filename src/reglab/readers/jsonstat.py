"""JSON-stat 2.0 datasets (what PxWeb v2 and v1 return with outputFormat=json-stat2).

`id` lists the dimensions and `size` their lengths; `category.index` maps code -> position (a dict)
or lists codes in order (a list); `value` is row-major over `id` (last fastest) as a list or a sparse
dict; `status` is a string for every cell, a list, or a sparse dict. Sizes, ids and the number of
values are checked against each other before anything is built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from reglab.readers.errors import EmptyFileError, FormatError, InconsistentError, ReaderError, TooLargeError
from reglab.readers.table import Dimension, Role, StatTable, cell_count, guess_role

__all__ = ["decode_jsonstat", "dimensions_from_jsonstat", "parse_jsonstat", "read_jsonstat"]

MAX_BYTES = 512 * 1024 * 1024


def _codes(dim_id: str, category: dict[str, Any]) -> list[str]:
    index = category.get("index")
    labels = category.get("label") or {}
    if index is None:
        if len(labels) == 1 or isinstance(labels, dict):
            return list(labels)
        raise InconsistentError(f"Dimension {dim_id!r} has no category index.")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        ordered = sorted(index.items(), key=lambda kv: kv[1])
        positions = [pos for _, pos in ordered]
        if positions != list(range(len(positions))):
            raise InconsistentError(
                f"Dimension {dim_id!r}: category positions are not 0..{len(positions) - 1}."
            )
        return [str(code) for code, _ in ordered]
    raise FormatError(f"Dimension {dim_id!r}: category.index must be an object or a list.")


def _roles(js: dict[str, Any]) -> dict[str, Role]:
    mapping: dict[str, Role] = {"time": "time", "geo": "region", "metric": "measure"}
    roles: dict[str, Role] = {}
    for role, ids in (js.get("role") or {}).items():
        for dim_id in ids or []:
            if role in mapping:
                roles[dim_id] = mapping[role]
    return roles


def dimensions_from_jsonstat(js: dict[str, Any]) -> list[Dimension]:
    """The dimensions of a JSON-stat 2.0 dataset (also PxWeb v2 metadata, which has no values)."""
    ids, sizes, dimension = js.get("id"), js.get("size"), js.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dimension, dict):
        raise FormatError("Not JSON-stat 2.0: 'id', 'size' and 'dimension' are required.")
    if len(ids) != len(sizes):
        raise InconsistentError(f"JSON-stat 'id' has {len(ids)} dimensions but 'size' has {len(sizes)}.")
    roles = _roles(js)
    dims = []
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dimension:
            raise InconsistentError(f"Dimension {dim_id!r} is listed in 'id' but not described.")
        info = dimension[dim_id] or {}
        category = info.get("category") or {}
        codes = _codes(dim_id, category)
        if len(codes) != size:
            raise InconsistentError(f"Dimension {dim_id!r} has {len(codes)} categories but size says {size}.")
        labels = category.get("label") or {}
        role = roles.get(dim_id) or guess_role(dim_id, info.get("label", ""))
        dims.append(
            Dimension(
                code=dim_id,
                label=str(info.get("label", dim_id)),
                values=tuple(codes),
                labels=tuple(str(labels.get(c, c)) for c in codes),
                role=role,
            )
        )
    return dims


def decode_jsonstat(js: Any, *, table_id: str = "") -> StatTable:
    """A decoded JSON-stat 2.0 `dataset` object to a `StatTable`."""
    if not isinstance(js, dict):
        raise FormatError("JSON-stat must be a JSON object.")
    if js.get("class") == "collection" or ("dataset" in js and "id" not in js):
        raise FormatError("A JSON-stat collection or v1 bundle; expected one dataset (version 2.0).")
    ids, sizes, dimension = js.get("id"), js.get("size"), js.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dimension, dict):
        raise FormatError("Not JSON-stat 2.0: 'id', 'size' and 'dimension' are required.")
    if len(ids) != len(sizes):
        raise InconsistentError(f"JSON-stat 'id' has {len(ids)} dimensions but 'size' has {len(sizes)}.")
    total = cell_count(sizes)  # before the dimensions: their sizes are checked against it
    dims = dimensions_from_jsonstat(js)
    raw_values = js.get("value")
    if isinstance(raw_values, list):
        if len(raw_values) != total:
            raise InconsistentError(
                f"JSON-stat has {len(raw_values)} values but the sizes give {total} cells."
            )
        values = np.array([np.nan if v is None else v for v in raw_values], dtype=np.float64)
    elif isinstance(raw_values, dict):
        values = np.full(total, np.nan)
        for key, v in raw_values.items():
            pos = int(key)
            if not 0 <= pos < total:
                raise InconsistentError(f"JSON-stat value position {pos} is outside 0..{total - 1}.")
            values[pos] = np.nan if v is None else float(v)
    else:
        raise FormatError("JSON-stat 'value' must be a list or an object.")
    status = None
    raw_status = js.get("status")
    if raw_status:
        status = np.full(total, None, dtype=object)
        if isinstance(raw_status, str):
            status[:] = raw_status
        elif isinstance(raw_status, list):
            if len(raw_status) not in (1, total):
                raise InconsistentError(f"JSON-stat has {len(raw_status)} status entries for {total} cells.")
            status[:] = raw_status if len(raw_status) == total else raw_status[0]
        elif isinstance(raw_status, dict):
            for key, mark in raw_status.items():
                pos = int(key)
                if not 0 <= pos < total:
                    raise InconsistentError(f"JSON-stat status position {pos} is outside 0..{total - 1}.")
                status[pos] = mark
        status = np.array([s if s not in ("", None) else None for s in status], dtype=object)
        if all(s is None for s in status):
            status = None
    unit = ""
    for dim in dims:
        if dim.role == "measure":
            units = (dimension[dim.code].get("category") or {}).get("unit") or {}
            unit = "; ".join(sorted({str((u or {}).get("base", "")) for u in units.values()} - {""}))
    extension = js.get("extension") or {}
    return StatTable.from_cube(
        table_id=str(extension.get("px", {}).get("tableid") or table_id),
        title=str(js.get("label", "")),
        dimensions=dims,
        values=values,
        status=status,
        unit=unit,
        source=str(js.get("source", "")),
        updated=str(js.get("updated", "")),
        notes=[str(n) for n in js.get("note", []) if n] if isinstance(js.get("note"), list) else [],
        extra={"format": "json-stat2"},
    )


def parse_jsonstat(raw: bytes, *, table_id: str = "") -> StatTable:
    if not raw.strip():
        raise EmptyFileError("The file is empty.")
    if len(raw) > MAX_BYTES:
        raise TooLargeError(f"The JSON is {len(raw) // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB.")
    if raw.lstrip()[:1] not in (b"{", b"\xef"):
        raise FormatError("Not JSON-stat: the content does not start with '{'.")
    try:
        js = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FormatError("Not JSON-stat: the content is not UTF-8 text.") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(f"Invalid JSON at line {exc.lineno}, column {exc.colno} (truncated?).") from exc
    return decode_jsonstat(js, table_id=table_id)


def read_jsonstat(path: str | Path) -> StatTable:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
            if not head.strip():
                raise EmptyFileError("The file is empty.", path=path.name)
            if head.lstrip()[:1] not in (b"{", b"\xef"):
                raise FormatError("Not JSON-stat: the content does not start with '{'.", path=path.name)
            raw = head + fh.read()
    except OSError as exc:
        raise ReaderError(f"Cannot read the file: {exc.strerror}.", path=str(path)) from exc
    try:
        return parse_jsonstat(raw, table_id=path.stem)
    except ReaderError as exc:
        raise type(exc)(str(exc), path=path.name) from None
