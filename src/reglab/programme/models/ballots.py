from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["Ballot", "BallotCast", "BallotState", "FocusArea", "Vote", "VoterPolicy"]


class FocusArea(TimeStampedModel):
    """A focus area (sakområde): an option on the ballot, built from one or more proposals.

    The proposals are linked, never copied or moved, so every original keeps its region, contact and source.
    """

    round = models.ForeignKey(
        "programme.IdeaRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="focus_areas",
        verbose_name=_("idérunda"),
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    proposals = models.ManyToManyField(
        "programme.Proposal", blank=True, related_name="focus_areas", verbose_name=_("förslag")
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("sakområde")
        verbose_name_plural = _("sakområden")

    def __str__(self) -> str:
        return self.title


class BallotState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class VoterPolicy(models.TextChoices):
    """Who casts a ballot: one per member organisation (its representative), or one per person."""

    ORGANISATION = "organisation", _("En röst per medlemsorganisation")
    PERSON = "person", _("En röst per person")


class Ballot(TimeStampedModel):
    """A prioritisation vote over focus areas. Results stay hidden until it is closed (no bandwagon)."""

    round = models.ForeignKey(
        "programme.IdeaRound", on_delete=models.PROTECT, related_name="ballots", verbose_name=_("idérunda")
    )
    title = models.CharField(_("titel"), max_length=200)
    instructions = models.TextField(_("instruktioner"), blank=True)
    options = models.ManyToManyField(FocusArea, related_name="ballots", verbose_name=_("alternativ"))
    use_dots = models.BooleanField(_("prickröstning"), default=True)
    dots_per_voter = models.PositiveIntegerField(_("prickar per röst"), default=8)
    max_dots_per_option = models.PositiveIntegerField(
        _("högst antal prickar per alternativ"), null=True, blank=True, help_text=_("Tomt = ingen gräns.")
    )
    use_ranking = models.BooleanField(_("rangordning"), default=False)
    voter_policy = models.CharField(
        _("vem röstar"), max_length=20, choices=VoterPolicy.choices, default=VoterPolicy.ORGANISATION
    )
    # The secretariat runs ballots and members vote; it votes only when a ballot says so.
    secretariat_votes = models.BooleanField(
        _("sekretariatet röstar"),
        default=False,
        help_text=_("Kryssa i bara om sekretariatet ska lägga en egen röst i den här omröstningen."),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=BallotState.choices, default=BallotState.DRAFT
    )
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    # When the secretariat plans to close it; those who have not voted are reminded before (notifications).
    closes_at = models.DateTimeField(_("planerad stängning"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:ballot-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == BallotState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == BallotState.CLOSED


class BallotCast(models.Model):
    """One submitted ballot. ``voter_key`` enforces the policy: "org:<id>" or "user:<id>"."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="casts")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="ballot_casts",
        verbose_name=_("organisation"),
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lagd av"),
    )
    voter_key = models.CharField(max_length=40)
    cast_at = models.DateTimeField(_("lagd"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ballot", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["ballot", "voter_key"], name="one_cast_per_voter")]
        verbose_name = _("avlagd röst")
        verbose_name_plural = _("avlagda röster")

    def __str__(self) -> str:
        return f"{self.ballot} – {self.organisation}"


class Vote(models.Model):
    """Dots and/or rank one cast gave one option. A vote stays on the option it was cast on."""

    cast = models.ForeignKey(BallotCast, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="votes")
    dots = models.PositiveIntegerField(_("prickar"), default=0)
    rank = models.PositiveIntegerField(_("placering"), null=True, blank=True)  # 1 = best

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cast", "option"], name="one_vote_per_option"),
            models.UniqueConstraint(fields=["cast", "rank"], name="one_option_per_rank"),
        ]
        verbose_name = _("röst")
        verbose_name_plural = _("röster")

    def __str__(self) -> str:
        return f"{self.option}: {self.dots}"
