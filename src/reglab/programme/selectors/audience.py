"""Who is affected: the people a notification goes to and the counts a confirmation page spells out."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from reglab.accounts.models import Organisation, Role
from reglab.accounts.predicates import organisation_ids
from reglab.programme.models import Ballot, Meeting, Proposal, RegistrationStatus, VoterPolicy


def ballot_voters(ballot: Ballot) -> list:
    """Active users who may cast this ballot for a member organisation (the rules decide, so a voting
    policy that lets the secretariat vote is followed)."""
    candidates = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=[Role.MEMBER, Role.SECRETARIAT],
            memberships__organisation__is_member=True,
        )
        .distinct()
        .order_by("pk")
    )
    return [user for user in candidates if user.has_perm("programme.cast_ballot", ballot)]


def ballot_pending_voters(ballot: Ballot) -> list:
    """Voters whose vote is still missing: under the organisation policy, members of an organisation
    that has not voted; under the person policy, each person who has not voted."""
    keys = set(ballot.casts.values_list("voter_key", flat=True))
    member_orgs = set(Organisation.objects.filter(is_member=True).values_list("pk", flat=True))
    pending = []
    for user in ballot_voters(ballot):
        if ballot.voter_policy == VoterPolicy.PERSON:
            missing = f"user:{user.pk}" not in keys
        else:
            missing = any(f"org:{org}" not in keys for org in organisation_ids(user) & member_orgs)
        if missing:
            pending.append(user)
    return pending


def ballot_missing_organisations(ballot: Ballot) -> list[Organisation]:
    """Member organisations with someone who may vote for them but without a vote in this ballot."""
    voted = set(ballot.casts.values_list("organisation_id", flat=True))
    orgs: dict[int, Organisation] = {}
    for user in ballot_voters(ballot):
        for org in Organisation.objects.filter(pk__in=organisation_ids(user), is_member=True):
            if org.pk not in voted:
                orgs[org.pk] = org
    return sorted(orgs.values(), key=lambda org: org.name)


def meeting_audience(meeting: Meeting) -> dict[str, list]:
    """The people registered for a meeting and those on its waiting list (cancelled registrations not)."""
    registrations = meeting.registrations.select_related("user").order_by("registered_at", "pk")
    return {
        "registered": [r.user for r in registrations if r.status == RegistrationStatus.REGISTERED],
        "waiting": [r.user for r in registrations if r.status == RegistrationStatus.WAITING],
    }


def proposal_audience(proposal: Proposal) -> QuerySet:
    """Who hears about an answer on a proposal: its author and the members of its organisations."""
    users = get_user_model().objects.filter(is_active=True)
    by_org = users.filter(
        memberships__organisation__in=proposal.organisations.all(), memberships__role=Role.MEMBER
    )
    if proposal.created_by_id:
        return (by_org | users.filter(pk=proposal.created_by_id)).distinct().order_by("pk")
    return by_org.distinct().order_by("pk")
