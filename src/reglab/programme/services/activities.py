"""Activities: create, edit, organisations, and status moves along the allowed edges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.programme.audit import apply_changes, log_change
from reglab.programme.errors import ServiceError, TransitionError
from reglab.programme.models import (
    ACTIVITY_TRANSITIONS,
    Activity,
    ActivityFormat,
    ActivityStatus,
    FocusArea,
    Programme,
    Proposal,
)
from reglab.programme.services.meetings import meeting_cancel

# A provrum (test bed) starts only with a leader and at least this many participating regions.
PROVRUM_MIN_REGIONS = 2


@transaction.atomic
def activity_create(
    *,
    user,
    programme: Programme,
    title: str,
    format: str,
    focus_area: FocusArea | None = None,
    description: str = "",
    goals: str = "",
    lead_organisations: Iterable[Organisation] = (),
    participating_organisations: Iterable[Organisation] = (),
    contact_name: str = "",
    contact_email: str = "",
    source_proposals: Iterable[Proposal] | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    budget_sek: Decimal | int | None = None,
    capacity: int | None = None,
) -> Activity:
    """Create an activity (status idea). Source proposals default to the focus area's: linked, not copied."""
    title = title.strip()
    if not title:
        raise ServiceError(_("Aktiviteten behöver en titel."))
    if format not in ActivityFormat.values:
        raise ServiceError(_("Okänt format: %(format)s.") % {"format": format})
    if start_date and end_date and end_date < start_date:
        raise ServiceError(_("Slutdatum kan inte vara före startdatum."))
    if source_proposals is None:
        source_proposals = list(focus_area.proposals.all()) if focus_area else []
    proposals = list(source_proposals)
    if programme.round_id:  # a programme planned from a round links only that round's items
        from reglab.programme.services.ballots import require_same_round

        require_same_round(programme.round, [focus_area] if focus_area else [], what=_("Sakområdet"))
        require_same_round(programme.round, proposals, what=_("Förslaget"))
    activity = Activity.objects.create(
        programme=programme,
        focus_area=focus_area,
        title=title,
        format=format,
        description=description,
        goals=goals,
        contact_name=contact_name,
        contact_email=contact_email,
        start_date=start_date,
        end_date=end_date,
        budget_sek=budget_sek,
        capacity=capacity,
        created_by=user,
    )
    leads = list(lead_organisations)
    participants = list(participating_organisations)
    activity.lead_organisations.set(leads)
    activity.participating_organisations.set(participants)
    activity.source_proposals.set(proposals)
    if focus_area and not programme.focus_areas.filter(pk=focus_area.pk).exists():
        programme.focus_areas.add(focus_area)
    log_change(
        user=user,
        action="activity_create",
        obj=activity,
        changes={
            "title": title,
            "format": format,
            "focus_area": focus_area,
            "lead_organisations": leads,
            "participating_organisations": participants,
            "source_proposals": proposals,
        },
    )
    return activity


ACTIVITY_EDITABLE_FIELDS = (
    "title",
    "description",
    "goals",
    "format",
    "focus_area",
    "contact_name",
    "contact_email",
    "start_date",
    "end_date",
    "budget_sek",
    "capacity",
)


@transaction.atomic
def activity_update(*, user, activity: Activity, **fields) -> Activity:
    """Change an activity's details (not its status: see activity_transition). Logs old → new per field."""
    unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Okända fält: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "title" in fields and not str(fields["title"]).strip():
        raise ServiceError(_("Aktiviteten behöver en titel."))
    if "format" in fields and fields["format"] not in ActivityFormat.values:
        raise ServiceError(_("Okänt format: %(format)s.") % {"format": fields["format"]})
    start = fields.get("start_date", activity.start_date)
    end = fields.get("end_date", activity.end_date)
    if start and end and end < start:
        raise ServiceError(_("Slutdatum kan inte vara före startdatum."))
    changes = apply_changes(activity, fields)
    if changes:
        activity.save()
        log_change(user=user, action="activity_update", obj=activity, changes=changes)
    return activity


