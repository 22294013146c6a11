from __future__ import annotations

import numpy as np
import pytest

from reglab.engine.similarity import TfidfEmbedder
from reglab.programme.embeddings import StoredEmbedder
from reglab.programme.models import TextEmbedding

pytestmark = pytest.mark.django_db


class CountingEmbedder:
    """A deterministic corpus-independent embedder that counts the texts it is asked for."""

    model_version = "counting/v1"

    def __init__(self):
        self.calls: list[str] = []

    def embed(self, texts):
        self.calls.extend(texts)
        rows = [np.array([len(t), t.count("a") + 1, 1.0], dtype=np.float32) for t in texts]
        return np.vstack([r / np.linalg.norm(r) for r in rows])


def test_vectors_are_stored_and_reused():
    inner = CountingEmbedder()
    embedder = StoredEmbedder(inner)
    first = embedder.embed(["alfa", "beta"])
    assert TextEmbedding.objects.filter(model_version="counting/v1").count() == 2
    second = embedder.embed(["beta", "alfa", "gamma"])
    assert inner.calls == ["alfa", "beta", "gamma"]  # only the new text was embedded again
    assert np.allclose(second[0], first[1]) and np.allclose(second[1], first[0])


def test_tfidf_is_never_stored():
    StoredEmbedder(TfidfEmbedder()).embed(["cirkulär ekonomi", "bredband"])
    assert TextEmbedding.objects.count() == 0


def test_read_only_mode_uses_but_never_writes():
    inner = CountingEmbedder()
    StoredEmbedder(inner).embed(["alfa"])
    vectors = StoredEmbedder(inner, write=False).embed(["alfa", "delta"])
    assert vectors.shape == (2, 3)
    assert inner.calls == ["alfa", "delta"]
    assert TextEmbedding.objects.count() == 1
