"""Calibrate the overlap bands on labelled pairs, per model version.

    python -m reglab.engine.calibration [--embedder e5|tfidf|all] [--seed FILE] [--write]

Two bands are shown on a proposal's most similar proposals: "troligen samma" (score ≥
`duplicate`) and "samma ämne" (`related` ≤ score < `duplicate`). Three labelled sources, each
scored within its own corpus as a round is scored:
- data/similarity_corpus.json: 45 written proposals with an activity and topics; every pair is
  labelled (same activity: same; a shared topic: related; otherwise different), so the set has a
  round's mix of a few overlaps among many unrelated pairs;
- the seed deck's known pairs (../shared/seed, labelled in the corpus file by title);
- data/similarity_pairs.json: 38 hand-written pairs labelled same / related / different.
Each cut is the one with the best recall among those whose precision reaches a stated target
(`TARGET_PRECISION`); where no cut reaches it, the one with the best F0.5. A cut at the best F1 on
a balanced set (the earlier rule) put "samma ämne" below the mean score of unrelated pairs, so
nearly every pair was tagged. Topic clusters (suggested focus areas, edited by the secretariat)
use `cluster`, the best-F1 cut for same-or-related on the same pairs. The result is stored under
"<model_version>|<score recipe>" in data/similarity_thresholds.json with the precision and recall
of each band, so a new model version (or a new way of scoring) starts uncalibrated instead of
inheriting another's numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reglab.engine.similarity import Embedder, Item, get_embedder, score_matrix, threshold_key

DATA_DIR = Path(__file__).resolve().parent / "data"
PAIRS_FILE = DATA_DIR / "similarity_pairs.json"
CORPUS_FILE = DATA_DIR / "similarity_corpus.json"
THRESHOLDS_FILE = DATA_DIR / "similarity_thresholds.json"
# ../shared beside the checkout (read, never copied); absent on a machine without the shared data.
SEED_FILE = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_cbc1b2dc12c1557d.txt"
LABELS = ("same", "related", "different")
# A band is a claim to the reader: "troligen samma" should be right four times in five, "samma
# ämne" (counting same or related as right) three times in four.
TARGET_PRECISION = {"duplicate": 0.8, "related": 0.75}


@dataclass(frozen=True)
class Cut:
    threshold: float
    f1: float
    precision: float
    recall: float


@dataclass(frozen=True)
class Labelled:
    """Scores and labels of one source's pairs."""

    source: str
    scores: np.ndarray
    labels: np.ndarray


def load_pairs(path: Path = PAIRS_FILE) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["pairs"]
    return pairs


def load_corpus(path: Path = CORPUS_FILE) -> dict[str, Any]:
    corpus: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return corpus


def pair_scores(embedder: Embedder, pairs: list[dict[str, Any]]) -> np.ndarray:
    items: dict[tuple[str, str], int] = {}
    for pair in pairs:
        for side in ("a", "b"):
            key = (pair[side]["title"], pair[side]["text"])
            items.setdefault(key, len(items))
    corpus = [Item(key=str(i), title=t, text=x) for (t, x), i in items.items()]
    matrix = score_matrix(embedder, corpus)
    return np.array(
        [
            matrix[items[(p["a"]["title"], p["a"]["text"])], items[(p["b"]["title"], p["b"]["text"])]]
            for p in pairs
        ]
    )


def corpus_label(a: dict[str, Any], b: dict[str, Any]) -> str:
    if a["activity"] == b["activity"]:
        return "same"
    return "related" if set(a["topics"]) & set(b["topics"]) else "different"


def corpus_scores(embedder: Embedder, corpus: dict[str, Any]) -> Labelled:
    proposals = corpus["proposals"]
    items = [Item(key=p["id"], title=p["title"], text=p["text"]) for p in proposals]
    matrix = score_matrix(embedder, items)
    pairs = list(itertools.combinations(range(len(proposals)), 2))
    return Labelled(
        "corpus",
        np.array([matrix[i, j] for i, j in pairs]),
        np.array([corpus_label(proposals[i], proposals[j]) for i, j in pairs]),
    )


