"""Members of a network activity: the regions and, beyond them, kommuner, länsstyrelser and agencies.

A member is a participating organisation of the activity, so members' users take part (follow-up,
evaluation) as in any activity. An organisation that is not in the database yet is created as a
non-member of Reglab (``is_member=False``): it joins the network, not Reglab's votes.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import Activity, ActivityFormat

# Kinds a new network member can be created as (regions exist already: the 21 members).
NEW_MEMBER_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.AGENCY, OrganisationKind.OTHER)


def _ensure_network(activity: Activity) -> None:
    if activity.format != ActivityFormat.NETWORK:
        raise ServiceError(
            _("Bara ett nätverk har medlemsorganisationer; ”%(title)s” har formatet %(format)s.")
            % {"title": activity.title, "format": activity.get_format_display()}
        )


def _find_or_create(name: str, kind: str) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Välj en organisation eller skriv namnet på en ny."))
    if len(name) > 200:
        raise ServiceError(_("Namnet är för långt (högst 200 tecken)."))
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is None:
        lowered = name.casefold()
        existing = next(
            (
                o
                for o in Organisation.objects.exclude(aliases=[])
                if lowered in {a.casefold() for a in o.aliases}
            ),
            None,
        )
    if existing is not None:
        return existing
    if kind not in NEW_MEMBER_KINDS:
        raise ServiceError(_("Välj vilken sorts organisation det är (kommun, myndighet eller annan)."))
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Organisation.objects.create(name=name, slug=slug, kind=kind, is_member=False)


@transaction.atomic
def network_member_add(
    *, user, activity: Activity, organisation: Organisation | None = None, name: str = "", kind: str = ""
) -> Organisation:
    """Add an existing organisation, or one by name (found by name or alias, else created)."""
    _ensure_network(activity)
    member = organisation if organisation is not None else _find_or_create(name, kind)
    if activity.participating_organisations.filter(pk=member.pk).exists():
        raise ServiceError(_("%(name)s är redan med i nätverket.") % {"name": member.name})
    activity.participating_organisations.add(member)
    log_change(user=user, action="network_member_add", obj=activity, changes={"organisation": member})
    return member


@transaction.atomic
def network_member_remove(*, user, activity: Activity, organisation: Organisation) -> None:
    _ensure_network(activity)
    activity.participating_organisations.remove(organisation)
    log_change(
        user=user, action="network_member_remove", obj=activity, changes={"organisation": organisation}
    )


def network_members(activity: Activity) -> list[tuple[str, list[Organisation]]]:
    """The participating organisations grouped by kind (regions first), for the activity page."""
    groups: dict[str, list[Organisation]] = {}
    for org in activity.participating_organisations.order_by("name"):
        groups.setdefault(org.kind, []).append(org)
    order = list(OrganisationKind.values)
    return [
        (str(OrganisationKind(kind).label), orgs)
        for kind, orgs in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]
