"""iCalendar feeds: a programme, an activity, an organisation."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation
from reglab.core.permissions import require
from reglab.programme.ical import build_calendar
from reglab.programme.models import Activity, Meeting, Programme


def _ics(request, *, name: str, meetings, activities, filename: str) -> HttpResponse:
    content = build_calendar(
        name=name, meetings=meetings, activities=activities, absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_ical(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    meetings = Meeting.objects.filter(activity__programme=programme).select_related("activity")
    return _ics(
        request,
        name=programme.title,
        meetings=meetings,
        activities=programme.activities.all(),
        filename=f"reglab-{programme.year}.ics",
    )


def activity_ical(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    require(request, "programme.view_programme", activity)
    return _ics(
        request,
        name=activity.title,
        meetings=activity.meetings.select_related("activity"),
        activities=[activity],
        filename=f"reglab-aktivitet-{activity.pk}.ics",
    )


def organisation_ical(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    involved = Q(lead_organisations=organisation) | Q(participating_organisations=organisation)
    activities = [
        a
        for a in Activity.objects.filter(involved).select_related("programme").distinct()
        if request.user.has_perm("programme.view_programme", a)
    ]
    if not activities:
        require(request, "programme.view_programme")
    meetings = (
        Meeting.objects.filter(
            Q(activity__in=activities)
            | Q(registrations__organisation=organisation, activity__programme__is_published=True)
        )
        .select_related("activity")
        .distinct()
    )
    return _ics(
        request,
        name=_("Reglab – %(org)s") % {"org": organisation.name},
        meetings=meetings,
        activities=activities,
        filename=f"reglab-{organisation.slug}.ics",
    )
