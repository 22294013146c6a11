"""The year's programme: list, create, page, board decision, report (page and XLSX), change log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.core.permissions import require
from reglab.programme.audit import recent_changes
from reglab.programme.forms.programmes import ProgrammeDecisionForm, ProgrammeForm
from reglab.programme.models import IdeaRound, Programme
from reglab.programme.selectors.organisations import primary_organisation
from reglab.programme.selectors.reports import programme_report, report_workbook
from reglab.programme.services import programmes as programme_services
from reglab.programme.views.form_page import service_form_page


def programme_list(request):
    programmes = [p for p in Programme.objects.all() if request.user.has_perm("programme.view_programme", p)]
    return render(
        request,
        "programme/programme_list.html",
        {"programmes": programmes, "can_manage": request.user.has_perm("programme.manage_programme")},
    )


def programme_create(request):
    require(request, "programme.manage_programme")
    pk = request.GET.get("round") or request.POST.get("round") or ""
    round_ = get_object_or_404(IdeaRound, pk=pk) if pk.isdigit() else None
    form = ProgrammeForm(request.POST or None, round=round_)
    return service_form_page(
        request,
        form,
        programme_services.programme_create,
        title=_("Nytt program"),
        success=_("Programmet ”%(title)s” skapades."),
        context={"round": round_},
    )


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


def programme_report_view(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    return render(request, "programme/programme_report.html", {"report": programme_report(programme)})


def programme_report_xlsx(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.view_programme", programme)
    content = report_workbook(programme_report(programme))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="reglab-program-{programme.year}.xlsx"'
    return response


def programme_decide(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    require(request, "programme.manage_programme", programme)
    # Usually registered on the day of the board meeting: today unless a decision is already on record.
    form = ProgrammeDecisionForm(
        request.POST or None, initial={"decided_on": programme.decided_on or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        programme_services.programme_decide(
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


def changelog(request):
    require(request, "programme.view_changelog")
    entries = recent_changes()
    return render(request, "programme/changelog.html", {"entries": entries})
