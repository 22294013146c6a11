"""Idea rounds: the programme's front page and a round with its proposals."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from reglab.core.permissions import require
from reglab.programme.models import IdeaRound
from reglab.programme.selectors.proposals import voting_started


def index(request):
    # Rounds (titles, phases, counts) are for those with a membership, like the rounds themselves.
    can_view_rounds = request.user.has_perm("programme.view_round")
    rounds = IdeaRound.objects.all() if can_view_rounds else IdeaRound.objects.none()
    return render(request, "programme/index.html", {"rounds": rounds, "can_view_rounds": can_view_rounds})


def round_detail(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.view_round", round_)
    proposals = (
        round_.proposals.prefetch_related("organisations").select_related("merged_into").order_by("pk")
    )
    return render(
        request,
        "programme/round_detail.html",
        {
            "round": round_,
            "proposals": proposals,
            "can_add": request.user.has_perm("programme.add_proposal", round_),
            "can_import": request.user.has_perm("programme.import_proposals", round_),
            "can_merge": request.user.has_perm("programme.merge_proposals", round_),
            "voting_started": voting_started(round_),
            "clusters": round_.clusters.prefetch_related("proposals"),
        },
    )
