from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel
from reglab.programme.models.proposals import ActivityFormat

__all__ = ["ACTIVITY_TRANSITIONS", "Activity", "ActivityStatus", "Programme"]


class Programme(TimeStampedModel):
    """The year's programme: focus areas (sakområden) and the activities under them."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    round = models.ForeignKey(
        "programme.IdeaRound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
        verbose_name=_("idérunda"),
    )
    focus_areas = models.ManyToManyField(
        "programme.FocusArea", blank=True, related_name="programmes", verbose_name=_("sakområden")
    )
    decided_on = models.DateField(_("beslutad av styrelsen"), null=True, blank=True)
    is_published = models.BooleanField(
        _("publicerad"), default=False, help_text=_("Publicerade program kan läsas och prenumereras av alla.")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:programme-detail", args=[self.year])


class ActivityStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    PLANNED = "planned", _("Planerad")
    RUNNING = "running", _("Pågår")
    FINISHED = "finished", _("Avslutad")
    CANCELLED = "cancelled", _("Inställd")


# The only allowed moves. Finished and cancelled are final.
ACTIVITY_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ActivityStatus.IDEA: (ActivityStatus.PLANNED, ActivityStatus.CANCELLED),
    ActivityStatus.PLANNED: (ActivityStatus.RUNNING, ActivityStatus.CANCELLED),
    ActivityStatus.RUNNING: (ActivityStatus.FINISHED, ActivityStatus.CANCELLED),
    ActivityStatus.FINISHED: (),
    ActivityStatus.CANCELLED: (),
}


class Activity(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="activities", verbose_name=_("program")
    )
    focus_area = models.ForeignKey(
        "programme.FocusArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("sakområde"),
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=ActivityFormat.choices)
    lead_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="led_activities",
        verbose_name=_("ledande organisation"),
    )
    participating_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="joined_activities",
        verbose_name=_("deltagande organisationer"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    source_proposals = models.ManyToManyField(
        "programme.Proposal", blank=True, related_name="activities", verbose_name=_("från förslag")
    )
    goals = models.TextField(_("mål"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.IDEA
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    budget_sek = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=0, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("antal platser"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:activity-detail", args=[self.pk])

    def allowed_transitions(self) -> tuple[str, ...]:
        return ACTIVITY_TRANSITIONS.get(self.status, ())
