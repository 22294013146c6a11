"""Tallying prioritisation ballots: dot totals, Borda and Schulze from the same ballots.

Pure, typed Python (no Django). A ballot may carry dots (cumulative: several dots on one option) and/or a
ranking (best first, possibly partial). All three methods run over the same ballots so the secretariat can
show them side by side, with ties spelled out and a breakdown per organisation (the ballot's ``group``).

- Dots: the sum of the dots each option received.
- Borda: with n options, position k (1-based) in a ranking earns n − k points; unranked options earn 0.
- Schulze: d[a][b] = number of ballots ranking a above b (a ranked option is above an unranked one; two
  unranked options are not compared). Strongest paths by a widest-path Floyd–Warshall over the pairwise
  victories; a beats b when p[a][b] > p[b][a]. Options nobody beats are the winners; several winners is a
  tie and is reported with the path strengths that cause it.

The test suite checks these against ``pref_voting`` (dev-only oracle; never imported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Ballot",
    "Comparison",
    "FullTally",
    "SchulzeTally",
    "ScoreTally",
    "VotingError",
    "borda_tally",
    "dot_tally",
    "group_breakdown",
    "pairwise_matrix",
    "schulze_tally",
    "tally_all",
]


class VotingError(ValueError):
    """A ballot that cannot be counted (unknown option, duplicate in a ranking, negative dots)."""


@dataclass(frozen=True)
class Ballot:
    """One counted ballot. ``group`` is the organisation it was cast for (used for the breakdown)."""

    voter: str
    group: str = ""
    ranking: tuple[str, ...] = ()
    dots: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreTally:
    """Scores (dots or Borda points) per option, tiers best first, and any ties explained."""

    method: str
    scores: dict[str, int]
    tiers: list[list[str]]  # options with equal scores share a tier; best tier first
    winners: list[str]
    ties: list[str]  # one human-readable sentence per tied tier

    @property
    def order(self) -> list[str]:
        return [option for tier in self.tiers for option in tier]


@dataclass(frozen=True)
class Comparison:
    """A pair of options whose strongest paths are equal (neither beats the other under Schulze)."""

    a: str
    b: str
    strength: int


@dataclass(frozen=True)
class SchulzeTally:
    method: str
    d: dict[tuple[str, str], int]  # ballots preferring a to b
    p: dict[tuple[str, str], int]  # strongest path from a to b
    wins: dict[str, int]  # number of options each option beats
    tiers: list[list[str]]
    winners: list[str]
    ties: list[str]
    tied_pairs: list[Comparison]

    @property
    def order(self) -> list[str]:
        return [option for tier in self.tiers for option in tier]

    def beats(self, a: str, b: str) -> bool:
        return self.p[a, b] > self.p[b, a]


def _validate(options: Sequence[str], ballots: Iterable[Ballot]) -> list[Ballot]:
    if len(set(options)) != len(options):
        raise VotingError("options must be distinct")
    known = set(options)
    checked = []
    for ballot in ballots:
        if len(set(ballot.ranking)) != len(ballot.ranking):
            raise VotingError(f"ballot {ballot.voter!r} ranks an option twice")
        unknown = (set(ballot.ranking) | set(ballot.dots)) - known
        if unknown:
            raise VotingError(f"ballot {ballot.voter!r} names unknown options {sorted(unknown)}")
        if any(value < 0 for value in ballot.dots.values()):
            raise VotingError(f"ballot {ballot.voter!r} has negative dots")
        checked.append(ballot)
    return checked


def _tiers_by_score(options: Sequence[str], scores: Mapping[str, int]) -> list[list[str]]:
    tiers: dict[int, list[str]] = {}
    for option in options:  # keeps the options' given order inside a tier
        tiers.setdefault(scores[option], []).append(option)
    return [tiers[score] for score in sorted(tiers, reverse=True)]


def _score_ties(method: str, tiers: list[list[str]], scores: Mapping[str, int], unit: str) -> list[str]:
    sentences = []
    for position, tier in enumerate(tiers):
        if len(tier) > 1:
            where = "first place" if position == 0 else f"tier {position + 1}"
            sentences.append(
                f"{method}: {', '.join(tier)} tie for {where} with {scores[tier[0]]} {unit} each"
            )
    return sentences


def _score_tally(method: str, options: Sequence[str], scores: dict[str, int], unit: str) -> ScoreTally:
    tiers = _tiers_by_score(options, scores)
    has_votes = any(scores.values())
    winners = list(tiers[0]) if tiers and has_votes else []
    return ScoreTally(
        method, scores, tiers, winners, _score_ties(method, tiers, scores, unit) if has_votes else []
    )


def dot_tally(options: Sequence[str], ballots: Iterable[Ballot]) -> ScoreTally:
    """Total dots per option."""
    scores = dict.fromkeys(options, 0)
    for ballot in _validate(options, ballots):
        for option, dots in ballot.dots.items():
            scores[option] += dots
    return _score_tally("Dots", options, scores, "dots")


def borda_tally(options: Sequence[str], ballots: Iterable[Ballot]) -> ScoreTally:
    """Borda: position k (1-based) of n options earns n − k points; unranked options earn 0."""
    n = len(options)
    scores = dict.fromkeys(options, 0)
    for ballot in _validate(options, ballots):
        for k, option in enumerate(ballot.ranking, start=1):
            scores[option] += n - k
    return _score_tally("Borda", options, scores, "points")


def pairwise_matrix(options: Sequence[str], ballots: Iterable[Ballot]) -> dict[tuple[str, str], int]:
    """d[a, b]: ballots that rank a above b (ranked beats unranked; two unranked are not compared)."""
    d = {(a, b): 0 for a in options for b in options if a != b}
    for ballot in _validate(options, ballots):
        if not ballot.ranking:
            continue
        position = {option: i for i, option in enumerate(ballot.ranking)}
        for a, b in d:
            if a in position and (b not in position or position[a] < position[b]):
                d[a, b] += 1
    return d


def schulze_tally(options: Sequence[str], ballots: Iterable[Ballot]) -> SchulzeTally:
    """Schulze (beat-path) from the ranked ballots, with ties explained."""
    d = pairwise_matrix(options, ballots)
    p = {(a, b): (d[a, b] if d[a, b] > d[b, a] else 0) for (a, b) in d}
    for k in options:
        for i in options:
            if i == k:
                continue
            for j in options:
                if j in (i, k):
                    continue
                p[i, j] = max(p[i, j], min(p[i, k], p[k, j]))
    wins = {a: sum(1 for b in options if b != a and p[a, b] > p[b, a]) for a in options}

    # Tiers: repeatedly take the options no remaining option beats (the Schulze relation is transitive).
    remaining = list(options)
    tiers: list[list[str]] = []
    while remaining:
        top = [a for a in remaining if not any(p[b, a] > p[a, b] for b in remaining if b != a)]
        if not top:  # cannot happen for a transitive relation; keep the function total anyway
            top = list(remaining)
        tiers.append(top)
        remaining = [a for a in remaining if a not in top]

    has_rankings = any(d.values())
    winners = list(tiers[0]) if tiers and has_rankings else []
    tied_pairs: list[Comparison] = []
    ties: list[str] = []
    if has_rankings:
        for position, tier in enumerate(tiers):
            if len(tier) < 2:
                continue
            where = "first place" if position == 0 else f"tier {position + 1}"
            pairs = [
                Comparison(a, b, p[a, b])
                for i, a in enumerate(tier)
                for b in tier[i + 1 :]
                if p[a, b] == p[b, a]
            ]
            tied_pairs.extend(pairs)
            detail = "; ".join(
                f"strongest path {c.a}→{c.b} = {c.strength} = {c.b}→{c.a}"
                + (f" (d: {d[c.a, c.b]} vs {d[c.b, c.a]})" if d[c.a, c.b] or d[c.b, c.a] else "")
                for c in pairs
            )
            ties.append(f"Schulze: {', '.join(tier)} tie for {where}, neither beats the other: {detail}")
    return SchulzeTally("Schulze", d, p, wins, tiers, winners, ties, tied_pairs)


def group_breakdown(
    options: Sequence[str], ballots: Iterable[Ballot]
) -> dict[str, dict[str, dict[str, int]]]:
    """Per group (organisation): {"dots": {option: n}, "borda": {option: points}}, groups sorted by name."""
    by_group: dict[str, list[Ballot]] = {}
    for ballot in _validate(options, ballots):
        by_group.setdefault(ballot.group, []).append(ballot)
    return {
        group: {
            "dots": dot_tally(options, group_ballots).scores,
            "borda": borda_tally(options, group_ballots).scores,
        }
        for group, group_ballots in sorted(by_group.items())
    }


@dataclass(frozen=True)
class FullTally:
    options: list[str]
    ballots: int
    dots: ScoreTally
    borda: ScoreTally
    schulze: SchulzeTally
    groups: dict[str, dict[str, dict[str, int]]]

    @property
    def methods_agree(self) -> bool:
        winners = [w for w in (self.dots.winners, self.borda.winners, self.schulze.winners) if w]
        return all(w == winners[0] for w in winners)


def tally_all(options: Sequence[str], ballots: Iterable[Ballot]) -> FullTally:
    """Dots, Borda and Schulze over the same ballots, plus the per-group breakdown."""
    counted = _validate(options, ballots)
    return FullTally(
        options=list(options),
        ballots=len(counted),
        dots=dot_tally(options, counted),
        borda=borda_tally(options, counted),
        schulze=schulze_tally(options, counted),
        groups=group_breakdown(options, counted),
    )
