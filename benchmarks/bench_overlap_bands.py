"""Precision and recall of the overlap bands per backend, recomputed (the table in docs/overlaps.md).

    python benchmarks/bench_overlap_bands.py [--embedder e5|tfidf|all] [--seed FILE] [--stored]

Scores every labelled pair (the written corpus, the hand-written pairs and, when ../shared is
there, the seed deck's known pairs), cuts them with freshly calibrated thresholds (or, with
--stored, the ones in data/similarity_thresholds.json) and prints one row per backend, band and
source. Also counts how many of the seed's top-3 matches get a band, as the overlap page shows them.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from reglab.engine import calibration  # noqa: E402
from reglab.engine.similarity import get_embedder, most_similar, thresholds_for  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--embedder", default="all", choices=["all", "e5", "tfidf"])
    parser.add_argument("--seed", type=Path, default=calibration.SEED_FILE)
    parser.add_argument("--stored", action="store_true", help="use the stored thresholds")
    args = parser.parse_args()
    seed = args.seed.read_bytes() if args.seed.exists() else None
    if seed is None:
        print(f"(no seed deck at {args.seed}: the seed's pairs are left out)")
    columns = ["backend", "thresholds (samma / ämne)", "source", "pairs same/related/different"]
    columns += ["band", "tagged", "precision", "recall"]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ["e5", "tfidf"] if args.embedder == "all" else [args.embedder]:
        try:
            embedder = get_embedder(name)
        except ImportError as exc:
            print(f"| {name} | not available ({exc}) |")
            continue
        sources = calibration.labelled_sources(embedder, seed=seed)
        if args.stored:
            stored = thresholds_for(embedder.model_version)
            duplicate, related = stored.duplicate, stored.related
        else:
            result = calibration.calibrate(embedder, sources)
            duplicate, related = result["duplicate"], result["related"]
        if duplicate is None or related is None:
            print(f"| {name} | not calibrated |")
            continue

        everything = calibration.Labelled(
            "all", np.concatenate([s.scores for s in sources]), np.concatenate([s.labels for s in sources])
        )
        for source in [everything, *sources]:
            bands = calibration.band_metrics(source.scores, source.labels, duplicate, related)
            counts = "/".join(str(bands["pairs"][label]) for label in calibration.LABELS)
            for key, band in (("duplicate", "troligen samma"), ("related", "samma ämne")):
                row = bands[key]
                print(
                    f"| {name} | {duplicate:.4f} / {related:.4f} | {source.source} | {counts} | {band} "
                    f"| {row['tagged']} | {row['precision']:.2f} | {row['recall']:.2f} |"
                )
        if seed is not None:
            items = calibration.seed_items(seed)
            found = most_similar(items, embedder=embedder, k=3, explain_matches=False)
            matches = [m for ms in found.values() for m in ms]
            same = sum(1 for m in matches if m.likely_duplicate)
            topic = sum(1 for m in matches if m.related and not m.likely_duplicate)
            print(
                f"|   | seed overlap page (stored thresholds): {len(matches)} top-3 matches, "
                f"{same} troligen samma, {topic} samma ämne |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
