"""Merging proposals and undoing a merge."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reglab.core.permissions import require
from reglab.programme.errors import MergeRefused, error_text
from reglab.programme.forms.merges import MergeForm
from reglab.programme.models import IdeaRound, Proposal
from reglab.programme.selectors.proposals import active_proposals, voting_started
from reglab.programme.services import merges as merge_services


@require_http_methods(["GET", "POST"])
def proposals_merge(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.merge_proposals", round_)
    queryset = active_proposals(round_)
    form = MergeForm(request.POST or None, queryset=queryset, initial={"proposals": request.GET.getlist("p")})
    if request.method == "POST" and form.is_valid():
        try:
            joint = merge_services.proposals_merge(
                originals=list(form.cleaned_data["proposals"]),
                user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                decision=form.cleaned_data["decision"],
            )
        except MergeRefused as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Förslagen sammanfördes. Originalen finns kvar och är länkade."))
            return redirect(joint)
    return render(
        request,
        "programme/merge.html",
        {"round": round_, "form": form, "voting_started": voting_started(round_)},
    )


@require_http_methods(["POST"])
def proposal_unmerge(request, pk: int):
    joint = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    require(request, "programme.merge_proposals", joint.round)
    try:
        merge_services.proposal_unmerge(
            joint=joint, user=request.user, decision=request.POST.get("decision", "")
        )
    except MergeRefused as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Sammanföringen är upphävd; originalen står för sig själva igen."))
    return redirect(joint)
