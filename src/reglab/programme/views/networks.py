"""A network activity's member organisations: add (existing or new) and remove."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reglab.accounts.models import Organisation
from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text, form_error_text
from reglab.programme.forms.search import NetworkMemberForm
from reglab.programme.models import Activity
from reglab.programme.services import networks as network_services


def _members_url(activity: Activity) -> str:
    return f"{activity.get_absolute_url()}#natverk"


@require_POST
def network_member_add(request, pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.manage_network", activity)
    form = NetworkMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(_members_url(activity))
    try:
        member = network_services.network_member_add(
            user=request.user,
            activity=activity,
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
        )
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(name)s är med i nätverket.") % {"name": member.name})
    return redirect(_members_url(activity))


@require_POST
def network_member_remove(request, pk: int, organisation_pk: int):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "programme.manage_network", activity)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    try:
        network_services.network_member_remove(
            user=request.user, activity=activity, organisation=organisation
        )
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(name)s är inte längre med i nätverket.") % {"name": organisation.name})
    return redirect(_members_url(activity))


def network_context(request, activity: Activity) -> dict:
    """What the activity page shows of a network's members (nothing for other formats)."""
    if activity.format != network_services.ActivityFormat.NETWORK:
        return {}
    return {
        "network_members": network_services.network_members(activity),
        "network_form": NetworkMemberForm(),
        "can_manage_network": request.user.has_perm("programme.manage_network", activity),
    }
