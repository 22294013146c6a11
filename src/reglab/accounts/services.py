"""Reference organisations and user membership."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
from reglab.geography.models import Region
from reglab.reference.organisations import agencies, regional_organisations


@transaction.atomic
def organisations_load() -> dict[str, int]:
    """Load the 21 regional organisations (linked to their län), the agencies and the secretariat. Idempotent.

    Needs the geography to be loaded first (each region is linked to its län).
    """
    lan = {r.code: r for r in Region.objects.lan()}
    missing = [org.lan for org in regional_organisations() if org.lan not in lan]
    if missing:
        raise ValueError("Geografin saknas: kör `reglab geography load` först.")
    for org in regional_organisations():
        Organisation.objects.update_or_create(
            slug=slugify(org.name),
            defaults={
                "name": org.name,
                "kind": OrganisationKind.REGION,
                "region": lan[org.lan],
                "aliases": sorted({*org.aliases, *org.short} - {org.name}),
                "is_member": True,
            },
        )
    for agency in agencies():
        Organisation.objects.update_or_create(
            slug=slugify(agency["name"]),
            defaults={
                "name": agency["name"],
                "kind": OrganisationKind.NETWORK if agency.get("secretariat") else OrganisationKind.AGENCY,
                "aliases": sorted(set(agency["aliases"]) - {agency["name"]}),
                "is_member": True,
            },
        )
    return {
        kind: Organisation.objects.filter(kind=kind).count()
        for kind in (OrganisationKind.REGION, OrganisationKind.AGENCY, OrganisationKind.NETWORK)
    }


def organisation_for_region_text(text: str) -> Organisation | None:
    """The regional organisation a text names ("VGR", "Region Örebro län", "Örebro län")."""
    from reglab.reference.organisations import resolve_region

    found = resolve_region(text)
    if found is None:
        return None
    return Organisation.objects.filter(kind=OrganisationKind.REGION, region__code=found.lan).first()


SECRETARIAT_APPS = ["accounts", "geography", "statistics", "indicators", "programme", "plans", "auth"]


def secretariat_group():
    """The Django group whose permissions let the secretariat use the admin for the platform's data."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Sekretariat")
    perms = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).exclude(
        content_type__app_label="auth", codename__startswith="delete_"
    )
    group.permissions.set(perms)
    return group


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    role: str = Role.MEMBER,
    email: str = "",
    **extra,
):
    """Create a user who acts for `organisation` in `role`."""
    if role not in Role.values:
        raise ValueError(f"Okänd roll: {role}")
    user = get_user_model().objects.create_user(username=username, password=password, email=email, **extra)
    if role == Role.SECRETARIAT:
        user.is_staff = True  # the secretariat administers the network in Django's admin
        user.save(update_fields=["is_staff"])
        user.groups.add(secretariat_group())
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
