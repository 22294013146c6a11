"""Which organisations a user acts for, and the organisation of a län."""

from __future__ import annotations

from django.db.models import QuerySet

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role


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


def acting_organisations(user, *, members_only: bool = False):
    """Organisations the user acts for (member or secretariat role), e.g. to cast their ballot."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = Membership.objects.filter(user=user, role__in=[Role.MEMBER, Role.SECRETARIAT]).values_list(
        "organisation_id", flat=True
    )
    qs = Organisation.objects.filter(pk__in=ids).order_by("name")
    return qs.filter(is_member=True) if members_only else qs


def primary_organisation(user) -> Organisation | None:
    return acting_organisations(user).first()
