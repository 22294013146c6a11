"""Where a proposal stands (its state), read from the data that decides it.

Merges, focus areas and the programme's activities already record what happened to a proposal, so
the state is derived from them at read time instead of being copied into a field that could drift:

1. an activity was built from it (``Activity.source_proposals``) → in the programme;
2. else the secretariat's latest official answer (``ProposalAnswer``), if any;
3. else merged into a joint proposal → merged;
4. else part of a focus area → in a focus area;
5. else received.

An activity is a fact that outranks an earlier answer; otherwise the secretariat's word stands (for
example "not taken forward" for a proposal whose focus area lost the ballot).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Subquery, Value, When

from reglab.programme.models import Activity, FocusArea, Proposal, ProposalAnswer, ProposalState


def with_state(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate ``current_state`` (a ProposalState value) on every proposal; filterable in SQL."""
    latest_answer = ProposalAnswer.objects.filter(proposal=OuterRef("pk")).order_by("-answered_at", "-pk")
    in_activity = Activity.source_proposals.through.objects.filter(proposal_id=OuterRef("pk"))
    in_focus_area = FocusArea.proposals.through.objects.filter(proposal_id=OuterRef("pk"))
    return queryset.annotate(
        answered_state=Subquery(latest_answer.values("state")[:1]),
        in_activity=Exists(in_activity),
        in_focus_area=Exists(in_focus_area),
    ).annotate(
        current_state=Case(
            When(in_activity=True, then=Value(ProposalState.IN_PROGRAMME.value)),
            When(answered_state__isnull=False, then="answered_state"),
            When(merged_into__isnull=False, then=Value(ProposalState.MERGED.value)),
            When(in_focus_area=True, then=Value(ProposalState.IN_FOCUS_AREA.value)),
            default=Value(ProposalState.RECEIVED.value),
            output_field=CharField(),
        )
    )


def proposal_state(proposal: Proposal) -> ProposalState:
    state = getattr(proposal, "current_state", None)
    if state is None:
        annotated: Any = with_state(Proposal.objects.filter(pk=proposal.pk))  # an annotation mypy can't see
        state = annotated.values_list("current_state", flat=True)[0]
    return ProposalState(state)


def latest_answer(proposal: Proposal) -> ProposalAnswer | None:
    return proposal.answers.select_related("answered_by").first()
