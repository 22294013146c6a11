"""A user's notifications (newest first, unread marked), opening one, marking all read, and settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reglab.core.permissions import require
from reglab.notifications.forms import NotificationSettingsForm
from reglab.notifications.models import Notification
from reglab.notifications.selectors import notification_settings_initial
from reglab.notifications.services import (
    notification_mark_read,
    notification_settings_save,
    notifications_mark_all_read,
)


def notification_list(request):
    require(request, "notifications.view_notifications")
    if request.method == "POST":
        count = notifications_mark_all_read(user=request.user)
        messages.success(request, _("%(count)s meddelanden markerade som lästa.") % {"count": count})
        return redirect("notifications:list")
    page = Paginator(Notification.objects.filter(user=request.user), 50).get_page(request.GET.get("sida"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go to what it is about (only ever a path on this site)."""
    require(request, "notifications.view_notifications")
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


def notification_settings(request):
    require(request, "notifications.view_notifications")
    form = NotificationSettingsForm(request.POST or None, initial=notification_settings_initial(request.user))
    if request.method == "POST" and form.is_valid():
        notification_settings_save(
            user=request.user,
            email_kinds=form.cleaned_data["email_kinds"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Dina inställningar för meddelanden är sparade."))
        return redirect("notifications:settings")
    return render(request, "notifications/notification_settings.html", {"form": form})
