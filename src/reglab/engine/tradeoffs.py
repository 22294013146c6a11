"""Trade-offs and rank robustness from values already at hand (published indices, imported measures).

Pure: plain Python and pandas, no Django. Two questions an analyst asks of a ranking:

* **Growth vs environment**: across all units of one level, do units that score high on one measure
  (BRP+ Ekonomi, GRP per inhabitant) score low on another (Miljö, emissions)? ``growth_environment``
  gives the correlation, the medians and each unit's quadrant.
* **Rank robustness**: does a unit's rank depend on how themes are weighted? ``rank_robustness``
  ranks the units by the mean of their theme indices under equal weights, with each theme left out
  in turn and with each theme counted twice, and reports the unit's rank range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "GrowthEnvironment",
    "RankRobustness",
    "Scenario",
    "growth_environment",
    "rank_robustness",
    "ranks",
]

QUADRANTS = ("high_high", "high_low", "low_high", "low_low")  # x first: high x & high y, ...


def ranks(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Competition ranks (1 = best, ties share the best rank); units without a value get no rank."""
    clean = values.dropna().astype(float)
    return clean.rank(ascending=not higher_is_better, method="min").astype(int)


@dataclass(frozen=True)
class GrowthEnvironment:
    units: int  # units with both values
    correlation: float | None  # Pearson r over the units; None below 3 units or without spread
    median_x: float | None
    median_y: float | None
    quadrant_counts: dict[str, int]
    unit: str
    x: float | None
    y: float | None
    quadrant: str | None  # one of QUADRANTS; None when the unit lacks a value
    rank_x: int | None
    rank_y: int | None
    points: list[tuple[str, float, float]] = field(default_factory=list)  # unit, x, y (for a chart)


def _quadrant(x: float, y: float, mx: float, my: float) -> str:
    return ("high" if x >= mx else "low") + "_" + ("high" if y >= my else "low")


def growth_environment(
    x: pd.Series, y: pd.Series, *, unit: str, y_higher_is_better: bool = True
) -> GrowthEnvironment:
    """``x`` (growth) and ``y`` (environment) per unit, indexed by unit code.

    ``y_higher_is_better`` is False for emissions (low is good); ranks follow it, quadrants are on the
    raw values (high/low relative to the median).
    """
    both = pd.DataFrame({"x": x, "y": y}).dropna().astype(float)
    n = len(both)
    if n == 0:
        return GrowthEnvironment(
            0, None, None, None, dict.fromkeys(QUADRANTS, 0), unit, None, None, None, None, None
        )
    mx, my = float(both["x"].median()), float(both["y"].median())
    corr = None
    if n >= 3 and both["x"].std() > 0 and both["y"].std() > 0:
        corr = float(both["x"].corr(both["y"]))
        corr = None if math.isnan(corr) else round(corr, 3)
    quadrants = [_quadrant(a, b, mx, my) for a, b in zip(both["x"], both["y"], strict=True)]
    counts = dict.fromkeys(QUADRANTS, 0)
    for q in quadrants:
        counts[q] += 1
    rx, ry = ranks(both["x"]), ranks(both["y"], higher_is_better=y_higher_is_better)
    mine = both.loc[unit] if unit in both.index else None
    return GrowthEnvironment(
        units=n,
        correlation=corr,
        median_x=mx,
        median_y=my,
        quadrant_counts=counts,
        unit=unit,
        x=None if mine is None else float(mine["x"]),
        y=None if mine is None else float(mine["y"]),
        quadrant=None if mine is None else _quadrant(float(mine["x"]), float(mine["y"]), mx, my),
        rank_x=int(rx[unit]) if unit in rx.index else None,
        rank_y=int(ry[unit]) if unit in ry.index else None,
        points=[
            (str(u), float(a), float(b)) for u, a, b in zip(both.index, both["x"], both["y"], strict=True)
        ],
    )


@dataclass(frozen=True)
class Scenario:
    key: str  # "published" | "equal" | "without:<theme>" | "double:<theme>"
    theme: str  # the theme left out or doubled; "" otherwise
    rank: int | None


@dataclass(frozen=True)
class RankRobustness:
    unit: str
    units: int
    published_rank: int | None
    scenarios: list[Scenario]
    rank_min: int | None
    rank_max: int | None
    most_sensitive_theme: str  # the theme whose removal moves the unit's rank most ("" if none moves it)
    flagged_units: int  # units whose rank range exceeds ``wide``
    wide: int

    @property
    def rank_range(self) -> int | None:
        if self.rank_min is None or self.rank_max is None:
            return None
        return self.rank_max - self.rank_min


def rank_robustness(
    themes: pd.DataFrame, *, unit: str, published: pd.Series | None = None, wide: int | None = None
) -> RankRobustness:
    """Rank of ``unit`` under alternative weightings of the theme indices.

    ``themes``: one row per unit (index = unit code), one column per theme index (0–100). ``published``:
    the official part index per unit, ranked as the reference. A unit needs all its theme values to be
    ranked in a scenario (no silent imputation). ``wide`` (default: a tenth of the units, at least 2) is
    the rank range above which a unit's placement is flagged.
    """
    themes = themes.astype(float)
    complete = themes.dropna()
    n = len(complete)
    wide = wide if wide is not None else max(2, n // 10)
    frames: dict[str, tuple[str, pd.Series]] = {}
    frames["equal"] = ("", complete.mean(axis=1))
    for theme in themes.columns:
        if len(themes.columns) > 1:
            frames[f"without:{theme}"] = (theme, complete.drop(columns=[theme]).mean(axis=1))
        weights = pd.Series(1.0, index=themes.columns)
        weights[theme] = 2.0
        frames[f"double:{theme}"] = (theme, (complete * weights).sum(axis=1) / weights.sum())
    ranked = {key: (theme, ranks(score)) for key, (theme, score) in frames.items()}
    table = pd.DataFrame({key: r for key, (_theme, r) in ranked.items()})
    published_rank = None
    if published is not None:
        pr = ranks(published)
        table["published"] = pr
        published_rank = int(pr[unit]) if unit in pr.index else None
    spread = table.max(axis=1) - table.min(axis=1)
    scenarios = [Scenario("published", "", published_rank)] if published is not None else []
    for key, (theme, r) in ranked.items():
        scenarios.append(Scenario(key, theme, int(r[unit]) if unit in r.index else None))
    mine = [s.rank for s in scenarios if s.rank is not None]
    sensitive, moved = "", 0
    base = ranked["equal"][1].get(unit)
    if base is not None:
        for s in scenarios:
            if s.key.startswith("without:") and s.rank is not None and abs(s.rank - int(base)) > moved:
                sensitive, moved = s.theme, abs(s.rank - int(base))
    return RankRobustness(
        unit=unit,
        units=n,
        published_rank=published_rank,
        scenarios=scenarios,
        rank_min=min(mine) if mine else None,
        rank_max=max(mine) if mine else None,
        most_sensitive_theme=sensitive,
        flagged_units=int((spread > wide).sum()),
        wide=wide,
    )
