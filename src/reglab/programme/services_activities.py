"""The year's programme: programmes, activities with enforced status moves, meetings with a waiting
list, and follow-up (results, lessons, evaluations). Every write is atomic and logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.programme.audit import log_change
from reglab.programme.models import (
    ACTIVITY_TRANSITIONS,
    Activity,
    ActivityFormat,
    ActivityResult,
    ActivityStatus,
    FocusArea,
    IdeaRound,
    Lesson,
    Meeting,
    MeetingDocument,
    ParticipantEvaluation,
    Programme,
    Proposal,
    Registration,
    RegistrationStatus,
)

# A provrum (test bed) starts only with a leader and at least this many participating regions.
PROVRUM_MIN_REGIONS = 2


class TransitionError(ValidationError):
    """An activity status move that is not allowed; the message says why."""


# --- programme ---------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    user,
    year: int,
    title: str = "",
    round: IdeaRound | None = None,
    focus_areas: Iterable[FocusArea] = (),
    description: str = "",
    is_published: bool = False,
) -> Programme:
    if Programme.objects.filter(year=year).exists():
        raise ValidationError(_("Det finns redan ett program för %(year)s.") % {"year": year})
    programme = Programme.objects.create(
        year=year,
        title=title.strip() or _("Reglabs program %(year)s") % {"year": year},
        round=round,
        description=description,
        is_published=is_published,
        created_by=user,
    )
    focus_areas = list(focus_areas)
    programme.focus_areas.set(focus_areas)
    log_change(
        user=user,
        action="programme_create",
        obj=programme,
        changes={"year": year, "focus_areas": focus_areas},
    )
    return programme


@transaction.atomic
def programme_decide(*, user, programme: Programme, decided_on: dt.date, publish: bool = True) -> Programme:
    """The board's decision (usually in November); publishing opens the pages and feeds to everyone."""
    programme.decided_on = decided_on
    programme.is_published = publish
    programme.save(update_fields=["decided_on", "is_published", "updated_at"])
    log_change(
        user=user,
        action="programme_decide",
        obj=programme,
        changes={"decided_on": decided_on.isoformat(), "is_published": publish},
    )
    return programme


