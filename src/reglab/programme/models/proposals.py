from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["ActivityFormat", "Proposal", "ProposalSource"]


class ActivityFormat(models.TextChoices):
    """Reglab's vocabulary of formats (shared by proposals and activities)."""

    LEARNING_PROJECT = "larprojekt", _("Lärprojekt")
    NETWORK = "natverk", _("Nätverk")
    ERFA = "erfa", _("ERFA-träffar")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminarium", _("Seminarium")
    STUDY_TRIP = "studieresa", _("Studieresa")
    PROVRUM = "provrum", _("Provrum")
    CONFERENCE = "konferens", _("Konferens")
    OTHER = "other", _("Annat")


class ProposalSource(models.TextChoices):
    WEB_FORM = "web", _("Webbformulär")
    DOCUMENT = "document", _("Importerat dokument")


class Proposal(TimeStampedModel):
    """A member's proposal for a joint activity. Never deleted: merges link, they do not destroy."""

    round = models.ForeignKey("programme.IdeaRound", on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    needs = models.TextField(_("behov"), blank=True)
    organisations = models.ManyToManyField(
        "accounts.Organisation", related_name="proposals", blank=True, verbose_name=_("föreslås av")
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    # Further contacts beyond the first: [{"name": ..., "email": ...}]
    contacts = models.JSONField(_("fler kontakter"), default=list, blank=True)
    formats = models.JSONField(_("föreslagna format"), default=list, blank=True)  # ActivityFormat values
    topics = models.JSONField(_("ämnen"), default=list, blank=True)
    strategy_links = models.JSONField(_("strategier och program som nämns"), default=list, blank=True)
    source = models.CharField(
        _("källa"), max_length=20, choices=ProposalSource.choices, default=ProposalSource.WEB_FORM
    )
    source_document = models.CharField(_("dokument"), max_length=300, blank=True)
    source_document_sha256 = models.CharField(max_length=64, blank=True)
    source_locator = models.CharField(_("bild/sida"), max_length=100, blank=True)  # e.g. "bild 7–8"
    source_text = models.TextField(_("källtext"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    # A joint proposal made by merging: the originals point at it and stay intact.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("sammanförd i"),
    )
    is_joint = models.BooleanField(_("gemensamt förslag"), default=False)
    import_batch = models.ForeignKey(
        "programme.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("förslag")
        verbose_name_plural = _("förslag")
        constraints = [
            # Idempotent re-import: one proposal per (round, file hash, slide).
            models.UniqueConstraint(
                fields=["round", "source_document_sha256", "source_locator"],
                condition=models.Q(source="document", is_joint=False),
                name="unique_imported_slide",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:proposal-detail", args=[self.pk])
