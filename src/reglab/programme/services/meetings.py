"""Meetings with a waiting list: plan, cancel, minutes, documents, registration, attendance."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation
from reglab.programme.audit import apply_changes, log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import (
    Activity,
    ActivityStatus,
    Meeting,
    MeetingDocument,
    Registration,
    RegistrationStatus,
)
from reglab.programme.services import notices


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
        raise ServiceError(_("Mötet behöver en titel."))
    if ends_at and ends_at <= starts_at:
        raise ServiceError(_("Mötet måste sluta efter att det börjar."))
    if activity.status in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise ServiceError(_("Aktiviteten är avslutad eller inställd; nya möten kan inte läggas till."))
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
    """Cancel the meeting: it stays in the feeds as CANCELLED so subscribed calendars update, refuses
    registrations, and everyone registered or on the waiting list is told (once)."""
    meeting = Meeting.objects.select_for_update().select_related("activity").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ServiceError(_("Mötet är redan inställt."))
    meeting.is_cancelled = True
    meeting.save(update_fields=["is_cancelled", "updated_at"])
    log_change(user=user, action="meeting_cancel", obj=meeting, changes={"is_cancelled": [False, True]})
    notices.notify_meeting_cancelled(meeting)
    return meeting


# The fields of a meeting that its page can change; a change of time or place is told to participants.
MEETING_EDITABLE_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda", "capacity")
MEETING_NOTIFIED_FIELDS = ("starts_at", "ends_at", "place", "online_url")


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, **fields) -> Meeting:
    """Change a planned meeting. A new time or place is told to the registered and the waiting list;
    more seats move the first on the waiting list up (each is told)."""
    unknown = set(fields) - set(MEETING_EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Okända fält: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    meeting = Meeting.objects.select_for_update().select_related("activity").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ServiceError(_("Mötet är inställt och kan inte ändras."))
    if "title" in fields and not str(fields["title"]).strip():
        raise ServiceError(_("Mötet behöver en titel."))
    starts_at = fields.get("starts_at", meeting.starts_at)
    ends_at = fields.get("ends_at", meeting.ends_at)
    if ends_at and ends_at <= starts_at:
        raise ServiceError(_("Mötet måste sluta efter att det börjar."))
    old_when, old_place = meeting.starts_at, meeting.place or meeting.online_url
    changes = apply_changes(meeting, fields)
    if not changes:
        return meeting
    meeting.save()
    log_change(user=user, action="meeting_update", obj=meeting, changes=changes)
    if set(changes) & set(MEETING_NOTIFIED_FIELDS):
        notices.notify_meeting_changed(meeting, old_when=old_when, old_place=old_place)
    if "capacity" in changes:
        _promote_waiting(user=user, meeting=meeting)
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
        raise ServiceError(_("Mötet är inställt."))
    if meeting.starts_at < timezone.now():
        raise ServiceError(_("Mötet har redan varit."))
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
    notices.notify_registration(registration)
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
    promoted = _promote_waiting(user=user, meeting=meeting)
    return promoted[0] if promoted else None


def _promote_waiting(*, user, meeting: Meeting) -> list[Registration]:
    """Give free seats to the waiting list, first come first served; each promoted person is told.
    The caller holds the meeting's row lock."""
    promoted = []
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by("registered_at", "pk")
    for registration in waiting.select_related("user"):
        if meeting.capacity is not None and _seats_taken(meeting) >= meeting.capacity:
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        log_change(
            user=user, action="registration_promote", obj=meeting, changes={"user": str(registration.user)}
        )
        registration.meeting = meeting
        notices.notify_promoted(registration)
        promoted.append(registration)
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
