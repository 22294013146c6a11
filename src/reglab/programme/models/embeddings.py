from __future__ import annotations

from django.db import models

__all__ = ["TextEmbedding"]


class TextEmbedding(models.Model):
    """A stored embedding vector, keyed by model version and the text's SHA-256.

    The embedding model is young and single-maintainer; storing the vectors (with the exact
    model version) keeps overlap pages fast and results reproducible if the package changes.
    """

    model_version = models.CharField(max_length=100)
    text_sha256 = models.CharField(max_length=64)
    dim = models.PositiveIntegerField()
    vector = models.BinaryField()  # float32, little-endian
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_version", "text_sha256"], name="unique_text_embedding")
        ]

    def __str__(self) -> str:
        return f"{self.model_version} {self.text_sha256[:12]}"
