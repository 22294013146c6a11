"""Which organisations a user acts for, and the organisation of a län."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.predicates import organisation_ids


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


def acting_organisations(user, *, members_only: bool = False) -> QuerySet[Organisation]:
    """Organisations the user acts for (member or secretariat role), e.g. to propose or cast a ballot;
    ``members_only`` keeps Reglab's member organisations (those that vote)."""
    qs = Organisation.objects.filter(pk__in=organisation_ids(user)).order_by("name")
    return qs.filter(is_member=True) if members_only else qs


def primary_organisation(user) -> Organisation | None:
    return acting_organisations(user).first()


def organisation_in_activity(user, activity) -> Organisation | None:
    """The organisation the user acts for in ``activity``: one that leads it or takes part, else the
    user's first organisation (the secretariat following up an activity it runs)."""
    orgs = acting_organisations(user)
    involved = orgs.filter(
        Q(pk__in=activity.lead_organisations.values("pk"))
        | Q(pk__in=activity.participating_organisations.values("pk"))
    )
    return involved.first() or orgs.first()


def voting_organisations(user, ballot) -> QuerySet[Organisation]:
    """Organisations ``user`` may cast ``ballot`` for under its policy: member organisations in which the
    user has the member role; and the secretariat's own organisation only if the ballot lets it vote."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    member_of = Q(memberships__user=user, memberships__role=Role.MEMBER, is_member=True)
    if ballot.secretariat_votes:
        member_of |= Q(memberships__user=user, memberships__role=Role.SECRETARIAT)
    return Organisation.objects.filter(member_of).distinct().order_by("name")
