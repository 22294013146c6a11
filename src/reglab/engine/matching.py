""" "Matcha rätt": rates of SCB's regional matching indicators computed from their counts.

E3 publishes, per region × education group × sex/age/birth group, the counts (SCB's symbols)
A employees whose occupation fully matches their education, B partly, C not at all, and E the
adjusted population of the education group (D, insufficient information, is left out). From them:

* matched employment rate (*matchad förvärvsgrad*) = 100 · A / E
* employment rate (*förvärvsgrad*) = 100 · (A + B + C) / E
* gap (percentage points) = förvärvsgrad − matchad förvärvsgrad = 100 · (B + C) / E
* matching rate (M2, *matchningsgrad*) = 100 · A / (A + B + C) — inferred, not confirmed by SCB.

A region made of other regions (a custom group, two län) gets its rates from the *summed counts*:
(A1 + A2) / (E1 + E2), never the mean of the members' rates. A member without a count makes the
group's value missing rather than a silent partial sum.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "COUNT_SYMBOLS",
    "MatchingCounts",
    "counts_sum",
    "employment_rate",
    "matched_employment_rate",
    "matching_gap",
    "matching_rate",
    "rates_frame",
]

COUNT_SYMBOLS = ("A", "B", "C", "E")
RATE_COLUMNS = ("matched_employment_rate", "employment_rate", "gap", "matching_rate")


@dataclass(frozen=True)
class MatchingCounts:
    """SCB's counts for one cell; None is a count the source does not give (suppressed, missing)."""

    a: float | None
    b: float | None
    c: float | None
    e: float | None


def _known(*values: float | None) -> bool:
    return all(v is not None and not math.isnan(v) for v in values)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or not _known(numerator, denominator) or denominator == 0:
        return None
    return 100.0 * numerator / denominator


def _add(*values: float | None) -> float | None:
    if not _known(*values):
        return None
    return float(sum(v for v in values if v is not None))


def matched_employment_rate(counts: MatchingCounts) -> float | None:
    """100 · A / E."""
    return _ratio(counts.a, counts.e)


def employment_rate(counts: MatchingCounts) -> float | None:
    """100 · (A + B + C) / E."""
    return _ratio(_add(counts.a, counts.b, counts.c), counts.e)


def matching_gap(counts: MatchingCounts) -> float | None:
    """Percentage points between employment rate and matched employment rate: 100 · (B + C) / E."""
    return _ratio(_add(counts.b, counts.c), counts.e)


def matching_rate(counts: MatchingCounts) -> float | None:
    """100 · A / (A + B + C): the share of employees whose occupation matches (M2; inferred formula)."""
    return _ratio(counts.a, _add(counts.a, counts.b, counts.c))


def counts_sum(members: Iterable[MatchingCounts]) -> MatchingCounts:
    """The counts of a region made of ``members``: each count summed; missing if any member lacks it."""
    items = list(members)
    if not items:
        return MatchingCounts(None, None, None, None)
    return MatchingCounts(
        a=_add(*(m.a for m in items)),
        b=_add(*(m.b for m in items)),
        c=_add(*(m.c for m in items)),
        e=_add(*(m.e for m in items)),
    )


def rates_frame(
    counts: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    membership: Mapping[str, Sequence[str]] | None = None,
) -> Any:
    """Rates per region (and the ``by`` columns) from a frame of counts.

    ``counts`` has a ``region`` column, the ``by`` columns and one column per symbol in A, B, C, E
    (a missing column is all missing). With ``membership`` ({group code: member region codes}) the
    counts of the members are summed first, per group and ``by`` value, and the rates computed from
    the sums; a group lacking a member's row, or a member's count, gets a missing value.
    Returns ``region, *by, A, B, C, E, members, matched_employment_rate, employment_rate, gap,
    matching_rate``.
    """
    frame = counts.copy()
    for symbol in COUNT_SYMBOLS:
        if symbol not in frame.columns:
            frame[symbol] = float("nan")
        frame[symbol] = pd.to_numeric(frame[symbol], errors="coerce")
    keys = ["region", *by]
    if membership is not None:
        cols = list(by) or ["_all"]
        frame = frame.assign(_all=0)
        rows = []
        for group, members in membership.items():
            wanted = set(members)
            part = frame[frame["region"].isin(wanted)]
            if part.empty or not wanted:
                continue
            grouped = part.groupby(cols, dropna=False)
            # min_count: a count missing for any member stays missing; so does a member without a row.
            summed = grouped[list(COUNT_SYMBOLS)].sum(min_count=len(wanted))
            present = grouped["region"].nunique()
            summed = summed.where(present == len(wanted), other=float("nan"))
            summed["members"] = present
            summed = summed.reset_index()
            summed.insert(0, "region", group)
            rows.append(summed)
        empty = pd.DataFrame(columns=[*keys, *COUNT_SYMBOLS, "members"])
        frame = pd.concat(rows, ignore_index=True) if rows else empty
        frame = frame.drop(columns=["_all"], errors="ignore")
    else:
        frame = frame[[*keys, *COUNT_SYMBOLS]].copy()
        frame["members"] = 1
    a, b, c, e = (frame[s].astype(float) for s in COUNT_SYMBOLS)
    employed = a + b + c
    safe_e = e.where(e != 0)
    frame["matched_employment_rate"] = 100.0 * a / safe_e
    frame["employment_rate"] = 100.0 * employed / safe_e
    frame["gap"] = 100.0 * (b + c) / safe_e
    frame["matching_rate"] = 100.0 * a / employed.where(employed != 0)
    return frame.reset_index(drop=True)
