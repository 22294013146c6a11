from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["ProposalAnswer", "ProposalComment", "ProposalState"]


class ProposalState(models.TextChoices):
    """Where a proposal stands, as its proposers are told (Decidim's "answer" states)."""

    RECEIVED = "received", _("Inkommet")
    MERGED = "merged", _("Sammanslaget")
    IN_FOCUS_AREA = "in_focus_area", _("I sakområde")
    IN_PROGRAMME = "in_programme", _("I programmet")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Går inte vidare")


class ProposalComment(TimeStampedModel):
    """A comment on a proposal, or a reply to one (one level: a reply is never replied to).

    Moderation hides, never deletes: the text stays for the record, the page shows the reason.
    """

    proposal = models.ForeignKey(
        "programme.Proposal", on_delete=models.CASCADE, related_name="comments", verbose_name=_("förslag")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("svar på"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("av")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    text = models.TextField(_("kommentar"))
    edited_at = models.DateTimeField(_("ändrad"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("dold"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("skäl att dölja"), max_length=300, blank=True)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ProposalAnswer(models.Model):
    """The secretariat's official answer: a state and a text. The newest answer is the current one;
    earlier ones stay as the proposal's answer history."""

    proposal = models.ForeignKey(
        "programme.Proposal", on_delete=models.CASCADE, related_name="answers", verbose_name=_("förslag")
    )
    state = models.CharField(_("läge"), max_length=20, choices=ProposalState.choices)
    text = models.TextField(_("svar"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("av")
    )
    answered_at = models.DateTimeField(_("besvarat"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "-answered_at", "-pk"]
        verbose_name = _("officiellt svar")
        verbose_name_plural = _("officiella svar")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_state_display()}"
