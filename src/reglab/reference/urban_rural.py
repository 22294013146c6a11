"""Tillväxtverket's urban/rural classification of kommuner (3 and 6 classes), as reference data.

Pure Python (no Django). The data file `urban_rural.csv` next to this module holds, for each of the
290 kommuner, its code, name and the two class columns of the BRP+ code key; the source and licence
are in `urban_rural_SOURCE.md`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

SCHEMES = (3, 6)


@dataclass(frozen=True)
class KommunClass:
    code: str
    class3: str
    class6: str


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    class3_code: int
    class3: str
    class6_code: int
    class6: str


@cache
def _rows() -> tuple[_Row, ...]:
    text = resources.files("reglab.reference").joinpath("urban_rural.csv").read_text("utf-8")
    return tuple(
        _Row(
            code=r["kommun_code"],
            name=r["kommun_name"],
            class3_code=int(r["class3_code"]),
            class3=r["class3"],
            class6_code=int(r["class6_code"]),
            class6=r["class6"],
        )
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
    )


def kommun_classes() -> dict[str, KommunClass]:
    """Kommun code (four digits, e.g. "0114") to its classes, labelled as in the source."""
    return {r.code: KommunClass(r.code, r.class3, r.class6) for r in _rows()}


def kommun_names() -> dict[str, str]:
    """Kommun code to the name the source gives (for checks and display without a database)."""
    return {r.code: r.name for r in _rows()}


def class_labels(scheme: int) -> list[str]:
    """The class labels of the 3- or 6-class scheme, in the source's order (by its class code)."""
    if scheme not in SCHEMES:
        raise ValueError(f"Okänd indelning: {scheme!r} (3 eller 6 klasser)")
    pairs = {(r.class3_code, r.class3) if scheme == 3 else (r.class6_code, r.class6) for r in _rows()}
    return [label for _, label in sorted(pairs)]
