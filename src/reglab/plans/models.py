"""Regional action plans (handlingsplaner) with goals and measures, followed up against indicators.

Reglab's 2018 proposal from Region Blekinge asked for the regions' climate and environment action plans
to be followed up and linked to BRP+. A goal names the indicator that follows it up (a Kolada KPI, an
SCB measure or a BRP+ theme) with a baseline and a target; follow-up values are recorded per year,
either typed in or taken from the statistics store.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Beslutad")
    FOLLOWED_UP = "followed_up", _("Uppföljd")
    ARCHIVED = "archived", _("Arkiverad")


class ActionPlan(TimeStampedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("titel"), max_length=300)
    theme = models.CharField(_("område"), max_length=200, blank=True, help_text=_("t.ex. klimat och miljö"))
    description = models.TextField(_("beskrivning"), blank=True)
    start_year = models.PositiveIntegerField(_("från år"))
    end_year = models.PositiveIntegerField(_("till år"))
    adopted_on = models.DateField(_("beslutad"), null=True, blank=True)
    document_url = models.URLField(_("länk till planen"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )

    class Meta:
        ordering = ["organisation__name", "-start_year"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", args=[self.pk])


class Direction(models.TextChoices):
    INCREASE = "increase", _("Öka")
    DECREASE = "decrease", _("Minska")


class Goal(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    # The indicator that follows the goal up, a measure key of the analysis catalogue ("brp:Miljö",
    # "stat:<dataset id>:<measure>"), chosen from a list: progress is read from the stored data.
    indicator = models.CharField(
        _("indikator"),
        max_length=200,
        blank=True,
        help_text=_("Välj ett mått ur måttkatalogen (BRP+ eller lagrad statistik)."),
    )
    # What the goal's indicator said before it was chosen from the catalogue (free text), kept as a note.
    indicator_note = models.CharField(_("anteckning om indikatorn"), max_length=300, blank=True)
    indicator_label = models.CharField(_("indikatorns namn"), max_length=300, blank=True)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    baseline_year = models.PositiveIntegerField(_("basår"), null=True, blank=True)
    baseline_value = models.FloatField(_("basvärde"), null=True, blank=True)
    target_year = models.PositiveIntegerField(_("målår"), null=True, blank=True)
    target_value = models.FloatField(_("målvärde"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class Measure(models.Model):
    """An action (åtgärd) that contributes to a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("åtgärd"), max_length=300)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)
    due_year = models.PositiveIntegerField(_("klart år"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    """A value of the goal's indicator for one year, with where it came from."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_ups")
    year = models.PositiveIntegerField(_("år"))
    value = models.FloatField(_("värde"))
    source = models.CharField(_("källa"), max_length=300, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["goal", "year"]
        constraints = [models.UniqueConstraint(fields=["goal", "year"], name="one_follow_up_per_goal_year")]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return f"{self.goal}: {self.year} = {self.value}"
