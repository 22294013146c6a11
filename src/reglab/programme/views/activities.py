"""Activities: create, page with status buttons, edit, organisations."""

from __future__ import annotations

from collections import Counter
from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reglab.core.permissions import require
from reglab.programme.audit import changes_for
from reglab.programme.errors import ServiceError, error_text
from reglab.programme.forms.activities import ActivityEditForm, ActivityForm, ActivityOrganisationsForm
from reglab.programme.forms.ballots import model_field
from reglab.programme.models import Activity, ActivityFormat, ActivityStatus, FocusArea, Programme
from reglab.programme.selectors.consequences import activity_cancel_consequences
from reglab.programme.services import activities as activity_services
from reglab.programme.views.confirm import confirm_page, is_confirmed
from reglab.programme.views.form_page import service_form_page
from reglab.programme.views.networks import network_context


def activity_create(request):
    require(request, "programme.manage_programme")
    initial = {}
    area = None
    if request.GET.get("focus_area", "").isdigit():
        area = FocusArea.objects.filter(pk=request.GET["focus_area"]).select_related("round").first()
    if area:
        initial.update({"focus_area": area.pk, "title": area.title, "description": area.description})
        # The format most of its proposals ask for, as a default the secretariat can change.
        formats = Counter(f for p in area.proposals.all() for f in p.formats if f in ActivityFormat.values)
        if formats:
            initial["format"] = formats.most_common(1)[0][0]
        programme = Programme.objects.filter(round=area.round).first() if area.round else None
        if programme is None and area.round:
            programme = Programme.objects.filter(year=area.round.programme_year).first()
        if programme:
            initial["programme"] = programme.pk
    form = ActivityForm(request.POST or None, initial=initial)
    if area and area.round:  # the programme links this round's focus areas only
        model_field(form, "focus_area").queryset = area.round.focus_areas.all()
    return service_form_page(
        request,
        form,
        activity_services.activity_create,
        title=_("Ny aktivitet"),
        success=_("Aktiviteten ”%(title)s” skapades."),
        context={"no_programme": not Programme.objects.exists(), "focus_area": area},
    )


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
            "problems": activity_services.activity_transition_problems(activity, status),
        }
        for status in activity.allowed_transitions()
    ]
    context = {
        "activity": activity,
        "transitions": transitions,
        "can_change": can_change,
        "meetings": activity.meetings.all(),
        "log": changes_for(activity)[:20],
        **network_context(request, activity),
    }
    return render(request, "programme/activity_detail.html", context)


@require_http_methods(["GET", "POST"])
def activity_transition(request, pk: int):
    """Move the status; cancelling (final, and it cancels the coming meetings) is confirmed first."""
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    to_status = (request.POST if request.method == "POST" else request.GET).get("status", "")
    if to_status == ActivityStatus.CANCELLED and not is_confirmed(request):
        problems = activity_services.activity_transition_problems(activity, to_status)
        if problems:
            messages.error(request, " ".join(problems))
            return redirect(activity)
        return confirm_page(
            request,
            title=_("Ställ in aktiviteten ”%(title)s”?") % {"title": activity.title},
            question=_("Aktiviteten får status ”Inställd”."),
            consequences=activity_cancel_consequences(activity),
            confirm_label=_("Ja, ställ in aktiviteten"),
            back=activity.get_absolute_url(),
            hidden={"status": to_status},
        )
    if request.method != "POST":
        return redirect(activity)
    try:
        activity_services.activity_transition(user=request.user, activity=activity, to_status=to_status)
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Status ändrad till ”%(status)s”.") % {"status": ActivityStatus(to_status).label}
        )
    return redirect(activity)


def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.change_activity", activity)
    initial = {name: getattr(activity, name) for name in activity_services.ACTIVITY_EDITABLE_FIELDS}
    form = ActivityEditForm(request.POST or None, initial=initial)
    update = partial(activity_services.activity_update, activity=activity)
    title, success = _("Ändra %(a)s") % {"a": activity.title}, _("Aktiviteten är uppdaterad.")
    return service_form_page(request, form, update, title=title, success=success, to=activity)


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
        activity_services.activity_set_organisations(
            user=request.user, activity=activity, **form.cleaned_data
        )
        messages.success(request, _("Organisationerna är uppdaterade."))
        return redirect(activity)
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": _("Organisationer i %(a)s") % {"a": activity.title}},
    )
