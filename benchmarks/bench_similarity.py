"""Similarity for 60 proposals, including model load (target: < 2 s on a laptop-class CPU).

    python benchmarks/bench_similarity.py [--embedder e5|tfidf] [--repeat 3]
    REGLAB_E5_THREADS=1 python benchmarks/bench_similarity.py   # steadier on a busy machine

Builds 60 synthetic proposals from the hand-written calibration pairs (no shared data needed),
then times: embedder construction + model load, the 60×60 score matrix, top-3 neighbours from
other organisations with explanations, and topic clustering. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


FILLER = [
    "Vi vill lära av andra regioners erfarenheter.",
    "Frågan är prioriterad i vår strategi.",
    "Gärna tillsammans med nationella myndigheter.",
    "Kontaktperson finns på regionens utvecklingsavdelning.",
    "Ett första möte kan hållas under våren.",
]


def proposals(n: int = 60):
    from reglab.engine.calibration import load_pairs
    from reglab.engine.similarity import Item

    unique: dict[tuple[str, str], None] = {}
    for pair in load_pairs():
        for side in ("a", "b"):
            unique.setdefault((pair[side]["title"], pair[side]["text"]), None)
    base = list(unique)
    items = []
    for i in range(n):
        # Titles and bodies recombined (round 2 pairs each title with another body), so no two
        # items are identical; bodies padded to slide length (~200-400 characters).
        title, _ = base[i % len(base)]
        _, text = base[(i + (i // len(base)) * 7) % len(base)]
        extra = " ".join(FILLER[(i + j) % len(FILLER)] for j in range(1 + i % 3))
        items.append(Item(key=str(i), title=title, text=f"{text} {extra}", group=f"org{i % 21}"))
    return items


def run_once(embedder_name: str) -> dict[str, float]:
    """One cold run in a fresh interpreter, so model load is really included."""
    code = f"""
import time, json, sys
sys.path.insert(0, {str(ROOT / "src")!r}); sys.path.insert(0, {str(ROOT / "benchmarks")!r})
t0 = time.perf_counter()
from reglab.engine.similarity import get_embedder, score_matrix, most_similar, cluster_items
from bench_similarity import proposals
items = proposals(60)
t1 = time.perf_counter()
emb = get_embedder({embedder_name!r}); emb.embed(["uppvärmning"])
t2 = time.perf_counter()
scores = score_matrix(emb, items)
t3 = time.perf_counter()
most_similar(items, embedder=emb, scores=scores, k=3)
t4 = time.perf_counter()
clusters = cluster_items(items, embedder=emb, scores=scores)
t5 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "load": t2 - t1, "embed+score": t3 - t2,
                  "neighbours+explain": t4 - t3, "clusters": t5 - t4, "total": t5 - t0,
                  "model": emb.model_version, "n_clusters": len(clusters)}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="e5", choices=["e5", "tfidf", "auto"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    runs = [run_once(args.embedder) for _ in range(args.repeat)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"model: {runs[0]['model']}; 60 proposals; {runs[0]['n_clusters']} clusters; {os.cpu_count()} CPUs")
    print(f"load average before: {load_before}; after: {load} (other processes slow OpenMP down 2-3x)")
    for key in ("import", "load", "embed+score", "neighbours+explain", "clusters", "total"):
        values = [r[key] for r in runs]
        print(
            f"{key:>20}: median {statistics.median(values):.3f} s"
            f"  (min {min(values):.3f}, max {max(values):.3f})"
        )
    total = statistics.median(r["total"] for r in runs)
    print(f"{'target':>20}: < 2.000 s  -> {'OK' if total < 2 else 'SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
