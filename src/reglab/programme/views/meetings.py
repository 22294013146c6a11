"""Meetings: plan, page, registration with a waiting list, attendance, minutes, documents."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text
from reglab.programme.forms.meetings import DocumentForm, MeetingForm, MinutesForm
from reglab.programme.models import Activity, Meeting, MeetingDocument, Registration, RegistrationStatus
from reglab.programme.selectors.consequences import meeting_cancel_consequences
from reglab.programme.selectors.organisations import primary_organisation
from reglab.programme.services import meetings as meeting_services
from reglab.programme.uploads import download_response
from reglab.programme.views.confirm import confirm_page, is_confirmed
from reglab.programme.views.form_page import service_form_page


def meeting_create(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    form = MeetingForm(request.POST or None)
    create = partial(meeting_services.meeting_create, activity=activity)
    title, success = _("Planera möte i %(a)s") % {"a": activity.title}, _("Mötet är planerat.")
    return service_form_page(request, form, create, title=title, success=success)


def meeting_detail(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("activity__programme"), pk=pk)
    require(request, "programme.view_programme", meeting.activity)
    registrations = meeting.registrations.select_related("user", "organisation")
    mine = (
        registrations.filter(user=request.user).exclude(status=RegistrationStatus.CANCELLED).first()
        if request.user.is_authenticated
        else None
    )
    can_change = request.user.has_perm("programme.change_activity", meeting.activity)
    context = {
        "meeting": meeting,
        "activity": meeting.activity,
        "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
        "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
        "mine": mine,
        "can_register": request.user.has_perm("programme.register_meeting", meeting),
        "can_change": can_change,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}) if can_change else None,
        "document_form": DocumentForm(max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES) if can_change else None,
        "documents": meeting.documents.all(),
    }
    return render(request, "programme/meeting_detail.html", context)


def _meeting_for_change(request, pk: int) -> Meeting:
    """The meeting, for those who may change its activity (else 403)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.change_activity", meeting.activity)
    return meeting


@require_POST
def meeting_register(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.register_meeting", meeting)
    try:
        registration = meeting_services.meeting_register(
            user=request.user, meeting=meeting, organisation=primary_organisation(request.user)
        )
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(request, _("Mötet är fullt. Du står på väntelistan."))
        else:
            messages.success(request, _("Du är anmäld till mötet."))
    return redirect(meeting)


@require_POST
def meeting_cancel(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.register_meeting", meeting)
    registration = get_object_or_404(
        Registration.objects.exclude(status=RegistrationStatus.CANCELLED), meeting=meeting, user=request.user
    )
    meeting_services.registration_cancel(user=request.user, registration=registration)
    messages.success(request, _("Du är avanmäld."))
    return redirect(meeting)


@require_POST
def meeting_attendance(request, pk: int):
    meeting = _meeting_for_change(request, pk)
    present = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    for registration in meeting.registrations.filter(status=RegistrationStatus.REGISTERED):
        meeting_services.registration_set_attendance(
            user=request.user, registration=registration, attended=registration.pk in present
        )
    messages.success(request, _("Närvaron är sparad."))
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def meeting_call_off(request, pk: int):
    """Cancel a meeting after a confirmation page that says who will be told."""
    meeting = _meeting_for_change(request, pk)
    if meeting.is_cancelled:
        messages.info(request, _("Mötet är redan inställt."))
        return redirect(meeting)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Ställ in mötet ”%(title)s”?") % {"title": meeting.title},
            question=_("Mötet %(when)s ställs in.")
            % {"when": date_format(localtime(meeting.starts_at), "j F Y H:i")},
            consequences=meeting_cancel_consequences(meeting),
            confirm_label=_("Ja, ställ in mötet"),
            back=meeting.get_absolute_url(),
        )
    try:
        meeting_services.meeting_cancel(user=request.user, meeting=meeting)
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Mötet är inställt. De anmälda får ett meddelande."))
    return redirect(meeting)


def meeting_edit(request, pk: int):
    """Change a meeting's details; a new time or place is told to the participants."""
    meeting = _meeting_for_change(request, pk)
    if meeting.is_cancelled:
        messages.error(request, _("Mötet är inställt och kan inte ändras."))
        return redirect(meeting)
    initial = {name: getattr(meeting, name) for name in meeting_services.MEETING_EDITABLE_FIELDS}
    initial["starts_at"] = localtime(meeting.starts_at)
    initial["ends_at"] = localtime(meeting.ends_at) if meeting.ends_at else None
    form = MeetingForm(request.POST or None, initial=initial)
    update = partial(meeting_services.meeting_update, meeting=meeting)
    title = _("Ändra mötet ”%(title)s”") % {"title": meeting.title}
    success = _("Mötet är ändrat. Har tid eller plats ändrats får de anmälda ett meddelande.")
    return service_form_page(request, form, update, title=title, success=success, to=meeting)


@require_POST
def meeting_minutes(request, pk: int):
    meeting = _meeting_for_change(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        meeting_services.meeting_update_minutes(
            user=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, _("Minnesanteckningarna är sparade."))
    return redirect(meeting)


@require_POST
def meeting_document(request, pk: int):
    meeting = _meeting_for_change(request, pk)
    form = DocumentForm(request.POST, request.FILES, max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES)
    if form.is_valid():
        meeting_services.meeting_document_add(user=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Dokumentet är uppladdat."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(meeting)


def meeting_document_download(request, pk: int, document_pk: int):
    """A meeting document, for those who may read the meeting, as a download (never rendered)."""
    document = get_object_or_404(
        MeetingDocument.objects.select_related("meeting__activity__programme"), pk=document_pk, meeting_id=pk
    )
    require(request, "programme.view_programme", document.meeting.activity)
    name = document.file.name.rsplit("/", 1)[-1]
    return download_response(document.file, name)
