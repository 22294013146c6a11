"""Small helpers shared by the programme-part views: permission checks and the user's organisations."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login

from reglab.accounts.models import Membership, Organisation, Role
from reglab.core.permissions import NeedsLogin, require

__all__ = ["NeedsLogin", "acting_organisations", "guarded", "primary_organisation", "require"]


def guarded(view):
    """Turn NeedsLogin into a redirect to the login page (and back)."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NeedsLogin:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


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
