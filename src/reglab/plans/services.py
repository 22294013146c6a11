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


class FollowUpSourceError(ValueError):
    pass


def _brp_series(indicator: str, region) -> tuple[dict[int, float], str]:
    """BRP+ part or theme ("BRP+:Miljö", "BRP+:T6") for the region, one value per stämpelår (totals)."""
    from reglab.indicators.models import BrpValue
    from reglab.reference.region_codes import scb_to_kolada

    name = indicator.split(":", 1)[1].strip()
    kolada_id = scb_to_kolada(region.code)
    view = "K" if region.kind == "kommun" else "L"
    rows = (
        BrpValue.objects.filter(run__lag__isnull=True, view=view, region_code=kolada_id, gender="T")
        .filter(level__in=["part", "theme"])
        .select_related("run__config")
        .order_by("run__created_at")
    )
    values: dict[int, float] = {}
    for row in rows:
        label = row.theme or row.part
        if (label == name or label.split(" ")[0] == name) and row.value is not None:
            values[row.run.config.stampelar] = row.value  # the latest run of a year wins
    return values, f"BRP+ {name} (Reglab/Kolada)"


def _statistics_series(measure: str, region) -> tuple[dict[int, float], str]:
    """Yearly totals of a measure (Kolada KPI or SCB content code) for the region, current versions."""
    from reglab.statistics.selectors import current_observations

    rows = (
        current_observations(measures=[measure])
        .filter(region_code=region.code, period_type="year", sex="total", dimensions={})
        .select_related("version__dataset__source")
    )
    values: dict[int, float] = {}
    sources: set[str] = set()
    for obs in rows:
        if obs.value is not None:
            values[int(obs.period)] = obs.value
            sources.add(
                f"{obs.version.dataset.attribution or obs.version.dataset.source} v{obs.version.number}"
            )
    return values, ", ".join(sorted(sources))


def _catalogue_series(key: str, region) -> tuple[dict[int, float], str]:
    """A catalogue measure ("stat:…", "brp:…") for the region, one value per year, with its versions."""
    from reglab.analysis.catalogue import region_series
    from reglab.analysis.measures import MeasureError

    try:
        _measure, points, _notes = region_series(key, region)
    except MeasureError as exc:
        raise FollowUpSourceError(str(exc)) from exc
    values = {int(p.period): p.value for p in points if p.value is not None and p.period.isdigit()}
    return values, ", ".join(sorted({p.source for p in points}))


@transaction.atomic
def follow_up_from_statistics(*, goal: Goal, user=None) -> int:
    """Record the goal's indicator for the plan organisation's region from stored statistics or BRP+.

    Returns how many years were recorded. Values typed in by hand for other years are kept.
    """
    region = goal.plan.organisation.region
    if region is None:
        raise FollowUpSourceError(_("Organisationen har ingen region; ange värdena för hand."))
    if not goal.indicator:
        raise FollowUpSourceError(_("Målet har ingen indikator att hämta."))
    if goal.indicator.startswith(("stat:", "brp:")):
        values, source = _catalogue_series(goal.indicator, region)
    elif goal.indicator.upper().startswith("BRP+:"):
        values, source = _brp_series(goal.indicator, region)
    else:
        values, source = _statistics_series(goal.indicator.strip(), region)
    if not values:
        raise FollowUpSourceError(
            _(
                "Inga värden för %(indicator)s och %(region)s finns i statistiken ännu "
                "(hämta dem med reglab data sync)."
            )
            % {"indicator": goal.indicator, "region": region.name}
        )
    for year, value in values.items():
        follow_up_record(goal=goal, year=year, value=value, source=source[:300], user=user)
    return len(values)
