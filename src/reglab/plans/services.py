from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.core.concurrency import ensure_unchanged
from reglab.plans.models import ActionPlan, FollowUp, Goal


@transaction.atomic
def action_plan_save(*, plan: ActionPlan, user, expected_updated_at=None) -> ActionPlan:
    """Create or change a plan; a change based on an outdated version is refused (EditConflict)."""
    if plan.pk:
        ensure_unchanged(plan, expected_updated_at, what=_("Handlingsplanen"))
    else:
        plan.created_by = user
    plan.save()
    return plan


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