def seed_items(seed: bytes) -> list[Item]:
    """The seed deck's proposals as the overlap page sees them (title; description and needs)."""
    from reglab.readers.decks import parse_proposals, read_deck

    drafts = parse_proposals(read_deck(seed, "seed.txt").slides)
    return [
        Item(key=str(i), title=d.title, text=" ".join([d.description, d.needs]).strip(), group=d.region_lan)
        for i, d in enumerate(drafts)
    ]


def seed_scores(embedder: Embedder, items: list[Item], labelled: list[dict[str, Any]]) -> Labelled:
    """All pairs of the seed's proposals; those not listed in `labelled` are different."""
    by_title = {item.title: n for n, item in enumerate(items)}
    known: dict[frozenset[int], str] = {}
    for pair in labelled:
        if pair["a"] not in by_title or pair["b"] not in by_title:
            raise ValueError(f"seed pair not among the seed's proposals: {pair['a']!r} / {pair['b']!r}")
        known[frozenset((by_title[pair["a"]], by_title[pair["b"]]))] = pair["label"]
    matrix = score_matrix(embedder, items)
    pairs = list(itertools.combinations(range(len(items)), 2))
    return Labelled(
        "seed",
        np.array([matrix[i, j] for i, j in pairs]),
        np.array([known.get(frozenset((i, j)), "different") for i, j in pairs]),
    )


def labelled_sources(embedder: Embedder, *, seed: bytes | None) -> list[Labelled]:
    pairs = load_pairs()
    corpus = load_corpus()
    sources = [
        corpus_scores(embedder, corpus),
        Labelled("pairs", pair_scores(embedder, pairs), np.array([p["label"] for p in pairs])),
    ]
    if seed is not None:
        sources.append(seed_scores(embedder, seed_items(seed), corpus["seed_pairs"]))
    return sources


def _midpoints(scores: np.ndarray) -> list[float]:
    order = np.sort(np.unique(scores))
    return [float(a + b) / 2 for a, b in itertools.pairwise(order)] or [float(order[0])]


