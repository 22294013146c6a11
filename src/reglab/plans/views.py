from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reglab.core.concurrency import EditConflict
from reglab.core.permissions import require
from reglab.plans.forms import ActionPlanForm, FollowUpForm, GoalForm, MeasureForm
from reglab.plans.models import ActionPlan, Goal
from reglab.plans.selectors import plan_with_progress, plans_network
from reglab.plans.services import (
    FollowUpSourceError,
    action_plan_save,
    follow_up_from_statistics,
    follow_up_record,
)


def index(request):
    plans = ActionPlan.objects.select_related("organisation").prefetch_related("goals")
    return render(
        request,
        "plans/index.html",
        {"plans": plans, "can_add": request.user.has_perm("plans.add_actionplan")},
    )


def network(request):
    """All regions' plans side by side, with similar goals across regions (read-only, like the plans)."""
    return render(request, "plans/network.html", {"columns": plans_network()})


def plan_detail(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("organisation"), pk=pk)
    can_change = request.user.has_perm("plans.change_actionplan", plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "goals": plan_with_progress(plan),
            "can_change": can_change,
            "goal_form": GoalForm() if can_change else None,
        },
    )


def plan_edit(request, pk=None):
    plan = get_object_or_404(ActionPlan, pk=pk) if pk else None
    if plan:
        require(request, "plans.change_actionplan", plan)
    else:
        require(request, "plans.add_actionplan")
    form = ActionPlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = action_plan_save(
                plan=form.save(commit=False), user=request.user, expected_updated_at=form.loaded_updated_at()
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Handlingsplanen är sparad."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def _goal_for_change(request, goal_pk) -> Goal:
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=goal_pk)
    require(request, "plans.change_actionplan", goal.plan)
    return goal


def _item_add(request, plan: ActionPlan, form, *, heading: str, saved: str, save=None, attrs=None):
    """The add page shared by goals, measures and follow-ups.

    On a valid POST either `save(form)` runs, or the model form's object gets `attrs` and is saved.
    """
    if request.method == "POST" and form.is_valid():
        if save is not None:
            save(form)
        else:
            item = form.save(commit=False)
            for name, value in (attrs or {}).items():
                setattr(item, name, value)
            item.save()
        messages.success(request, saved)
        return redirect(plan)
    return render(request, "plans/item_form.html", {"form": form, "plan": plan, "heading": heading})


def goal_add(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    require(request, "plans.change_actionplan", plan)
    form = GoalForm(request.POST or None)
    attrs = {"plan": plan, "position": plan.goals.count()}
    return _item_add(request, plan, form, attrs=attrs, heading=_("Nytt mål"), saved=_("Målet är tillagt."))


def goal_edit(request, goal_pk):
    """Change a goal, e.g. pick a catalogue indicator for a goal whose free text was migrated to a note."""
    goal = _goal_for_change(request, goal_pk)
    form = GoalForm(request.POST or None, instance=goal)
    heading, saved = _("Ändra mål"), _("Målet är sparat.")
    return _item_add(request, goal.plan, form, heading=heading, saved=saved)


def measure_add(request, goal_pk):
    goal = _goal_for_change(request, goal_pk)
    form = MeasureForm(request.POST or None)
    heading, saved = _("Ny åtgärd"), _("Åtgärden är tillagd.")
    return _item_add(request, goal.plan, form, attrs={"goal": goal}, heading=heading, saved=saved)


def follow_up_add(request, goal_pk):
    goal = _goal_for_change(request, goal_pk)
    form = FollowUpForm(request.POST or None)

    def save(form: FollowUpForm) -> None:
        follow_up_record(goal=goal, user=request.user, **form.cleaned_data)

    heading, saved = _("Ny uppföljning"), _("Uppföljningen är sparad.")
    return _item_add(request, goal.plan, form, save=save, heading=heading, saved=saved)


def follow_up_fetch(request, goal_pk):
    """Record the goal's indicator values from the statistics store (POST only)."""
    goal = _goal_for_change(request, goal_pk)
    if request.method != "POST":
        return redirect(goal.plan)
    try:
        count = follow_up_from_statistics(goal=goal, user=request.user)
    except FollowUpSourceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hämtade %(n)s år från statistiken.") % {"n": count})
    return redirect(goal.plan)
