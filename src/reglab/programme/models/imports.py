from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reglab.core.models import TimeStampedModel

__all__ = ["ImportBatch"]


class ImportBatch(TimeStampedModel):
    """One confirmed import of a deck into a round (created only after the review screen)."""

    round = models.ForeignKey("programme.IdeaRound", on_delete=models.PROTECT, related_name="import_batches")
    filename = models.CharField(_("fil"), max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(_("format"), max_length=10)  # txt | pptx | pdf | docx
    size_bytes = models.PositiveBigIntegerField(default=0)
    slide_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("nya förslag"), default=0)
    skipped_count = models.PositiveIntegerField(_("redan importerade"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})" if self.created_at else self.filename
