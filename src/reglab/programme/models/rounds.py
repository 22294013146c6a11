from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["IdeaRound", "RoundPhase"]


class RoundPhase(models.TextChoices):
    COLLECT = "collect", _("Insamling")
    DISCUSS = "discuss", _("Diskussion")
    PRIORITISE = "prioritise", _("Prioritering")
    CLOSED = "closed", _("Avslutad")


# Allowed phase moves; a round never goes back silently.
PHASE_ORDER = [RoundPhase.COLLECT, RoundPhase.DISCUSS, RoundPhase.PRIORITISE, RoundPhase.CLOSED]


class IdeaRound(TimeStampedModel):
    """One idea workshop, e.g. "Idéworkshop 19 september 2017, aktiviteter 2018"."""

    title = models.CharField(_("titel"), max_length=200)
    programme_year = models.PositiveIntegerField(_("programår"))
    workshop_date = models.DateField(_("workshopdatum"), null=True, blank=True)
    phase = models.CharField(_("fas"), max_length=20, choices=RoundPhase.choices, default=RoundPhase.COLLECT)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        ordering = ["-programme_year", "-created_at"]
        verbose_name = _("idérunda")
        verbose_name_plural = _("idérundor")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:round-detail", args=[self.pk])

    @property
    def is_collecting(self) -> bool:
        return self.phase == RoundPhase.COLLECT
