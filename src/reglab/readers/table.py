"""The one typed long-form structure every reader and client returns.

A `StatTable` is a list of dimensions (each with its value codes and labels and a role) and, per
cell, an index into every dimension plus a value (NaN when missing) and a status marker (e.g. `..`).
Index arrays keep a 1 000 000-cell table at a few tens of MB and make the long form cheap to build
from a cube (PX, JSON-stat) as well as from a long file (CSV, XLSX, Kolada).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Role = Literal["region", "time", "sex", "measure", "other"]
PeriodType = Literal["year", "quarter", "month", "other"]
Sex = Literal["total", "women", "men"]

__all__ = ["Dimension", "StatTable", "cell_count", "guess_role", "normalise_sex", "period_type"]

# Cells one table may have. A table costs about 40 bytes per cell while it is read and stored;
# SCB's largest downloads are a few million cells.
MAX_CELLS = 50_000_000

_TIME_NAMES = {"tid", "time", "year", "years", "period", "år", "ar", "månad", "month", "kvartal", "quarter"}
_REGION_NAMES = {
    "region",
    "regions",
    "län",
    "lan",
    "kommun",
    "county",
    "municipality",
    "municipality_id",
    "area",
    "regionkod",
    "lan_kod",
    "lankod",
    "astlan",
    "kommunkod",
    "kommun_kod",
    "county_code",
    "municip_code",
}
_SEX_NAMES = {"kön", "kon", "sex", "gender"}
_MEASURE_NAMES = {"contentscode", "tabellinnehåll", "contents", "kpi", "measure"}

_SEX_CODES: dict[str, Sex] = {
    "1": "men",
    "m": "men",
    "men": "men",
    "män": "men",
    "man": "men",
    "male": "men",
    "males": "men",
    "2": "women",
    "k": "women",
    "f": "women",
    "women": "women",
    "kvinnor": "women",
    "kvinna": "women",
    "female": "women",
    "females": "women",
    "t": "total",
    "1+2": "total",
    "tot": "total",
    "total": "total",
    "totalt": "total",
    "samanst": "total",
    "samtliga": "total",
    "samtliga anställda": "total",
    "män och kvinnor": "total",
    "kvinnor och män": "total",
    "both sexes": "total",
}

# A period code's form, first match wins: 2024, 2024K1/2024Q1, 2024M01.
_PERIOD_FORMS: tuple[tuple[PeriodType, re.Pattern[str]], ...] = (
    ("year", re.compile(r"^\d{4}$")),
    ("quarter", re.compile(r"^\d{4}K[1-4]$|^\d{4}Q[1-4]$")),
    ("month", re.compile(r"^\d{4}M(0[1-9]|1[0-2])$")),
)


def cell_count(sizes: Sequence[int]) -> int:
    """The number of cells the dimension sizes give, checked: whole non-negative numbers whose
    product is at most MAX_CELLS (a product beyond 64 bits used to surface as a raw ValueError)."""
    from reglab.readers.errors import FormatError, TooLargeError

    if any(isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 0 for size in sizes):
        shown = ", ".join(repr(s)[:20] for s in list(sizes)[:6])
        raise FormatError(f"The dimension sizes must be whole numbers of at least 0 (got {shown}).")
    total = 1
    for size in sizes:
        total *= int(size)  # Python integers: no overflow
    if not sizes:
        total = 0
    if total > MAX_CELLS:
        product = " × ".join(str(int(s)) for s in sizes)
        raise TooLargeError(
            f"The dimension sizes ({product}) give {total:,} cells; the limit is {MAX_CELLS:,}. "
            "Select fewer values or split the table."
        )
    return total


def guess_role(code: str, label: str = "") -> Role:
    for name in (code.strip().lower(), label.strip().lower()):
        if name in _TIME_NAMES:
            return "time"
        if name in _REGION_NAMES:
            return "region"
        if name in _SEX_NAMES:
            return "sex"
        if name in _MEASURE_NAMES:
            return "measure"
    return "other"


def normalise_sex(code: str, label: str = "") -> Sex | None:
    """total / women / men for a sex value given by code or label; None when unrecognised."""
    for text in (code, label):
        sex = _SEX_CODES.get(text.strip().lower())
        if sex:
            return sex
    return None


def period_type(code: str) -> PeriodType:
    return next((kind for kind, form in _PERIOD_FORMS if form.match(code)), "other")


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    values: tuple[str, ...]
    labels: tuple[str, ...]
    role: Role = "other"

    def __post_init__(self) -> None:
        if len(self.values) != len(self.labels):
            from reglab.readers.errors import InconsistentError

            raise InconsistentError(
                f"Dimension {self.code!r}: {len(self.values)} codes but {len(self.labels)} labels."
            )

    def __len__(self) -> int:
        return len(self.values)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "role": self.role, "size": len(self.values)}


@dataclass
class StatTable:
    """Long-form statistics: one row per cell, dimensions as index arrays into `Dimension.values`."""

    table_id: str
    title: str
    dimensions: list[Dimension]
    index: dict[str, np.ndarray]  # dimension code -> int32 array (one entry per cell)
    values: np.ndarray  # float64, NaN where missing
    status: np.ndarray | None = None  # object array of str|None, or None when no cell has a marker
    unit: str = ""
    source: str = ""
    updated: str = ""
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def dimension(self, code: str) -> Dimension:
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        raise KeyError(code)

    def by_role(self, role: Role) -> list[Dimension]:
        return [d for d in self.dimensions if d.role == role]

    def status_at(self, i: int) -> str | None:
        return None if self.status is None else self.status[i]

    @classmethod
    def from_cube(
        cls,
        *,
        table_id: str,
        title: str,
        dimensions: list[Dimension],
        values: np.ndarray,
        status: np.ndarray | None = None,
        **meta: Any,
    ) -> StatTable:
        """A cube in row-major order (last dimension fastest) to long form."""
        from reglab.readers.errors import InconsistentError

        sizes = [len(d) for d in dimensions]
        expected = cell_count(sizes)
        if values.shape[0] != expected:
            raise InconsistentError(
                f"{values.shape[0]} values but the dimensions "
                f"({' × '.join(map(str, sizes))}) give {expected}."
            )
        index: dict[str, np.ndarray] = {}
        inner = expected
        outer = 1
        for dim, size in zip(dimensions, sizes, strict=True):
            inner //= size
            index[dim.code] = np.tile(np.repeat(np.arange(size, dtype=np.int32), inner), outer)
            outer *= size
        return cls(
            table_id=table_id,
            title=title,
            dimensions=dimensions,
            index=index,
            values=values,
            status=status,
            **meta,
        )

    @classmethod
    def from_records(
        cls,
        *,
        table_id: str,
        title: str,
        dimension_specs: Sequence[tuple[str, str, Role]],
        rows: Iterable[tuple[Sequence[str], float | None, str | None]],
        labels: dict[str, dict[str, str]] | None = None,
        **meta: Any,
    ) -> StatTable:
        """Long rows `(codes per dimension, value, status)` to a table (codes in first-seen order)."""
        specs = list(dimension_specs)
        positions: list[dict[str, int]] = [{} for _ in specs]
        # Typed arrays, not lists: 4 and 8 bytes per cell instead of a pointer plus an object.
        idx = [array("i") for _ in specs]
        values = array("d")
        marks: dict[int, str] = {}  # sparse: most cells have no marker
        nan = float("nan")
        for i, (codes, value, mark) in enumerate(rows):
            for k, code in enumerate(codes):
                pos = positions[k].setdefault(code, len(positions[k]))
                idx[k].append(pos)
            values.append(nan if value is None else float(value))
            if mark:
                marks[i] = mark
        status = None
        if marks:
            status = np.full(len(values), None, dtype=object)
            for i, mark in marks.items():
                status[i] = mark
        labels = labels or {}
        dims = [
            Dimension(
                code=code,
                label=label,
                values=tuple(positions[k]),
                labels=tuple(labels.get(code, {}).get(v, v) for v in positions[k]),
                role=role,
            )
            for k, (code, label, role) in enumerate(specs)
        ]
        return cls(
            table_id=table_id,
            title=title,
            dimensions=dims,
            index={d.code: np.frombuffer(idx[k], dtype=np.int32).copy() for k, d in enumerate(dims)},
            values=np.frombuffer(values, dtype=np.float64).copy(),
            status=status,
            **meta,
        )

    @classmethod
    def concat(cls, parts: Sequence[StatTable]) -> StatTable:
        """Tables with the same dimension codes (e.g. chunks of one query) as one table."""
        from reglab.readers.errors import InconsistentError

        if not parts:
            raise InconsistentError("Nothing to combine.")
        first = parts[0]
        codes = [d.code for d in first.dimensions]
        merged: list[dict[str, int]] = [{} for _ in codes]
        merged_labels: list[dict[str, str]] = [{} for _ in codes]
        index: dict[str, list[np.ndarray]] = {c: [] for c in codes}
        for part in parts:
            if [d.code for d in part.dimensions] != codes:
                raise InconsistentError("Parts of one table have different dimensions.")
            for k, dim in enumerate(part.dimensions):
                remap = np.empty(len(dim), dtype=np.int32)
                for j, (value, label) in enumerate(zip(dim.values, dim.labels, strict=True)):
                    remap[j] = merged[k].setdefault(value, len(merged[k]))
                    merged_labels[k].setdefault(value, label)
                index[dim.code].append(remap[part.index[dim.code]] if len(dim) else part.index[dim.code])
        dims = [
            Dimension(
                code=d.code,
                label=d.label,
                values=tuple(merged[k]),
                labels=tuple(merged_labels[k][v] for v in merged[k]),
                role=d.role,
            )
            for k, d in enumerate(first.dimensions)
        ]
        has_status = any(p.status is not None for p in parts)
        status = (
            np.concatenate(
                [p.status if p.status is not None else np.full(len(p), None, dtype=object) for p in parts]
            )
            if has_status
            else None
        )
        return cls(
            table_id=first.table_id,
            title=first.title,
            dimensions=dims,
            index={c: np.concatenate(index[c]) for c in codes},
            values=np.concatenate([p.values for p in parts]),
            status=status,
            unit=first.unit,
            source=first.source,
            updated=max((p.updated for p in parts), default=""),
            notes=first.notes,
            extra=first.extra,
        )

    def duplicate_cells(self) -> int:
        """How many cells repeat an earlier cell's combination of dimension values."""
        n = len(self)
        if n == 0 or not self.dimensions:
            return 0
        sizes = [max(len(d), 1) for d in self.dimensions]
        if float(np.prod(sizes, dtype=np.float64)) < 2**62:
            key = np.zeros(n, dtype=np.int64)
            for dim, size in zip(self.dimensions, sizes, strict=True):
                key = key * size + self.index[dim.code]
            return n - int(np.unique(key).size)
        stacked = np.stack([self.index[d.code] for d in self.dimensions], axis=1)
        return n - int(np.unique(stacked, axis=0).shape[0])

    def without_exact_duplicates(self) -> tuple[StatTable, int]:
        """Drop cells that repeat an earlier cell exactly (same codes, value and status).

        Cells that repeat the codes with a different value are kept: they are a conflict, and
        `duplicate_cells()` still reports them so the store can refuse the table.
        """
        n = len(self)
        if n == 0 or not self.duplicate_cells():
            return self, 0
        seen: set[tuple[Any, ...]] = set()
        keep = np.ones(n, dtype=bool)
        columns = [self.index[d.code] for d in self.dimensions]
        status = self.status if self.status is not None else [None] * n
        for i, row in enumerate(zip(*columns, strict=True)):
            value = self.values[i]
            key = (*row, "nan" if np.isnan(value) else float(value), status[i])
            if key in seen:
                keep[i] = False
            else:
                seen.add(key)
        dropped = int((~keep).sum())
        if not dropped:
            return self, 0
        table = self.subset(keep)
        table.notes = [*self.notes, f"{dropped} identiska dubblettceller togs bort vid inläsningen."]
        return table, dropped

    def subset(self, keep: np.ndarray) -> StatTable:
        """The cells where `keep` (a boolean array, one per cell) is true; dimensions unchanged."""
        return StatTable(
            table_id=self.table_id,
            title=self.title,
            dimensions=self.dimensions,
            index={code: idx[keep] for code, idx in self.index.items()},
            values=self.values[keep],
            status=self.status[keep] if self.status is not None else None,
            unit=self.unit,
            source=self.source,
            updated=self.updated,
            notes=list(self.notes),
            extra=self.extra,
        )

    def content_hash(self) -> str:
        """A stable hash of codes, values and markers, independent of cell and code order."""
        digest = hashlib.sha256()
        dims = sorted(self.dimensions, key=lambda d: d.code)
        ranks = []
        for dim in dims:
            ordered = sorted(dim.values)
            digest.update(f"{dim.code}|{dim.role}|{chr(31).join(ordered)}\x00".encode())
            position = {v: i for i, v in enumerate(ordered)}
            rank = np.asarray([position[v] for v in dim.values], dtype=np.int64)
            ranks.append(rank[self.index[dim.code]] if len(dim) else self.index[dim.code].astype(np.int64))
        order = np.lexsort(ranks[::-1]) if ranks else np.arange(len(self))
        for rank in ranks:
            digest.update(np.ascontiguousarray(rank[order]).tobytes())
        values = np.where(np.isnan(self.values), np.nan, self.values)[order]
        digest.update(np.ascontiguousarray(values).tobytes())
        if self.status is not None:
            digest.update("\x1f".join(s or "" for s in self.status[order]).encode())
        return digest.hexdigest()

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame: one column per dimension (codes), then value and status."""
        import pandas as pd

        data = {}
        for dim in self.dimensions:
            data[dim.code] = pd.Categorical.from_codes(self.index[dim.code], categories=list(dim.values))
        data["value"] = self.values
        data["status"] = self.status if self.status is not None else None
        return pd.DataFrame(data)
