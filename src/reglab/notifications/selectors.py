"""Reads for the header badge and the settings page."""

from __future__ import annotations

from reglab.notifications.models import Kind, Notification, NotificationPreference
from reglab.notifications.services import language_for


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user).unread().count()


def notification_settings_initial(user) -> dict:
    """The settings form's current values: kinds without a stored "no" come by e-mail."""
    off = set(NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return {"email_kinds": [kind for kind in Kind.values if kind not in off], "language": language_for(user)}
