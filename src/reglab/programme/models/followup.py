from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["ActivityResult", "Lesson", "ParticipantEvaluation"]


class ActivityResult(TimeStampedModel):
    """An output or result of an activity: a report, a method, a decision, a new collaboration."""

    activity = models.ForeignKey(
        "programme.Activity", on_delete=models.CASCADE, related_name="results", verbose_name=_("aktivitet")
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    link = models.URLField(_("länk"), blank=True)

    class Meta:
        ordering = ["activity", "created_at"]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")

    def __str__(self) -> str:
        return self.title


class Lesson(TimeStampedModel):
    """A lesson learned (lärdom), optionally on behalf of an organisation."""

    activity = models.ForeignKey(
        "programme.Activity", on_delete=models.CASCADE, related_name="lessons", verbose_name=_("aktivitet")
    )
    text = models.TextField(_("lärdom"))
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["activity", "created_at"]
        verbose_name = _("lärdom")
        verbose_name_plural = _("lärdomar")

    def __str__(self) -> str:
        return self.text[:60]


class ParticipantEvaluation(TimeStampedModel):
    activity = models.ForeignKey(
        "programme.Activity",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("aktivitet"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("betyg (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    useful = models.TextField(_("vad var mest användbart?"), blank=True)
    improve = models.TextField(_("vad kan bli bättre?"), blank=True)

    class Meta:
        ordering = ["activity", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="one_evaluation_per_participant"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_5"
            ),
        ]
        verbose_name = _("deltagarutvärdering")
        verbose_name_plural = _("deltagarutvärderingar")

    def __str__(self) -> str:
        return f"{self.activity}: {self.rating}"
