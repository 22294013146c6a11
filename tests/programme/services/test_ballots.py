from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reglab.programme.models import BallotState, ChangeLog, VoterPolicy
from reglab.programme.services.ballots import (
    ballot_cast,
    ballot_close,
    ballot_create,
    ballot_open,
    ballot_tally,
    focus_area_create,
)
from tests.factories import user_with_role


@pytest.fixture
def areas(users, idea_round, proposals):
    s = users["secretariat"]
    return [
        focus_area_create(user=s, round=idea_round, title="A", proposals=[proposals[0]]),
        focus_area_create(user=s, round=idea_round, title="B", proposals=[proposals[1]]),
        focus_area_create(user=s, round=idea_round, title="C", proposals=[proposals[2]]),
    ]


@pytest.fixture
def ballot(users, idea_round, areas):
    b = ballot_create(
        user=users["secretariat"],
        round=idea_round,
        title="Prioritering 2027",
        options=areas,
        dots_per_voter=5,
        use_ranking=True,
    )
    return ballot_open(user=users["secretariat"], ballot=b)


def test_one_ballot_per_organisation_recast_replaces(users, orgs, ballot, areas):
    colleague = user_with_role("skane2", orgs["skane"])
    ballot_cast(user=users["member"], ballot=ballot, organisation=orgs["skane"], dots={areas[0].pk: 5})
    ballot_cast(user=colleague, ballot=ballot, organisation=orgs["skane"], dots={areas[1].pk: 3})
    assert ballot.casts.count() == 1
    cast = ballot.casts.get()
    assert cast.cast_by == colleague
    assert {v.option_id: v.dots for v in cast.votes.all()} == {areas[1].pk: 3}
    assert ChangeLog.objects.filter(action="ballot_recast").count() == 1
    # The log says who cast, never what: nothing can leak before close.
    assert all(
        "dots" not in str(e.changes)
        for e in ChangeLog.objects.filter(action__in=["ballot_cast", "ballot_recast"])
    )


def test_person_policy_gives_each_member_a_ballot(users, orgs, idea_round, areas):
    b = ballot_create(
        user=users["secretariat"],
        round=idea_round,
        title="Per person",
        options=areas,
        voter_policy=VoterPolicy.PERSON,
    )
    ballot_open(user=users["secretariat"], ballot=b)
    colleague = user_with_role("skane2", orgs["skane"])
    ballot_cast(user=users["member"], ballot=b, organisation=orgs["skane"], dots={areas[0].pk: 1})
    ballot_cast(user=colleague, ballot=b, organisation=orgs["skane"], dots={areas[0].pk: 1})
    assert b.casts.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dots": {"A": 6}}, "bara 5"),
        ({"dots": {"A": 1}, "ranking": ["A", "A"]}, "en gång"),
        ({"dots": {}}, "tom"),
    ],
)
def test_invalid_casts_are_refused(users, orgs, ballot, areas, kwargs, message):
    ids = {a.title: a.pk for a in areas}
    dots = {ids[k]: v for k, v in kwargs.get("dots", {}).items()}
    ranking = [ids[k] for k in kwargs.get("ranking", [])]
    with pytest.raises(ValidationError, match=message):
        ballot_cast(
            user=users["member"], ballot=ballot, organisation=orgs["skane"], dots=dots, ranking=ranking
        )
    assert ballot.casts.count() == 0


def test_member_cannot_vote_for_another_organisation_or_a_closed_ballot(users, orgs, ballot, areas):
    with pytest.raises(ValidationError, match="egen organisation"):
        ballot_cast(user=users["member"], ballot=ballot, organisation=orgs["orebro"], dots={areas[0].pk: 1})
    ballot_close(user=users["secretariat"], ballot=ballot)
    with pytest.raises(ValidationError, match="inte öppen"):
        ballot_cast(user=users["member"], ballot=ballot, organisation=orgs["skane"], dots={areas[0].pk: 1})
    with pytest.raises(ValidationError):
        ballot_close(user=users["secretariat"], ballot=ballot)


def test_tally_from_stored_votes_borda_and_schulze_disagree(users, orgs, ballot, areas):
    a, b, c = (x.pk for x in areas)
    # Three organisations A>B>C, two B>C>A: Schulze A, Borda B (same profile as the engine test).
    voters = [
        (users["member"], orgs["skane"], [a, b, c]),
        (users["member2"], orgs["orebro"], [a, b, c]),
        (users["member3"], orgs["kronoberg"], [a, b, c]),
    ]
    for i, ranking in enumerate([[b, c, a], [b, c, a]]):
        from tests.factories import OrganisationFactory

        org = OrganisationFactory(name=f"Region Extra {i}")
        voters.append((user_with_role(f"extra{i}", org), org, ranking))
    for user, org, ranking in voters:
        ballot_cast(user=user, ballot=ballot, organisation=org, dots={ranking[0]: 1}, ranking=ranking)
    ballot = ballot_close(user=users["secretariat"], ballot=ballot)
    assert ballot.state == BallotState.CLOSED
    tally, by_name = ballot_tally(ballot=ballot)
    assert tally.ballots == 5
    assert tally.schulze.winners == ["A"]
    assert tally.borda.winners == ["B"]
    assert tally.borda.scores == {"A": 6, "B": 7, "C": 2}
    assert tally.dots.scores == {"A": 3, "B": 2, "C": 0}
    assert tally.groups["Region Skåne"]["dots"] == {"A": 1, "B": 0, "C": 0}
    assert by_name["A"] == areas[0]


def test_ballot_needs_two_options_and_a_method(users, idea_round, areas):
    with pytest.raises(ValidationError, match="minst två"):
        ballot_create(user=users["secretariat"], round=idea_round, title="X", options=areas[:1])
    with pytest.raises(ValidationError, match="båda"):
        ballot_create(user=users["secretariat"], round=idea_round, title="X", options=areas, use_dots=False)


def test_focus_area_with_votes_cannot_be_regrouped(users, orgs, ballot, areas, proposals):
    from reglab.programme.services.ballots import focus_area_set_proposals

    focus_area_set_proposals(
        user=users["secretariat"], area=areas[2], proposals=proposals
    )  # no votes yet: fine
    assert areas[2].proposals.count() == 3
    ballot_cast(user=users["member"], ballot=ballot, organisation=orgs["skane"], dots={areas[0].pk: 2})
    with pytest.raises(ValidationError, match="redan fått röster"):
        focus_area_set_proposals(user=users["secretariat"], area=areas[0], proposals=proposals)
    assert list(areas[0].proposals.all()) == [proposals[0]]
