"""On-site notifications, and each user's choices: e-mail per kind, language of the messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Kind", "Notification", "NotificationPreference", "NotificationSettings"]


class Kind(models.TextChoices):
    """What a notification is about; the settings page has one e-mail switch per kind."""

    BALLOT_OPENED = "ballot_opened", _("En omröstning har öppnat")
    BALLOT_CLOSING = "ballot_closing", _("En omröstning stänger snart")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("Min anmälan till ett möte")
    PROMOTED = "promoted", _("Jag har fått en plats från väntelistan")
    MEETING_CANCELLED = "meeting_cancelled", _("Ett möte jag är anmäld till är inställt")
    MEETING_CHANGED = "meeting_changed", _("Ett möte jag är anmäld till har ändrats (tid eller plats)")
    PROPOSAL_ANSWERED = "proposal_answered", _("Sekretariatet har svarat på vårt förslag")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message on the site, in the recipient's language (rendered when it was sent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("typ"), max_length=40, choices=Kind.choices)
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("länk"), max_length=500, blank=True)
    # Identifies the event (e.g. "ballot-closing:12") so a repeated job tells each person once.
    key = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether a user gets e-mail for one kind; no row means yes. On-site notifications are always on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("typ"), max_length=40, choices=Kind.choices)
    email = models.BooleanField(_("e-post"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]
        verbose_name = _("inställning för meddelanden")
        verbose_name_plural = _("inställningar för meddelanden")

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}: {self.email}"


class NotificationSettings(models.Model):
    """A user's language for messages; without a row, or with an empty language, they are in Swedish."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(_("språk"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("språk för meddelanden")
        verbose_name_plural = _("språk för meddelanden")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"
