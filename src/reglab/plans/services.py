from __future__ import annotations

from django.db import transaction

from reglab.plans.models import FollowUp, Goal


@transaction.atomic
def follow_up_record(
    *, goal: Goal, year: int, value: float, source: str = "", comment: str = "", user=None
) -> FollowUp:
    """Record (or correct) the goal's value for a year; one value per goal and year."""
    follow_up, _ = FollowUp.objects.update_or_create(
        goal=goal,
        year=year,
        defaults={"value": value, "source": source, "comment": comment, "recorded_by": user},
    )
    return follow_up
