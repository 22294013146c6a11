"""Reads about rounds and proposals (no writes here)."""

from __future__ import annotations

from django.db.models import QuerySet

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.engine.similarity import Item
from reglab.programme.models import IdeaRound, Proposal, RoundPhase


def voting_started(round_: IdeaRound) -> bool:
    """Voting has started once the round is prioritising (or later), or a ballot of the round has
    been opened (or closed), or any ballot has been cast."""
    if round_.phase in {RoundPhase.PRIORITISING, RoundPhase.PLANNING, RoundPhase.CLOSED}:
        return True
    from reglab.programme.models import Ballot, BallotCast, BallotState

    return (
        Ballot.objects.filter(round=round_).exclude(state=BallotState.DRAFT).exists()
        or BallotCast.objects.filter(ballot__round=round_).exists()
    )


def active_proposals(round_: IdeaRound) -> QuerySet[Proposal]:
    """Proposals that stand on their own: not merged into a joint proposal."""
    return (
        round_.proposals.filter(merged_into__isnull=True)
        .prefetch_related("organisations__region")
        .order_by("pk")
    )


def organisation_group(org: Organisation | None) -> str | None:
    """The key overlap detection uses for 'the same organisation'."""
    if org is None:
        return None
    if org.kind == OrganisationKind.REGION and org.region_id and org.region is not None:
        return f"lan:{org.region.code}"
    return f"org:{org.pk}"


def proposal_item(proposal: Proposal) -> Item:
    orgs = list(proposal.organisations.all())
    groups = sorted({g for g in (organisation_group(o) for o in orgs) if g})
    return Item(
        key=f"p{proposal.pk}",
        title=proposal.title,
        text=" ".join([proposal.description, proposal.needs]).strip(),
        group="+".join(groups) or None,
    )
