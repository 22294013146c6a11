"""Calibrate similarity thresholds on labelled pairs, per model version.

    python -m reglab.engine.calibration [--embedder e5|tfidf|all] [--pairs FILE] [--write]

The pairs (data/similarity_pairs.json) are labelled same / related / different. For each
embedder we score all pairs within one corpus (as a round is scored) and pick:
- `duplicate`: the cut that best separates "same" from the rest (max F1, midpoint between scores);
- `related`: the cut that best separates "same"+"related" from "different".
The result is stored under "<model_version>|<score recipe>" in data/similarity_thresholds.json,
so a new model version (or a new way of scoring) starts uncalibrated instead of inheriting
another model's numbers.
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
THRESHOLDS_FILE = DATA_DIR / "similarity_thresholds.json"


@dataclass(frozen=True)
class Cut:
    threshold: float
    f1: float
    precision: float
    recall: float


def load_pairs(path: Path = PAIRS_FILE) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["pairs"]
    return pairs


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


def best_cut(scores: np.ndarray, positive: np.ndarray) -> Cut:
    """Threshold with the best F1 for `positive`; midpoint between neighbouring scores."""
    order = np.sort(np.unique(scores))
    candidates = [(a + b) / 2 for a, b in itertools.pairwise(order)] or [float(order[0])]
    best = Cut(float(candidates[0]), -1.0, 0.0, 0.0)
    for threshold in candidates:
        predicted = scores >= threshold
        tp = int((predicted & positive).sum())
        precision = tp / max(int(predicted.sum()), 1)
        recall = tp / max(int(positive.sum()), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        if f1 > best.f1:
            best = Cut(round(float(threshold), 4), round(f1, 3), round(precision, 3), round(recall, 3))
    return best


def calibrate(embedder: Embedder, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    scores = pair_scores(embedder, pairs)
    labels = np.array([p["label"] for p in pairs])
    duplicate = best_cut(scores, labels == "same")
    related = best_cut(scores, labels != "different")
    means = {
        label: round(float(scores[labels == label].mean()), 4) for label in ("same", "related", "different")
    }
    return {
        "duplicate": duplicate.threshold,
        "duplicate_f1": duplicate.f1,
        "related": related.threshold,
        "related_f1": related.f1,
        "mean_scores": means,
        "pairs": len(pairs),
        "calibrated_at": dt.date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="all", choices=["all", "e5", "tfidf"])
    parser.add_argument("--pairs", type=Path, default=PAIRS_FILE)
    parser.add_argument("--write", action="store_true", help=f"store the result in {THRESHOLDS_FILE.name}")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    names = ["e5", "tfidf"] if args.embedder == "all" else [args.embedder]
    models: dict[str, dict[str, Any]] = {}
    stored: dict[str, Any] = {"models": models}  # regenerated from scratch: stale recipes must not linger
    for name in names:
        try:
            embedder = get_embedder(name)
        except ImportError as exc:
            print(f"{name}: not available ({exc})")
            continue
        result = calibrate(embedder, pairs)
        models[threshold_key(embedder.model_version)] = result
        print(threshold_key(embedder.model_version), json.dumps(result, ensure_ascii=False))
    if args.write:
        stored["_comment"] = (
            "Written by `python -m reglab.engine.calibration --write` from data/similarity_pairs.json; "
            "one entry per embedder model_version. Do not edit by hand."
        )
        THRESHOLDS_FILE.write_text(
            json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
        )
        print(f"wrote {THRESHOLDS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
