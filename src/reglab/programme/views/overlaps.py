"""Overlapping proposals and topic clusters of a round."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reglab.core.permissions import require
from reglab.programme.models import IdeaRound
from reglab.programme.services import overlaps as overlap_services


def round_overlaps(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.view_round", round_)
    proposals, matches = overlap_services.round_overlaps(round_, k=3)
    by_key = {f"p{p.pk}": p for p in proposals}
    rows = [
        {"proposal": p, "matches": [(by_key.get(m.key), m) for m in matches.get(f"p{p.pk}", [])]}
        for p in proposals
    ]
    return render(request, "programme/overlaps.html", {"round": round_, "rows": rows})


@require_http_methods(["GET", "POST"])
def round_clusters(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.view_round", round_)
    if request.method == "POST":
        require(request, "programme.manage_clusters", round_)
        saved = overlap_services.round_clusters_save(round_=round_, user=request.user)
        messages.success(request, _("%(n)s ämneskluster föreslogs.") % {"n": len(saved)})
        return redirect("programme:round-clusters", pk=round_.pk)
    return render(
        request,
        "programme/clusters.html",
        {
            "round": round_,
            "clusters": round_.clusters.prefetch_related("proposals__organisations"),
            "can_manage": request.user.has_perm("programme.manage_clusters", round_),
        },
    )
