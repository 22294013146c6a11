"""Time the voting engine on network-sized and larger profiles: python benchmarks/bench_voting.py"""

from __future__ import annotations

import random
import time

from reglab.engine.voting import Ballot, tally_all


def profile(n_options: int, n_ballots: int, seed: int = 1) -> tuple[list[str], list[Ballot]]:
    rng = random.Random(seed)
    options = [f"Sakområde {i}" for i in range(n_options)]
    ballots = []
    for v in range(n_ballots):
        ranking = rng.sample(options, rng.randint(1, n_options))
        dots = {o: rng.randint(0, 3) for o in rng.sample(options, min(3, n_options))}
        ballots.append(Ballot(f"v{v}", f"Region {v % 21}", tuple(ranking), dots))
    return options, ballots


def main() -> None:
    for n_options, n_ballots in [(8, 21), (15, 21), (30, 200), (60, 1000)]:
        options, ballots = profile(n_options, n_ballots)
        start = time.perf_counter()
        runs = 5
        for _ in range(runs):
            tally = tally_all(options, ballots)
        elapsed = (time.perf_counter() - start) / runs
        print(
            f"{n_options:3d} options × {n_ballots:5d} ballots: {elapsed * 1000:8.1f} ms per full tally "
            f"(Schulze winners: {len(tally.schulze.winners)})"
        )


if __name__ == "__main__":
    main()
