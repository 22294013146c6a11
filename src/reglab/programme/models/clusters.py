from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["MergeAction", "ProposalMerge", "TopicCluster"]


class TopicCluster(TimeStampedModel):
    """A topic group of a round's proposals (many-to-many: clustering never destroys a proposal)."""

    round = models.ForeignKey("programme.IdeaRound", on_delete=models.PROTECT, related_name="clusters")
    label = models.CharField(_("rubrik"), max_length=200)
    terms = models.JSONField(default=list, blank=True)
    proposals = models.ManyToManyField("programme.Proposal", related_name="clusters", blank=True)
    model_version = models.CharField(max_length=100, blank=True)
    threshold = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["round", "label"]
        verbose_name = _("ämneskluster")
        verbose_name_plural = _("ämneskluster")

    def __str__(self) -> str:
        return self.label


class MergeAction(models.TextChoices):
    MERGE = "merge", _("Sammanförd")
    UNMERGE = "unmerge", _("Återställd")


class ProposalMerge(models.Model):
    """The log of merges: who joined which originals into which joint proposal, and why."""

    joint = models.ForeignKey("programme.Proposal", on_delete=models.PROTECT, related_name="merge_log")
    originals = models.ManyToManyField("programme.Proposal", related_name="merge_log_as_original")
    action = models.CharField(max_length=10, choices=MergeAction.choices, default=MergeAction.MERGE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    round_phase = models.CharField(max_length=20)  # the phase when it happened
    after_voting_started = models.BooleanField(default=False)
    decision = models.TextField(_("beslut/motivering"), blank=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("sammanföring")
        verbose_name_plural = _("sammanföringar")

    def __str__(self) -> str:
        return f"{self.get_action_display()} → {self.joint_id}"
