"""Small boolean predicates that rules are built from (adhocracy4 style)."""

from __future__ import annotations

import rules

from reglab.accounts.models import Membership, Role


def _roles(user) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    cache = getattr(user, "_reglab_roles", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        user._reglab_roles = cache
    return cache


def organisation_ids(user) -> set[int]:
    """Organisations the user acts for (as member or secretariat)."""
    if not user or not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=[Role.MEMBER, Role.SECRETARIAT]).values_list(
            "organisation_id", flat=True
        )
    )


@rules.predicate
def is_secretariat(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or Role.SECRETARIAT in _roles(user)))


@rules.predicate
def is_member(user) -> bool:
    return Role.MEMBER in _roles(user) or is_secretariat(user)


@rules.predicate
def is_viewer(user) -> bool:
    return bool(_roles(user)) or is_secretariat(user)


@rules.predicate
def acts_for(user, organisation) -> bool:
    """The user may act for this organisation (object: an Organisation or its id)."""
    if organisation is None:
        return False
    org_id = getattr(organisation, "pk", organisation)
    return org_id in organisation_ids(user)
