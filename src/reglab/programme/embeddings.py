"""An Embedder that stores vectors in the database (for corpus-independent models such as e5)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from reglab.engine.similarity import Embedder, TfidfEmbedder, get_embedder
from reglab.programme.models import TextEmbedding


class StoredEmbedder:
    """Wraps an Embedder; looks vectors up by (model_version, sha256(text)) and stores new ones.

    TF-IDF vectors depend on the whole corpus they were fitted on, so they are never stored.
    """

    def __init__(self, inner: Embedder, *, write: bool = True) -> None:
        self.inner = inner
        self.model_version = inner.model_version
        self.write = write  # False: use stored vectors but store nothing (the import review)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(self.inner, TfidfEmbedder) or not texts:
            return self.inner.embed(texts)
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        stored = {
            row.text_sha256: np.frombuffer(bytes(row.vector), dtype="<f4")
            for row in TextEmbedding.objects.filter(
                model_version=self.model_version, text_sha256__in=set(keys)
            )
        }
        missing = [i for i, k in enumerate(keys) if k not in stored]
        if missing:
            fresh = self.inner.embed([texts[i] for i in missing])
            new_rows = {}
            for i, vector in zip(missing, fresh, strict=True):
                stored[keys[i]] = vector.astype("<f4")
                new_rows[keys[i]] = vector
            if not self.write:
                return np.vstack([stored[k] for k in keys]).astype(np.float32)
            TextEmbedding.objects.bulk_create(
                [
                    TextEmbedding(
                        model_version=self.model_version,
                        text_sha256=key,
                        dim=len(vector),
                        vector=np.asarray(vector, dtype="<f4").tobytes(),
                    )
                    for key, vector in new_rows.items()
                ],
                ignore_conflicts=True,
            )
        return np.vstack([stored[k] for k in keys]).astype(np.float32)


def stored_embedder(name: str = "auto", *, write: bool = True) -> StoredEmbedder:
    return StoredEmbedder(get_embedder(name), write=write)