def _cut(scores: np.ndarray, positive: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    tp = int((predicted & positive).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(positive.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def best_cut(scores: np.ndarray, positive: np.ndarray) -> Cut:
    """Threshold with the best F1 for `positive`; midpoint between neighbouring scores."""
    best = Cut(0.0, -1.0, 0.0, 0.0)
    for threshold in _midpoints(scores):
        precision, recall, f1 = _cut(scores, positive, threshold)
        if f1 > best.f1:
            best = Cut(round(float(threshold), 4), round(f1, 3), round(precision, 3), round(recall, 3))
    return best


def precise_cut(scores: np.ndarray, positive: np.ndarray, target: float) -> Cut:
    """The cut with the best recall among those with precision ≥ `target` (then the higher
    precision); without one, the cut with the best F0.5 (precision weighted over recall)."""
    feasible: list[tuple[float, float, float, float]] = []
    fallback: tuple[float, float, float, float] = (-1.0, 0.0, 0.0, 0.0)
    for threshold in _midpoints(scores):
        precision, recall, f1 = _cut(scores, positive, threshold)
        if precision >= target:
            feasible.append((recall, precision, threshold, f1))
        f05 = 1.25 * precision * recall / max(0.25 * precision + recall, 1e-12)
        if f05 > fallback[0]:
            fallback = (f05, precision, recall, threshold)
    if feasible:
        recall, precision, threshold, f1 = max(feasible)
    else:
        _, precision, recall, threshold = fallback
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return Cut(round(float(threshold), 4), round(f1, 3), round(precision, 3), round(recall, 3))


def band_metrics(scores: np.ndarray, labels: np.ndarray, duplicate: float, related: float) -> dict[str, Any]:
    """Precision of each band as shown, and recall of what it should find.

    "troligen samma": right when the pair is `same`; recall over all `same` pairs.
    "samma ämne": right when the pair is `same` or `related` (a same pair is also the same topic);
    recall: the `same` or `related` pairs that get either band.
    """
    same = labels == "same"
    topic = labels != "different"
    top = scores >= duplicate
    middle = (scores >= related) & ~top
    return {
        "duplicate": {
            "tagged": int(top.sum()),
            "precision": round(float((top & same).sum() / max(int(top.sum()), 1)), 3),
            "recall": round(float((top & same).sum() / max(int(same.sum()), 1)), 3),
        },
        "related": {
            "tagged": int(middle.sum()),
            "precision": round(float((middle & topic).sum() / max(int(middle.sum()), 1)), 3),
            "recall": round(float(((top | middle) & topic).sum() / max(int(topic.sum()), 1)), 3),
        },
        "pairs": {label: int((labels == label).sum()) for label in LABELS},
    }


def calibrate(embedder: Embedder, sources: list[Labelled]) -> dict[str, Any]:
    scores = np.concatenate([s.scores for s in sources])
    labels = np.concatenate([s.labels for s in sources])
    duplicate = precise_cut(scores, labels == "same", TARGET_PRECISION["duplicate"])
    related = precise_cut(scores, labels != "different", TARGET_PRECISION["related"])
    # The bands nest: "samma ämne" never starts above "troligen samma".
    related_threshold = min(related.threshold, duplicate.threshold)
    # Clusters are edited suggestions: the balanced cut for same-or-related, never above the band.
    cluster = best_cut(scores, labels != "different")
    cluster_threshold = min(cluster.threshold, related_threshold)
    means = {label: round(float(scores[labels == label].mean()), 4) for label in LABELS}
    return {
        "duplicate": duplicate.threshold,
        "duplicate_f1": duplicate.f1,
        "related": related_threshold,
        "related_f1": related.f1,
        "cluster": cluster_threshold,
        "cluster_f1": cluster.f1,
        "target_precision": TARGET_PRECISION,
        "mean_scores": means,
        "pairs": len(scores),
        "bands": {
            "all": band_metrics(scores, labels, duplicate.threshold, related_threshold),
            **{
                s.source: band_metrics(s.scores, s.labels, duplicate.threshold, related_threshold)
                for s in sources
            },
        },
        "calibrated_at": dt.date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--embedder", default="all", choices=["all", "e5", "tfidf"])
    parser.add_argument("--seed", type=Path, default=SEED_FILE, help="the seed deck (text export)")
    parser.add_argument("--write", action="store_true", help=f"store the result in {THRESHOLDS_FILE.name}")
    args = parser.parse_args(argv)
    seed = args.seed.read_bytes() if args.seed.exists() else None
    if seed is None:
        print(f"seed deck not found at {args.seed}: calibrating without the seed's pairs")
    names = ["e5", "tfidf"] if args.embedder == "all" else [args.embedder]
    models: dict[str, dict[str, Any]] = {}
    stored: dict[str, Any] = {"models": models}  # regenerated from scratch: stale recipes must not linger
    for name in names:
        try:
            embedder = get_embedder(name)
        except ImportError as exc:
            print(f"{name}: not available ({exc})")
            continue
        result = calibrate(embedder, labelled_sources(embedder, seed=seed))
        models[threshold_key(embedder.model_version)] = result
        print(threshold_key(embedder.model_version), json.dumps(result, ensure_ascii=False))
    if args.write:
        stored["_comment"] = (
            "Written by `python -m reglab.engine.calibration --write` from data/similarity_corpus.json, "
            "data/similarity_pairs.json and the seed deck's labelled pairs; one entry per embedder "
            "model_version. Do not edit by hand."
        )
        THRESHOLDS_FILE.write_text(
            json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
        )
        print(f"wrote {THRESHOLDS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
