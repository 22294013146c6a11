"""Reads that span programme models (no writes here)."""

from __future__ import annotations

from django.db.models import QuerySet

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.engine.similarity import Item
from reglab.programme.models import IdeaRound, Proposal, RoundPhase


def voting_started(round_: IdeaRound) -> bool:
    """Voting has started once the round is prioritising (or closed), or a ballot of the round has
    been opened (or closed), or any ballot has been cast."""
    if round_.phase in {RoundPhase.PRIORITISE, RoundPhase.CLOSED}:
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


def organisation_for_region(lan: str | None) -> Organisation | None:
    """The member organisation (kind region) for a län code, if it exists in the database."""
    if not lan:
        return None
    org = Organisation.objects.filter(kind=OrganisationKind.REGION, region__code=lan).first()
    if org is not None:
        return org
    from reglab.reference.organisations import regional_organisations

    for ref in regional_organisations():
        if ref.lan == lan:
            return Organisation.objects.filter(name=ref.name).first()
    return None


def user_organisations(user) -> QuerySet[Organisation]:
    from reglab.accounts.predicates import organisation_ids

    return Organisation.objects.filter(pk__in=organisation_ids(user)).order_by("name")
