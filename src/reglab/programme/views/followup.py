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
        require(request, FOLLOWUP_PERMISSIONS.get(kind, "programme.add_followup"), activity)
        org = organisation_in_activity(request.user, activity)
        try:
            if kind == "result":
                forms["result"] = result_form = ResultForm(request.POST, prefix="result")
                if result_form.is_valid():
                    followup_services.activity_result_add(
                        user=request.user, activity=activity, **result_form.cleaned_data
                    )
                    messages.success(request, _("Resultatet är sparat."))
                    return redirect("programme:activity-followup", pk=pk)
            elif kind == "lesson":
                forms["lesson"] = lesson_form = LessonForm(request.POST, prefix="lesson")
                if lesson_form.is_valid():
                    followup_services.lesson_add(
                        user=request.user, activity=activity, organisation=org, **lesson_form.cleaned_data
                    )
                    messages.success(request, _("Lärdomen är sparad."))
                    return redirect("programme:activity-followup", pk=pk)
            elif kind == "evaluation":
                forms["evaluation"] = evaluation_form = EvaluationForm(request.POST, prefix="evaluation")
                if evaluation_form.is_valid():
                    followup_services.evaluation_submit(
                        user=request.user, activity=activity, organisation=org, **evaluation_form.cleaned_data
                    )
                    messages.success(request, _("Tack för din utvärdering."))
                    return redirect("programme:activity-followup", pk=pk)
        except ServiceError as exc:
            messages.error(request, error_text(exc))
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
