"""Follow-up of an activity: results, lessons, evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text
from reglab.programme.forms.followup import EvaluationForm, LessonForm, ResultForm
from reglab.programme.models import Activity
from reglab.programme.selectors.organisations import organisation_in_activity
from reglab.programme.services import followup as followup_services

# What a posted form of each kind needs: results and lessons by those who run or take part in the
# activity, an evaluation by a member of an organisation that took part.
FOLLOWUP_PERMISSIONS = {
    "result": "programme.add_followup",
    "lesson": "programme.add_followup",
    "evaluation": "programme.evaluate_activity",
}

FOLLOWUP_FORMS = {"result": ResultForm, "lesson": LessonForm, "evaluation": EvaluationForm}


def _followup_add(kind: str, *, user, activity: Activity, organisation, data: dict) -> str:
    """Save one posted follow-up of `kind`; returns the message that confirms it."""
    if kind == "result":
        followup_services.activity_result_add(user=user, activity=activity, **data)
        return _("Resultatet är sparat.")
    if kind == "lesson":
        followup_services.lesson_add(user=user, activity=activity, organisation=organisation, **data)
        return _("Lärdomen är sparad.")
    followup_services.evaluation_submit(user=user, activity=activity, organisation=organisation, **data)
    return _("Tack för din utvärdering.")


def activity_followup(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("programme"), pk=pk)
    require(request, "programme.view_programme", activity)
    can_add = request.user.has_perm("programme.add_followup", activity)
    can_evaluate = request.user.has_perm("programme.evaluate_activity", activity)
    forms = {kind: form_class(prefix=kind) for kind, form_class in FOLLOWUP_FORMS.items()}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        require(request, FOLLOWUP_PERMISSIONS.get(kind, "programme.add_followup"), activity)
        org = organisation_in_activity(request.user, activity)
        if kind in FOLLOWUP_FORMS:
            forms[kind] = form = FOLLOWUP_FORMS[kind](request.POST, prefix=kind)
            if form.is_valid():
                try:
                    saved = _followup_add(
                        kind, user=request.user, activity=activity, organisation=org, data=form.cleaned_data
                    )
                except ServiceError as exc:
                    messages.error(request, error_text(exc))
                else:
                    messages.success(request, saved)
                    return redirect("programme:activity-followup", pk=pk)
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
