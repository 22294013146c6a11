"""The year's programme, activities (status buttons), meetings (registration), follow-up and feeds."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reglab.accounts.models import Organisation
from reglab.programme import services_activities as services
from reglab.programme.access import guarded, primary_organisation, require
from reglab.programme.audit import changes_for
from reglab.programme.forms_programme import (
    ActivityEditForm,
    ActivityForm,
    ActivityOrganisationsForm,
    DocumentForm,
    EvaluationForm,
    LessonForm,
    MeetingForm,
    MinutesForm,
    ProgrammeDecisionForm,
    ProgrammeForm,
    ResultForm,
)
from reglab.programme.ical import build_calendar
from reglab.programme.models import (
    Activity,
    ActivityStatus,
    ChangeLog,
    FocusArea,
    Meeting,
    Programme,
    Registration,
    RegistrationStatus,
)
from reglab.programme.selectors_programme import programme_report, report_workbook


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- programme -------------------------------------------------------------------------------------


@guarded
def programme_list(request):
    programmes = [p for p in Programme.objects.all() if request.user.has_perm("programme.view_programme", p)]
    return render(
        request,
        "programme/programme_list.html",
        {"programmes": programmes, "can_manage": request.user.has_perm("programme.manage_programme")},
    )


@guarded
def programme_create(request):
    require(request, "programme.manage_programme")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(programme)
    return render(request, "programme/form.html", {"form": form, "title": _("Nytt program")})


@guarded
def programme_detail(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    activities = programme.activities.select_related("focus_area").prefetch_related(
        "lead_organisations", "participating_organisations", "meetings"
    )
    areas = []
    for area in programme.focus_areas.all():
        areas.append({"area": area, "activities": [a for a in activities if a.focus_area_id == area.pk]})
    other = [
        a
        for a in activities
        if a.focus_area_id is None or a.focus_area_id not in {x.pk for x in programme.focus_areas.all()}
    ]
    organisation = primary_organisation(request.user)
    context = {
        "programme": programme,
        "organisation": organisation,
        "areas": areas,
        "other": other,
        "can_manage": request.user.has_perm("programme.manage_programme"),
    }
    return render(request, "programme/programme_detail.html", context)


@guarded
def programme_report_view(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    return render(request, "programme/programme_report.html", {"report": programme_report(programme)})


@guarded
def programme_report_xlsx(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    content = report_workbook(programme_report(programme))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="reglab-program-{programme.year}.xlsx"'
    return response


# --- activities ------------------------------------------------------------------------------------


@guarded
def activity_create(request):
    require(request, "programme.manage_programme")
    initial = {}
    area = None
    if request.GET.get("focus_area", "").isdigit():
        area = FocusArea.objects.filter(pk=request.GET["focus_area"]).select_related("round").first()
    if area:
        initial.update({"focus_area": area.pk, "title": area.title, "description": area.description})
        programme = Programme.objects.filter(round=area.round).first() if area.round else None
        if programme is None and area.round:
            programme = Programme.objects.filter(year=area.round.programme_year).first()
        if programme:
            initial["programme"] = programme.pk
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Aktiviteten ”%(title)s” skapades.") % {"title": activity.title})
            return redirect(activity)
    no_programme = not Programme.objects.exists()
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": _("Ny aktivitet"), "no_programme": no_programme, "focus_area": area},
    )


@guarded
def activity_detail(request, pk: int):
    activity = get_object_or_404(
        Activity.objects.select_related("programme", "focus_area").prefetch_related(
            "lead_organisations", "participating_organisations", "source_proposals__organisations"
        ),
        pk=pk,
    )
    require(request, "programme.view_programme", activity)
    can_change = request.user.has_perm("programme.change_activity", activity)
    transitions = [
        {
            "status": status,
            "label": ActivityStatus(status).label,
            "problems": services.activity_transition_problems(activity, status),
        }
        for status in activity.allowed_transitions()
    ]
    context = {
        "activity": activity,
        "transitions": transitions,
        "can_change": can_change,
        "meetings": activity.meetings.all(),
        "log": changes_for(activity)[:20],
    }
    return render(request, "programme/activity_detail.html", context)


@require_POST
@guarded
def activity_transition(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    to_status = request.POST.get("status", "")
    try:
        services.activity_transition(user=request.user, activity=activity, to_status=to_status)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Status ändrad till ”%(status)s”.") % {"status": ActivityStatus(to_status).label}
        )
    return redirect(activity)


@guarded
def programme_decide(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.manage_programme", programme)
    form = ProgrammeDecisionForm(request.POST or None, initial={"decided_on": programme.decided_on})
    if request.method == "POST" and form.is_valid():
        services.programme_decide(
            user=request.user,
            programme=programme,
            decided_on=form.cleaned_data["decided_on"],
            publish=form.cleaned_data["publish"],
        )
        messages.success(request, _("Beslutet är registrerat."))
        return redirect(programme)
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": _("Styrelsens beslut om %(p)s") % {"p": programme}},
    )


@guarded
def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_EDITABLE_FIELDS}
    form = ActivityEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Aktiviteten är uppdaterad."))
            return redirect(activity)
    return render(
        request, "programme/form.html", {"form": form, "title": _("Ändra %(a)s") % {"a": activity.title}}
    )


@guarded
def activity_organisations(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    form = ActivityOrganisationsForm(
        request.POST or None,
        initial={
            "lead_organisations": activity.lead_organisations.all(),
            "participating_organisations": activity.participating_organisations.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.activity_set_organisations(user=request.user, activity=activity, **form.cleaned_data)
        messages.success(request, _("Organisationerna är uppdaterade."))
        return redirect(activity)
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": _("Organisationer i %(a)s") % {"a": activity.title}},
    )


# --- meetings ---------------------------------------------------------------------------------------


@guarded
def meeting_create(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Mötet är planerat."))
            return redirect(meeting)
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": _("Planera möte i %(a)s") % {"a": activity.title}},
    )


@guarded
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


@require_POST
@guarded
def meeting_register(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.register_meeting", meeting)
    try:
        registration = services.meeting_register(
            user=request.user, meeting=meeting, organisation=primary_organisation(request.user)
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(request, _("Mötet är fullt. Du står på väntelistan."))
        else:
            messages.success(request, _("Du är anmäld till mötet."))
    return redirect(meeting)


@require_POST
@guarded
def meeting_cancel(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.register_meeting", meeting)
    registration = get_object_or_404(
        Registration.objects.exclude(status=RegistrationStatus.CANCELLED), meeting=meeting, user=request.user
    )
    services.registration_cancel(user=request.user, registration=registration)
    messages.success(request, _("Du är avanmäld."))
    return redirect(meeting)


@require_POST
@guarded
def meeting_attendance(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.change_activity", meeting.activity)
    present = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    for registration in meeting.registrations.filter(status=RegistrationStatus.REGISTERED):
        services.registration_set_attendance(
            user=request.user, registration=registration, attended=registration.pk in present
        )
    messages.success(request, _("Närvaron är sparad."))
    return redirect(meeting)


@require_POST
@guarded
def meeting_call_off(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.change_activity", meeting.activity)
    services.meeting_cancel(user=request.user, meeting=meeting)
    messages.success(request, _("Mötet är inställt."))
    return redirect(meeting)


@require_POST
@guarded
def meeting_minutes(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.change_activity", meeting.activity)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.meeting_update_minutes(
            user=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, _("Minnesanteckningarna är sparade."))
    return redirect(meeting)


@require_POST
@guarded
def meeting_document(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    require(request, "programme.change_activity", meeting.activity)
    form = DocumentForm(request.POST, request.FILES, max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES)
    if form.is_valid():
        services.meeting_document_add(user=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Dokumentet är uppladdat."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(meeting)


# --- follow-up -------------------------------------------------------------------------------------


@guarded
def activity_followup(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    require(request, "programme.view_programme", activity)
    can_add = request.user.has_perm("programme.add_followup", activity)
    can_evaluate = request.user.has_perm("programme.evaluate_activity", activity)
    forms = {
        "result": ResultForm(prefix="result"),
        "lesson": LessonForm(prefix="lesson"),
        "evaluation": EvaluationForm(prefix="evaluation"),
    }
    if request.method == "POST":
        kind = request.POST.get("kind")
        org = primary_organisation(request.user)
        try:
            if kind == "result" and can_add:
                forms["result"] = form = ResultForm(request.POST, prefix="result")
                if form.is_valid():
                    services.activity_result_add(user=request.user, activity=activity, **form.cleaned_data)
                    messages.success(request, _("Resultatet är sparat."))
                    return redirect("programme:activity-followup", pk=pk)
            elif kind == "lesson" and can_add:
                forms["lesson"] = form = LessonForm(request.POST, prefix="lesson")
                if form.is_valid():
                    services.lesson_add(
                        user=request.user, activity=activity, organisation=org, **form.cleaned_data
                    )
                    messages.success(request, _("Lärdomen är sparad."))
                    return redirect("programme:activity-followup", pk=pk)
            elif kind == "evaluation" and can_evaluate:
                forms["evaluation"] = form = EvaluationForm(request.POST, prefix="evaluation")
                if form.is_valid():
                    services.evaluation_submit(
                        user=request.user, activity=activity, organisation=org, **form.cleaned_data
                    )
                    messages.success(request, _("Tack för din utvärdering."))
                    return redirect("programme:activity-followup", pk=pk)
            else:
                require(request, "programme.add_followup", activity)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    evaluations = list(activity.evaluations.select_related("organisation"))
    context = {
        "activity": activity,
        "results": activity.results.all(),
        "lessons": activity.lessons.select_related("organisation"),
        "evaluations": evaluations,
        "average": round(sum(e.rating for e in evaluations) / len(evaluations), 1) if evaluations else None,
        "forms": forms,
        "can_add": can_add,
        "can_evaluate": can_evaluate,
    }
    return render(request, "programme/activity_followup.html", context)


# --- iCalendar feeds ---------------------------------------------------------------------------------


def _ics(request, *, name: str, meetings, activities, filename: str) -> HttpResponse:
    content = build_calendar(
        name=name, meetings=meetings, activities=activities, absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@guarded
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


@guarded
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


@guarded
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


@guarded
def changelog(request):
    require(request, "programme.view_changelog")
    entries = ChangeLog.objects.select_related("user")[:500]
    return render(request, "programme/changelog.html", {"entries": entries})
