from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["Meeting", "MeetingDocument", "Registration", "RegistrationStatus"]


class Meeting(TimeStampedModel):
    activity = models.ForeignKey(
        "programme.Activity", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("aktivitet")
    )
    title = models.CharField(_("titel"), max_length=300)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=300, blank=True)
    online_url = models.URLField(_("länk till digitalt möte"), blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    capacity = models.PositiveIntegerField(
        _("antal platser"), null=True, blank=True, help_text=_("Tomt = obegränsat.")
    )
    minutes = models.TextField(_("minnesanteckningar"), blank=True)
    is_cancelled = models.BooleanField(_("inställt"), default=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:meeting-detail", args=[self.pk])


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Anmäld")
    WAITING = "waiting", _("Väntelista")
    CANCELLED = "cancelled", _("Avanmäld")


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("anmäld"), auto_now_add=True)  # waiting-list order
    promoted_at = models.DateTimeField(_("flyttad från väntelistan"), null=True, blank=True)
    attended = models.BooleanField(_("närvarade"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "registered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_user")]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting} ({self.get_status_display()})"


class MeetingDocument(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to="programme/meetings/%Y/")

    class Meta:
        ordering = ["meeting", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self) -> str:
        return self.title
