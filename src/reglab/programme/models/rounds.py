from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["PHASE_ORDER", "IdeaRound", "RoundPhase"]


class RoundPhase(models.TextChoices):
    COLLECTING = "collecting", _("Insamling")
    REVIEWING = "reviewing", _("Bearbetning")
    PRIORITISING = "prioritising", _("Prioritering")
    PLANNING = "planning", _("Planering")
    CLOSED = "closed", _("Avslutad")


# The only phase moves are one step forward (services.rounds.round_advance); a round never goes back.
PHASE_ORDER = [
    RoundPhase.COLLECTING,
    RoundPhase.REVIEWING,
    RoundPhase.PRIORITISING,
    RoundPhase.PLANNING,
    RoundPhase.CLOSED,
]


class IdeaRound(TimeStampedModel):
    """One idea workshop, e.g. "Idéworkshop 19 september 2017, aktiviteter 2018"."""

    title = models.CharField(_("titel"), max_length=200)
    programme_year = models.PositiveIntegerField(_("programår"))
    workshop_date = models.DateField(_("workshopdatum"), null=True, blank=True)
    phase = models.CharField(
        _("fas"), max_length=20, choices=RoundPhase.choices, default=RoundPhase.COLLECTING
    )
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
        return self.phase == RoundPhase.COLLECTING

    @property
    def next_phase(self) -> RoundPhase | None:
        index = PHASE_ORDER.index(RoundPhase(self.phase))
        return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None
