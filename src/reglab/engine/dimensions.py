"""Reduce a long statistics table to one value per region, period and measure (pure pandas).

A table's cells can carry a sex and other dimensions (age, marital status…). To compare or aggregate one
measure, one sex is kept and every other dimension is dropped: by its total code ("tot", "totalt", …)
when the table has one, else by summing over it — which is only correct for additive measures (counts,
ratio bases). A table without the asked total for sex gets total = women + men, again only when additive.
Every step taken is returned as a ``Reduction`` so the caller can say how the numbers were obtained.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

TOTAL_CODES = frozenset({"tot", "totalt", "total", "tot1", "samtliga", "sa", "t", "alla", "00"})
VALUE_COLUMNS = ["region", "period", "measure", "value"]
ROW_COLUMNS = ["region", "period", "measure", "sex", "dimensions", "value"]


@dataclass(frozen=True)
class Reduction:
    """One step of a reduction: ``sexes_summed``, ``total`` (code used for ``dimension``) or ``summed``."""

    kind: Literal["sexes_summed", "total", "summed"]
    dimension: str = ""
    code: str = ""
    count: int = 0


@dataclass
class Reduced:
    values: pd.DataFrame  # region, period, measure, value
    steps: list[Reduction] = field(default_factory=list)


class DimensionError(ValueError):
    """The table cannot be reduced: ``no_sex`` (the sex is missing) or ``not_additive`` (a dimension
    without a total code, for a measure that must not be summed)."""

    def __init__(self, kind: Literal["no_sex", "not_additive"], *, sex: str = "", dimension: str = ""):
        self.kind = kind
        self.sex = sex
        self.dimension = dimension
        super().__init__(f"{kind}: sex={sex!r} dimension={dimension!r}")


def _parse(dimensions: object) -> Mapping[str, object]:
    if isinstance(dimensions, str):
        parsed: Mapping[str, object] = json.loads(dimensions or "{}")
        return parsed
    return dimensions or {}  # type: ignore[return-value]


def reduce_dimensions(rows: pd.DataFrame, *, sex: str, total_sex: str, additive: bool) -> Reduced:
    """``rows`` (region, period, measure, sex, dimensions, value) to ``region, period, measure, value``.

    ``dimensions`` holds a mapping (or its JSON) per row; ``total_sex`` is the code of the sex total.
    A missing cell makes a sum missing, never a silent undercount.
    """
    if rows.empty:
        return Reduced(pd.DataFrame(columns=VALUE_COLUMNS))
    steps: list[Reduction] = []
    if (rows["sex"] == sex).any():
        rows = rows[rows["sex"] == sex]
    elif sex == total_sex and additive:
        steps.append(Reduction("sexes_summed"))
    else:
        raise DimensionError("no_sex", sex=sex)
    dims = [_parse(d) for d in rows["dimensions"]]
    keys = sorted({k for d in dims for k in d})
    frame = rows.drop(columns=["dimensions", "sex"]).reset_index(drop=True)
    for key in keys:
        frame[key] = [str(d.get(key, "")) for d in dims]
    for key in keys:
        codes = set(frame[key])
        total = next((v for v in sorted(codes) if v.strip().lower() in TOTAL_CODES), None)
        if total is not None:
            frame = frame[frame[key] == total]
            steps.append(Reduction("total", dimension=key, code=total))
        elif not additive:
            raise DimensionError("not_additive", dimension=key)
        else:
            steps.append(Reduction("summed", dimension=key, count=len(codes)))
    grouped = frame.groupby(["region", "period", "measure"], as_index=False)["value"].agg(
        lambda v: v.sum(min_count=len(v))
    )
    return Reduced(grouped[VALUE_COLUMNS], steps)
