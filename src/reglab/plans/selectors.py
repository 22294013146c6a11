from __future__ import annotations

from reglab.plans.models import ActionPlan
from reglab.plans.progress import goal_progress


def plan_with_progress(plan: ActionPlan) -> list[dict]:
    """Each goal of the plan with its measures, follow-up series and progress."""
    rows = []
    for goal in plan.goals.prefetch_related("measures", "follow_ups"):
        values = {f.year: f.value for f in goal.follow_ups.all()}
        rows.append(
            {
                "goal": goal,
                "measures": list(goal.measures.all()),
                "follow_ups": list(goal.follow_ups.all()),
                "progress": goal_progress(
                    baseline_year=goal.baseline_year,
                    baseline_value=goal.baseline_value,
                    target_year=goal.target_year,
                    target_value=goal.target_value,
                    values=values,
                ),
            }
        )
    return rows
