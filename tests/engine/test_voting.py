"""The voting engine against hand-worked examples and pref_voting (test-only oracle)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import reglab
from reglab.engine.voting import (
    Ballot,
    VotingError,
    borda_tally,
    dot_tally,
    group_breakdown,
    schulze_tally,
    tally_all,
)

pref_profiles = pytest.importorskip("pref_voting.profiles")
from pref_voting.margin_based_methods import beat_path  # noqa: E402  (Schulze in pref_voting)
from pref_voting.profiles_with_ties import ProfileWithTies  # noqa: E402
from pref_voting.scoring_methods import borda as pv_borda  # noqa: E402

OPTIONS = ["A", "B", "C"]


def _ballots(profile: list[tuple[int, list[str]]]) -> list[Ballot]:
    out = []
    for index, (count, ranking) in enumerate(profile):
        for copy in range(count):
            out.append(Ballot(voter=f"v{index}-{copy}", group=f"org{index}", ranking=tuple(ranking)))
    return out


def _pv_profile(options: list[str], profile: list[tuple[int, list[str]]]):
    index = {name: i for i, name in enumerate(options)}
    return pref_profiles.Profile(
        [[index[o] for o in ranking] for _, ranking in profile], rcounts=[count for count, _ in profile]
    )


def _names(options, winners):
    return sorted(options[i] for i in winners)


# 3 voters A>B>C and 2 voters B>C>A: A is the Condorcet (so Schulze) winner, B has the most Borda points.
DISAGREE = [(3, ["A", "B", "C"]), (2, ["B", "C", "A"])]


def test_borda_and_schulze_disagree_on_known_profile_and_match_pref_voting():
    ballots = _ballots(DISAGREE)
    borda = borda_tally(OPTIONS, ballots)
    schulze = schulze_tally(OPTIONS, ballots)

    # Hand-worked: Borda A = 3·2 + 2·0 = 6, B = 3·1 + 2·2 = 7, C = 0 + 2·1 = 2.
    assert borda.scores == {"A": 6, "B": 7, "C": 2}
    assert borda.winners == ["B"]
    # A beats B 3–2 and C 3–2 head to head, so Schulze picks A.
    assert schulze.d["A", "B"] == 3 and schulze.d["B", "A"] == 2
    assert schulze.winners == ["A"]
    assert schulze.order == ["A", "B", "C"]
    assert borda.winners != schulze.winners

    profile = _pv_profile(OPTIONS, DISAGREE)
    assert _names(OPTIONS, pv_borda(profile)) == borda.winners
    assert _names(OPTIONS, beat_path(profile)) == schulze.winners
    assert {OPTIONS[i]: s for i, s in profile.borda_scores().items()} == borda.scores
    assert not tally_all(OPTIONS, ballots).methods_agree


def test_schulze_tie_is_explained():
    # A perfect Condorcet cycle: every option has strongest path 2 to every other.
    cycle = [(1, ["A", "B", "C"]), (1, ["B", "C", "A"]), (1, ["C", "A", "B"])]
    tally = schulze_tally(OPTIONS, _ballots(cycle))
    assert tally.winners == ["A", "B", "C"]
    assert len(tally.ties) == 1
    assert "tie for first place" in tally.ties[0]
    assert "strongest path A→B = 2 = B→A" in tally.ties[0]
    assert _names(OPTIONS, beat_path(_pv_profile(OPTIONS, cycle))) == tally.winners


def test_dot_totals_ties_and_breakdown_per_organisation():
    ballots = [
        Ballot("u1", "Region Skåne", dots={"A": 3, "B": 2}),
        Ballot("u2", "Region Örebro län", dots={"B": 3, "C": 2}),
        Ballot("u3", "Region Skåne", dots={"C": 1}),
    ]
    tally = dot_tally(OPTIONS, ballots)
    assert tally.scores == {"A": 3, "B": 5, "C": 3}
    assert tally.winners == ["B"]
    assert tally.tiers == [["B"], ["A", "C"]]
    assert tally.ties == ["Dots: A, C tie for tier 2 with 3 dots each"]
    groups = group_breakdown(OPTIONS, ballots)
    assert list(groups) == ["Region Skåne", "Region Örebro län"]
    assert groups["Region Skåne"]["dots"] == {"A": 3, "B": 2, "C": 1}


def test_partial_rankings_unranked_get_zero_and_lose_pairwise():
    ballots = [Ballot("x", ranking=("C",)), Ballot("y", ranking=("B", "A"))]
    borda = borda_tally(OPTIONS, ballots)
    assert borda.scores == {"A": 1, "B": 2, "C": 2}
    assert borda.ties and "B, C tie for first place with 2 points each" in borda.ties[0]
    schulze = schulze_tally(OPTIONS, ballots)
    assert schulze.d["C", "A"] == 1 and schulze.d["A", "C"] == 1  # ranked above unranked
    assert schulze.d["B", "A"] == 1 and schulze.d["A", "B"] == 0

    pv = ProfileWithTies([{2: 1}, {1: 1, 0: 2}], candidates=[0, 1, 2])
    pv.use_extended_strict_preference()  # ranked options above unranked ones, as we count
    assert _names(OPTIONS, beat_path(pv)) == schulze.winners


@pytest.mark.parametrize("seed", range(40))
def test_random_profiles_match_pref_voting(seed):
    rng = random.Random(seed)
    options = [f"o{i}" for i in range(rng.randint(3, 6))]
    profile = [(rng.randint(1, 4), rng.sample(options, len(options))) for _ in range(rng.randint(2, 8))]
    ballots = _ballots(profile)
    pv = _pv_profile(options, profile)
    assert borda_tally(options, ballots).winners == _names(options, pv_borda(pv))
    assert schulze_tally(options, ballots).winners == _names(options, beat_path(pv))
    assert {options[i]: s for i, s in pv.borda_scores().items()} == borda_tally(options, ballots).scores


def test_bad_ballots_are_rejected():
    with pytest.raises(VotingError, match="unknown options"):
        dot_tally(OPTIONS, [Ballot("u", dots={"Z": 1})])
    with pytest.raises(VotingError, match="twice"):
        borda_tally(OPTIONS, [Ballot("u", ranking=("A", "A"))])
    with pytest.raises(VotingError, match="negative"):
        dot_tally(OPTIONS, [Ballot("u", dots={"A": -1})])


def test_no_ballots_means_no_winners():
    tally = tally_all(OPTIONS, [])
    assert tally.dots.winners == [] and tally.borda.winners == [] and tally.schulze.winners == []


def test_engine_does_not_import_django():
    code = "import sys, reglab.engine.voting; print('django' in sys.modules)"
    src = str(Path(reglab.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"
