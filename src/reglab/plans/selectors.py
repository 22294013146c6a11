from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reglab.plans.models import ActionPlan, Goal
from reglab.plans.progress import NO_DATA, OFF_TRACK, ON_TRACK, GoalProgress, goal_progress


def status_label(status: str) -> str:
    return {ON_TRACK: _("på väg"), OFF_TRACK: _("inte på väg"), NO_DATA: _("saknar data")}[status]


def value_text(value: float | None, unit: str = "") -> str:
    """A value as people read it: 64.61804171180044 → "64,6", 12345.678 → "12 346", with the unit."""
    if value is None:
        return "–"
    size = abs(value)
    digits = 0 if size >= 1000 else 1 if size >= 10 else 2
    text = number_format(round(value, digits), digits, force_grouping=size >= 10000)
    return f"{text} {unit}".strip()


def progress_text(progress: GoalProgress) -> str:
    """The progress message in the user's language (``progress.message`` is the same in Swedish)."""
    if progress.latest_year is None:
        return _("Ingen uppföljning ännu.")
    if progress.share_of_way is None:
        return _("Bas- och målvärde behövs för att bedöma utvecklingen.")
    return _("%(percent)s %% av vägen till målet (%(year)s)") % {
        "percent": round(progress.share_of_way * 100),
        "year": progress.latest_year,
    }


@dataclass(frozen=True)
class GoalPoint:
    year: int
    value: float
    source: str  # the data version ("… (version 2)", "BRP+ 2025 …") or who typed it in
    from_data: bool


def goal_points(goal: Goal) -> tuple[list[GoalPoint], str]:
    """The goal's values per year: the stored data for the organisation's region (current versions, read
    now, so a newer data version changes them without an edit), and typed-in follow-ups for the years
    the data lacks. Also a message when the indicator cannot be read."""
    from reglab.analysis.catalogue import region_series
    from reglab.analysis.measures import MeasureError

    points: dict[int, GoalPoint] = {}
    problem = ""
    region = goal.plan.organisation.region
    if goal.indicator.startswith(("stat:", "brp:")) and region is not None:
        try:
            _measure, series, _notes = region_series(goal.indicator, region)
        except MeasureError as exc:
            series, problem = [], str(exc)
        for p in series:
            if p.value is not None and p.period[:4].isdigit() and len(p.period) == 4:
                points[int(p.period)] = GoalPoint(int(p.period), p.value, p.source, True)
    for f in goal.follow_ups.all():
        if f.year not in points:
            points[f.year] = GoalPoint(f.year, f.value, f.source or _("inmatat för hand"), False)
    return [points[y] for y in sorted(points)], problem


def goal_progress_now(goal: Goal) -> tuple[GoalProgress, list[GoalPoint], str]:
    points, problem = goal_points(goal)
    progress = goal_progress(
        baseline_year=goal.baseline_year,
        baseline_value=goal.baseline_value,
        target_year=goal.target_year,
        target_value=goal.target_value,
        values={p.year: p.value for p in points},
    )
    return progress, points, problem


def plan_with_progress(plan: ActionPlan) -> list[dict]:
    """Each goal of the plan with its measures, its values (stored data first) and progress."""
    rows = []
    for goal in plan.goals.select_related("plan__organisation__region").prefetch_related(
        "measures", "follow_ups"
    ):
        progress, points, problem = goal_progress_now(goal)
        rows.append(
            {
                "goal": goal,
                "measures": list(goal.measures.all()),
                "follow_ups": list(goal.follow_ups.all()),
                "points": [
                    {
                        "year": p.year,
                        "value": value_text(p.value, goal.unit),
                        "source": p.source,
                        "data": p.from_data,
                    }
                    for p in points
                ],
                "progress": progress,
                "message": progress_text(progress),
                "status": progress.status,
                "status_label": status_label(progress.status),
                "last_year": progress.latest_year,
                "latest_text": value_text(progress.latest_value, goal.unit),
                "baseline_text": value_text(goal.baseline_value, goal.unit),
                "target_text": value_text(goal.target_value, goal.unit),
                "problem": problem,
            }
        )
    return rows


@dataclass
class NetworkColumn:
    organisation: object
    plans: list[dict]  # plan, goals (goal, status, status_label, last_year, latest_text, similar)


def plans_network(*, embedder=None, k: int = 2) -> list[NetworkColumn]:
    """All organisations' plans side by side; each goal with its status and the most similar goals of
    other organisations (the proposal similarity engine, ``engine.similarity.most_similar``).

    A match is shown when the model's calibrated "related" threshold says so; for an uncalibrated
    model the best match is shown with its score, for a person to judge.
    """
    from reglab.engine.similarity import Item, most_similar

    plans = list(
        ActionPlan.objects.exclude(status="archived")
        .select_related("organisation__region")
        .prefetch_related("goals__follow_ups")
        .order_by("organisation__name", "-start_year")
    )
    goals = [g for plan in plans for g in plan.goals.all()]
    items = [
        Item(
            key=str(g.pk),
            title=g.title,
            text=" ".join(x for x in (g.description, g.indicator_label, g.indicator_note) if x),
            group=str(g.plan.organisation_id),
        )
        for g in goals
    ]
    matches: dict = {}
    if len({i.group for i in items}) > 1:
        if embedder is None:
            from reglab.programme.embeddings import stored_embedder

            embedder = stored_embedder()
        matches = most_similar(items, embedder=embedder, k=k, explain_matches=False)
    by_pk = {str(g.pk): g for g in goals}
    columns: dict[int, NetworkColumn] = {}
    for plan in plans:
        column = columns.setdefault(plan.organisation_id, NetworkColumn(plan.organisation, []))
        rows = []
        for goal in plan.goals.all():
            progress, _points, _problem = goal_progress_now(goal)
            found = matches.get(str(goal.pk), [])
            similar = [
                {"goal": by_pk[m.key], "score": m.score}
                for m in found
                if m.related or (m.related is None and m is found[0])
            ]
            rows.append(
                {
                    "goal": goal,
                    "status": progress.status,
                    "status_label": status_label(progress.status),
                    "last_year": progress.latest_year,
                    "latest_text": value_text(progress.latest_value, goal.unit),
                    "similar": similar,
                }
            )
        column.plans.append({"plan": plan, "goals": rows})
    return list(columns.values())
