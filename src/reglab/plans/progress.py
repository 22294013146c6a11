"""How far a goal has come: plain arithmetic, no Django, so it is easy to test and explain."""

from __future__ import annotations

from dataclasses import dataclass

ON_TRACK, OFF_TRACK, NO_DATA = "on_track", "off_track", "no_data"


@dataclass(frozen=True)
class GoalProgress:
    latest_year: int | None
    latest_value: float | None
    share_of_way: float | None  # 0 = at baseline, 1 = target reached; can fall below 0 or exceed 1
    on_track: bool | None  # compared with a straight line from baseline to target
    message: str

    @property
    def status(self) -> str:
        """on_track | off_track | no_data (no value, or no baseline and target to judge against)."""
        if self.on_track is None:
            return NO_DATA
        return ON_TRACK if self.on_track else OFF_TRACK


def goal_progress(
    *,
    baseline_year: int | None,
    baseline_value: float | None,
    target_year: int | None,
    target_value: float | None,
    values: dict[int, float],
) -> GoalProgress:
    """Progress of the latest value from baseline to target; on track if ahead of a straight line."""
    if not values:
        return GoalProgress(None, None, None, None, "Ingen uppföljning ännu.")
    year = max(values)
    value = values[year]
    if (
        baseline_year is None
        or baseline_value is None
        or target_year is None
        or target_value is None
        or target_value == baseline_value
    ):
        return GoalProgress(year, value, None, None, "Bas- och målvärde behövs för att bedöma utvecklingen.")
    share = (value - baseline_value) / (target_value - baseline_value)
    if target_year == baseline_year:
        expected = 1.0
    else:
        expected = min(max((year - baseline_year) / (target_year - baseline_year), 0.0), 1.0)
    on_track = share >= expected
    percent = round(share * 100)
    # The status is shown once, as its own label next to this message (never repeated in it).
    message = f"{percent} % av vägen till målet ({year})"
    return GoalProgress(year, value, share, on_track, message)
