from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ChangeLog"]


class ChangeLog(models.Model):
    """Append-only record of every change in the programme: who, when, what.

    Services write one row per change (see ``reglab.programme.audit.log_change``); rows are never edited.
    The object is identified by its model label and primary key (and a readable name at the time), so an
    entry survives even if the object's title changes later.
    """

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_changes",
        verbose_name=_("användare"),
    )
    action = models.CharField(_("åtgärd"), max_length=60)  # e.g. "ballot_close", "activity_transition"
    object_type = models.CharField(_("objekttyp"), max_length=60)  # model label, e.g. "programme.activity"
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    object_repr = models.CharField(_("objekt"), max_length=300)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="changelog_object_idx")]
        verbose_name = _("ändringslogg")
        verbose_name_plural = _("ändringslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_repr}"
