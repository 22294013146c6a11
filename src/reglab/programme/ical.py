"""iCalendar feeds (RFC 5545) for meetings and activity dates; every event links back to its page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from reglab.programme.models import Activity, Meeting

PRODID = "-//Reglab//Program//SV"


def build_calendar(
    *,
    name: str,
    meetings: Iterable[Meeting],
    activities: Iterable[Activity] = (),
    absolute_url: Callable[[str], str],
) -> bytes:
    """``absolute_url`` turns a path into an absolute URL (e.g. ``request.build_absolute_uri``)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    for meeting in meetings:
        url = absolute_url(meeting.get_absolute_url())
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@reglab")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + timedelta(hours=2))
        event.add("summary", f"{meeting.activity.title}: {meeting.title}")
        location = meeting.place or meeting.online_url
        if location:
            event.add("location", location)
        event.add("url", url)
        description = "\n\n".join(part for part in (meeting.agenda.strip(), url) if part)
        event.add("description", description)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        cal.add_component(event)
    for activity in activities:
        if not activity.start_date:
            continue
        url = absolute_url(activity.get_absolute_url())
        event = Event()
        event.add("uid", f"activity-{activity.pk}@reglab")
        event.add("dtstamp", now)
        event.add("dtstart", activity.start_date)
        end = activity.end_date or activity.start_date
        event.add("dtend", end + timedelta(days=1))  # all-day events end exclusive
        event.add("summary", f"{activity.get_format_display()}: {activity.title}")
        event.add("url", url)
        event.add("description", url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
