"""Resolve the names people write ("VGR", "Örebro län", "Region Kronoberg") to one regional organisation.

Pure Python so that document import can run without a database; the accounts app loads the same
file as reference data, so both always agree.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RegionalOrganisation:
    lan: str
    name: str
    aliases: tuple[str, ...]
    short: tuple[str, ...]


@cache
def regional_organisations() -> tuple[RegionalOrganisation, ...]:
    data = json.loads(resources.files("reglab.reference").joinpath("organisations.json").read_text("utf-8"))
    return tuple(
        RegionalOrganisation(r["lan"], r["name"], tuple(r["aliases"]), tuple(r.get("short", ())))
        for r in data["regions"]
    )


@cache
def agencies() -> tuple[dict, ...]:
    data = json.loads(resources.files("reglab.reference").joinpath("organisations.json").read_text("utf-8"))
    return tuple(data["agencies"])


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@cache
def _patterns(include_short: bool) -> tuple[tuple[re.Pattern[str], RegionalOrganisation], ...]:
    pairs: list[tuple[str, RegionalOrganisation]] = []
    for org in regional_organisations():
        names = {org.name, *org.aliases} | (set(org.short) if include_short else set())
        pairs.extend((name, org) for name in names)
    # Longest alias first, so "Region Örebro län" wins over "Örebro".
    pairs.sort(key=lambda p: -len(p[0]))
    return tuple(
        (re.compile(r"(?<![\wåäöÅÄÖ])" + re.escape(_norm(name)) + r"(?![\wåäöÅÄÖ])"), org)
        for name, org in pairs
    )


def find_regions(text: str, *, include_short: bool = False) -> list[RegionalOrganisation]:
    """All regional organisations mentioned in `text`, in order of first mention, each once."""
    norm = _norm(text)
    hits: list[tuple[int, RegionalOrganisation]] = []
    # Characters already claimed by a longer name; a mask keeps the overlap test linear in the
    # text (a list of spans made a text naming a region thousands of times quadratic).
    taken = bytearray(len(norm))
    for pattern, org in _patterns(include_short):
        for m in pattern.finditer(norm):
            if taken.find(1, m.start(), m.end()) != -1:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            hits.append((m.start(), org))
    seen: dict[str, RegionalOrganisation] = {}
    for _, org in sorted(hits, key=lambda h: h[0]):
        seen.setdefault(org.lan, org)
    return list(seen.values())


def resolve_region(text: str, *, include_short: bool = True) -> RegionalOrganisation | None:
    """The one organisation a short text such as a signature line names, or None."""
    found = find_regions(text, include_short=include_short)
    return found[0] if found else None