# --- activities ------------------------------------------------------------------------------------


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
        raise ValidationError(_("Aktiviteten behöver en titel."))
    if format not in ActivityFormat.values:
        raise ValidationError(_("Okänt format: %(format)s.") % {"format": format})
    if start_date and end_date and end_date < start_date:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
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
    if source_proposals is None:
        source_proposals = list(focus_area.proposals.all()) if focus_area else []
    proposals = list(source_proposals)
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
        raise ValidationError(_("Okända fält: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError(_("Aktiviteten behöver en titel."))
    if "format" in fields and fields["format"] not in ActivityFormat.values:
        raise ValidationError(_("Okänt format: %(format)s.") % {"format": fields["format"]})
    start = fields.get("start_date", activity.start_date)
    end = fields.get("end_date", activity.end_date)
    if start and end and end < start:
        raise ValidationError(_("Slutdatum kan inte vara före startdatum."))
    changes = {}
    for name, value in fields.items():
        old = getattr(activity, name)
        if old != value:
            changes[name] = [old, value]
            setattr(activity, name, value)
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
    return activity


# --- meetings ---------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    user,
    activity: Activity,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
    capacity: int | None = None,
) -> Meeting:
    if not title.strip():
        raise ValidationError(_("Mötet behöver en titel."))
    if ends_at and ends_at <= starts_at:
        raise ValidationError(_("Mötet måste sluta efter att det börjar."))
    if activity.status in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise ValidationError(_("Aktiviteten är avslutad eller inställd; nya möten kan inte läggas till."))
    meeting = Meeting.objects.create(
        activity=activity,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        agenda=agenda,
        capacity=capacity,
        created_by=user,
    )
    log_change(
        user=user,
        action="meeting_create",
        obj=meeting,
        changes={
            "activity": activity,
            "starts_at": starts_at.isoformat(),
            "place": place,
            "capacity": capacity,
        },
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, user, meeting: Meeting) -> Meeting:
    """Cancel the meeting: it stays in the feeds as CANCELLED so subscribed calendars update."""
    meeting.is_cancelled = True
    meeting.save(update_fields=["is_cancelled", "updated_at"])
    log_change(user=user, action="meeting_cancel", obj=meeting, changes={"is_cancelled": [False, True]})
    return meeting


@transaction.atomic
def meeting_update_minutes(*, user, meeting: Meeting, minutes: str) -> Meeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    log_change(
        user=user, action="meeting_update_minutes", obj=meeting, changes={"minutes_chars": len(minutes)}
    )
    return meeting


@transaction.atomic
def meeting_document_add(*, user, meeting: Meeting, title: str, file) -> MeetingDocument:
    document = MeetingDocument.objects.create(
        meeting=meeting, title=title.strip() or file.name, file=file, created_by=user
    )
    log_change(user=user, action="meeting_document_add", obj=meeting, changes={"document": document.title})
    return document


def _seats_taken(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()


@transaction.atomic
def meeting_register(*, user, meeting: Meeting, organisation: Organisation | None = None) -> Registration:
    """Register ``user``; when the meeting is full they go on the waiting list (first come, first served)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt."))
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("Mötet har redan varit."))
    existing = Registration.objects.filter(meeting=meeting, user=user).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        return existing
    full = meeting.capacity is not None and _seats_taken(meeting) >= meeting.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    if existing:
        # Re-registering after cancelling queues again from now.
        existing.delete()
    registration = Registration.objects.create(
        meeting=meeting, user=user, organisation=organisation, status=status
    )
    log_change(
        user=user, action="meeting_register", obj=meeting, changes={"user": str(user), "status": status}
    )
    return registration


@transaction.atomic
def registration_cancel(*, user, registration: Registration) -> Registration | None:
    """Cancel; if a seat frees up, promote the first on the waiting list and return that registration."""
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    registration.refresh_from_db()
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    log_change(user=user, action="registration_cancel", obj=meeting, changes={"user": str(registration.user)})
    if not was_registered:
        return None
    if meeting.capacity is not None and _seats_taken(meeting) >= meeting.capacity:
        return None
    promoted = (
        meeting.registrations.filter(status=RegistrationStatus.WAITING)
        .order_by("registered_at", "pk")
        .first()
    )
    if promoted:
        promoted.status = RegistrationStatus.REGISTERED
        promoted.promoted_at = timezone.now()
        promoted.save(update_fields=["status", "promoted_at"])
        log_change(
            user=user, action="registration_promote", obj=meeting, changes={"user": str(promoted.user)}
        )
    return promoted


@transaction.atomic
def registration_set_attendance(*, user, registration: Registration, attended: bool) -> Registration:
    registration.attended = attended
    registration.save(update_fields=["attended"])
    log_change(
        user=user,
        action="registration_set_attendance",
        obj=registration.meeting,
        changes={"user": str(registration.user), "attended": attended},
    )
    return registration


# --- follow-up -------------------------------------------------------------------------------------


@transaction.atomic
def activity_result_add(
    *, user, activity: Activity, title: str, description: str = "", link: str = ""
) -> ActivityResult:
    if not title.strip():
        raise ValidationError(_("Resultatet behöver en titel."))
    result = ActivityResult.objects.create(
        activity=activity, title=title.strip(), description=description, link=link, created_by=user
    )
    log_change(user=user, action="activity_result_add", obj=activity, changes={"result": result.title})
    return result


@transaction.atomic
def lesson_add(*, user, activity: Activity, text: str, organisation: Organisation | None = None) -> Lesson:
    if not text.strip():
        raise ValidationError(_("Skriv lärdomen."))
    lesson = Lesson.objects.create(
        activity=activity, text=text.strip(), organisation=organisation, created_by=user
    )
    log_change(user=user, action="lesson_add", obj=activity, changes={"lesson": lesson.text[:200]})
    return lesson


@transaction.atomic
def evaluation_submit(
    *,
    user,
    activity: Activity,
    rating: int,
    useful: str = "",
    improve: str = "",
    organisation: Organisation | None = None,
) -> ParticipantEvaluation:
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Betyget ska vara mellan 1 och 5."))
    evaluation, created = ParticipantEvaluation.objects.update_or_create(
        activity=activity,
        user=user,
        defaults={"rating": int(rating), "useful": useful, "improve": improve, "organisation": organisation},
    )
    log_change(
        user=user,
        action="evaluation_submit" if created else "evaluation_update",
        obj=activity,
        changes={"rating": int(rating)},
    )
    return evaluation
