"""Idea rounds: the programme's front page, a round with its proposals and next steps, creating a round
and moving it to its next phase."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text
from reglab.programme.forms.rounds import RoundForm
from reglab.programme.models import IdeaRound, RoundPhase
from reglab.programme.selectors.proposals import voting_started
from reglab.programme.services import rounds as round_services
from reglab.programme.views.form_page import service_form_page

# The button that moves a round on, by the phase it moves to.
ADVANCE_LABELS = {
    RoundPhase.REVIEWING: gettext_lazy("Avsluta insamlingen och börja bearbeta förslagen"),
    RoundPhase.PRIORITISING: gettext_lazy("Starta prioriteringen"),
    RoundPhase.PLANNING: gettext_lazy("Gå vidare till planering"),
    RoundPhase.CLOSED: gettext_lazy("Avsluta rundan"),
}


def index(request):
    # Rounds (titles, phases, counts) are for those with a membership, like the rounds themselves.
    can_view_rounds = request.user.has_perm("programme.view_round")
    rounds = IdeaRound.objects.all() if can_view_rounds else IdeaRound.objects.none()
    return render(
        request,
        "programme/index.html",
        {
            "rounds": rounds,
            "can_view_rounds": can_view_rounds,
            "can_manage_rounds": request.user.has_perm("programme.manage_round"),
        },
    )


def round_detail(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.view_round", round_)
    proposals = (
        round_.proposals.prefetch_related("organisations").select_related("merged_into").order_by("pk")
    )
    can_manage = request.user.has_perm("programme.manage_round", round_)
    next_phase = round_.next_phase
    return render(
        request,
        "programme/round_detail.html",
        {
            "round": round_,
            "proposals": proposals,
            "phases": [
                {"label": label, "current": value == round_.phase} for value, label in RoundPhase.choices
            ],
            "can_add": request.user.has_perm("programme.add_proposal", round_),
            "can_import": request.user.has_perm("programme.import_proposals", round_),
            "can_merge": request.user.has_perm("programme.merge_proposals", round_),
            "can_manage": can_manage,
            "can_cluster": request.user.has_perm("programme.manage_clusters", round_),
            "next_phase": next_phase,
            "advance_label": ADVANCE_LABELS[next_phase] if next_phase else "",
            "advance_problems": round_services.round_advance_problems(round_) if can_manage else [],
            "voting_started": voting_started(round_),
            "clusters": round_.clusters.prefetch_related("proposals"),
            "focus_areas": round_.focus_areas.prefetch_related("proposals"),
            "ballots": round_.ballots.all(),
            "programmes": round_.programmes.all(),
            "focus_area_ids": list(round_.focus_areas.values_list("pk", flat=True)),
        },
    )


def round_create(request):
    require(request, "programme.manage_round")
    form = RoundForm(request.POST or None)
    return service_form_page(
        request,
        form,
        round_services.round_create,
        title=_("Ny idérunda"),
        success=_("Idérundan ”%(title)s” skapades. Den tar emot förslag."),
    )


@require_POST
def round_advance(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.manage_round", round_)
    try:
        round_ = round_services.round_advance(
            user=request.user, round_=round_, to_phase=request.POST.get("to_phase", "")
        )
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Rundan är nu i fasen %(phase)s.") % {"phase": round_.get_phase_display()}
        )
    return redirect(round_)
