from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ProposalAttachment", "ProposalRevision"]


class ProposalRevision(models.Model):
    """A snapshot of a proposal after each save: the history of edits (who, when, what changed)."""

    proposal = models.ForeignKey("programme.Proposal", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField(default=dict)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="unique_proposal_revision")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versioner")

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


def attachment_path(instance: ProposalAttachment, filename: str) -> str:
    return f"programme/proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey("programme.Proposal", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to=attachment_path)
    original_name = models.CharField(_("filnamn"), max_length=300)
    size_bytes = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "uploaded_at"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.original_name