@transaction.atomic
def activity_set_organisations(
    *,
    user,
    activity: Activity,
    lead_organisations: Iterable[Organisation],
    participating_organisations: Iterable[Organisation],
) -> Activity:
    before = {
        "lead_organisations": [str(o) for o in activity.lead_organisations.all()],
        "participating_organisations": [str(o) for o in activity.participating_organisations.all()],
    }
    leads, participants = list(lead_organisations), list(participating_organisations)
    activity.lead_organisations.set(leads)
    activity.participating_organisations.set(participants)
    log_change(
        user=user,
        action="activity_set_organisations",
        obj=activity,
        changes={
            "lead_organisations": [before["lead_organisations"], [str(o) for o in leads]],
            "participating_organisations": [
                before["participating_organisations"],
                [str(o) for o in participants],
            ],
        },
    )
    return activity


def participating_regions(activity: Activity) -> list[Organisation]:
    return list(activity.participating_organisations.filter(kind=OrganisationKind.REGION).order_by("name"))


def activity_transition_problems(activity: Activity, to_status: str) -> list[str]:
    """Why ``activity`` cannot move to ``to_status`` (empty when it can). Used by the service and the page."""
    if to_status not in ActivityStatus.values:
        return [_("Okänd status: %(status)s.") % {"status": to_status}]
    current = ActivityStatus(activity.status)
    target = ActivityStatus(to_status)
    if target not in ACTIVITY_TRANSITIONS[current]:
        allowed = ", ".join(str(ActivityStatus(s).label) for s in ACTIVITY_TRANSITIONS[current]) or _("ingen")
        return [
            _(
                "En aktivitet med status ”%(current)s” kan inte flyttas till ”%(target)s” "
                "(tillåtet: %(allowed)s)."
            )
            % {"current": current.label, "target": target.label, "allowed": allowed}
        ]
    problems = []
    if target == ActivityStatus.RUNNING and activity.format == ActivityFormat.PROVRUM:
        if not activity.lead_organisations.exists():
            problems.append(_("Ett provrum kan inte starta utan en ledande organisation."))
        regions = participating_regions(activity)
        if len(regions) < PROVRUM_MIN_REGIONS:
            problems.append(
                _(
                    "Ett provrum kan inte starta förrän minst %(min)s regioner deltar; nu deltar %(count)s "
                    "(%(names)s)."
                )
                % {
                    "min": PROVRUM_MIN_REGIONS,
                    "count": len(regions),
                    "names": ", ".join(r.name for r in regions) or _("ingen"),
                }
            )
    return problems


@transaction.atomic
def activity_transition(*, user, activity: Activity, to_status: str) -> Activity:
    """Move the activity's status along an allowed edge; raises TransitionError explaining why not."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    problems = activity_transition_problems(activity, to_status)
    if problems:
        raise TransitionError(problems)
    old = activity.status
    activity.status = to_status
    fields = ["status", "updated_at"]
    today = timezone.localdate()
    if to_status == ActivityStatus.RUNNING and not activity.start_date:
        activity.start_date = today
        fields.append("start_date")
    if to_status == ActivityStatus.FINISHED and not activity.end_date:
        activity.end_date = today
        fields.append("end_date")
    activity.save(update_fields=fields)
    log_change(user=user, action="activity_transition", obj=activity, changes={"status": [old, to_status]})
    if to_status == ActivityStatus.CANCELLED:
        # Its coming meetings are cancelled too, so nobody registers for them or travels to them.
        for meeting in upcoming_meetings(activity):
            meeting_cancel(user=user, meeting=meeting)
    return activity


def upcoming_meetings(activity: Activity):
    """The activity's meetings that have not started and are not cancelled (cancelled with it)."""
    return activity.meetings.filter(is_cancelled=False, starts_at__gte=timezone.now()).order_by("starts_at")
