"""Everything scoped to its round; focus areas from clusters in one step; who votes in a ballot."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reglab.accounts.models import Role
from reglab.programme.models import (
    ActivityFormat,
    Ballot,
    ChangeLog,
    FocusArea,
    Programme,
    RoundPhase,
    TopicCluster,
)
from reglab.programme.services.activities import activity_create
from reglab.programme.services.ballots import (
    ballot_cast,
    ballot_create,
    focus_area_create,
    focus_area_update,
    focus_areas_from_clusters,
)
from reglab.programme.services.programmes import programme_create
from tests.factories import IdeaRoundFactory, ProposalFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_round(db):
    return IdeaRoundFactory(title="Idéworkshop 2025", programme_year=2026, phase=RoundPhase.PRIORITISING)


@pytest.fixture
def areas(users, idea_round, proposals):
    s = users["secretariat"]
    return [focus_area_create(user=s, round=idea_round, title=p.title, proposals=[p]) for p in proposals]


def test_focus_area_refuses_another_rounds_proposal(users, idea_round, other_round, proposals):
    stranger = ProposalFactory(round=other_round, title="Från förra året")
    with pytest.raises(ValidationError) as refused:
        focus_area_create(
            user=users["secretariat"], round=idea_round, title="Blandat", proposals=[proposals[0], stranger]
        )
    message = " ".join(refused.value.messages)
    assert "”Från förra året” hör till rundan ”Idéworkshop 2025”, inte till ”Idéworkshop 2026”" in message
    assert not FocusArea.objects.filter(title="Blandat").exists()


def test_ballot_and_programme_refuse_another_rounds_focus_area(users, idea_round, other_round, areas):
    foreign = focus_area_create(user=users["secretariat"], round=other_round, title="Gammalt")
    with pytest.raises(ValidationError, match="”Gammalt” hör till rundan ”Idéworkshop 2025”"):
        ballot_create(user=users["secretariat"], round=idea_round, title="Blandad", options=[*areas, foreign])
    assert not Ballot.objects.exists()
    with pytest.raises(ValidationError, match="”Gammalt” hör till rundan"):
        programme_create(
            user=users["secretariat"], year=2027, round=idea_round, focus_areas=[areas[0], foreign]
        )
    assert not Programme.objects.exists()
    programme = programme_create(user=users["secretariat"], year=2027, round=idea_round, focus_areas=areas)
    with pytest.raises(ValidationError, match="”Gammalt” hör till rundan"):
        activity_create(
            user=users["secretariat"],
            programme=programme,
            title="Fel runda",
            format=ActivityFormat.NETWORK,
            focus_area=foreign,
        )
    assert not programme.activities.exists()


def test_focus_areas_from_clusters_in_one_step_then_editable(users, idea_round, proposals):
    s = users["secretariat"]
    together = TopicCluster.objects.create(round=idea_round, label="Kompetensförsörjning i glesbygd")
    together.proposals.set(proposals[:2])
    alone = TopicCluster.objects.create(round=idea_round, label="Besöksnäringens data")
    alone.proposals.set(proposals[2:])
    created = focus_areas_from_clusters(user=s, round=idea_round)
    assert {a.title: {p.pk for p in a.proposals.all()} for a in created} == {
        "Kompetensförsörjning i glesbygd": {proposals[0].pk, proposals[1].pk},
        "Besöksnäringens data": {proposals[2].pk},
    }
    # A second click makes no duplicates and says why.
    with pytest.raises(ValidationError, match="inga nya kluster"):
        focus_areas_from_clusters(user=s, round=idea_round)
    assert idea_round.focus_areas.count() == 2
    area = idea_round.focus_areas.get(title="Kompetensförsörjning i glesbygd")
    focus_area_update(
        user=s, area=area, title="Kompetens", description="Hela landet", proposals=[proposals[0]]
    )
    area.refresh_from_db()
    assert (area.title, area.description, list(area.proposals.all())) == (
        "Kompetens",
        "Hela landet",
        [proposals[0]],
    )
    assert ChangeLog.objects.filter(action="focus_area_update", object_id=area.pk).exists()


def test_secretariat_cannot_cast_a_ballot_whose_policy_excludes_it(users, orgs, idea_round, areas):
    s = users["secretariat"]
    ballot = ballot_create(user=s, round=idea_round, title="Medlemmarnas", options=areas, open_now=True)
    assert ballot.is_open and not ballot.secretariat_votes  # the default: members vote
    assert not s.has_perm("programme.cast_ballot", ballot)
    with pytest.raises(ValidationError, match="Sekretariatet röstar inte i den här omröstningen"):
        ballot_cast(user=s, ballot=ballot, organisation=orgs["reglab"], dots={areas[0].pk: 3})
    assert not ballot.casts.exists()
    # A member casts for its organisation as before.
    assert users["member"].has_perm("programme.cast_ballot", ballot)
    ballot_cast(user=users["member"], ballot=ballot, organisation=orgs["skane"], dots={areas[0].pk: 3})
    assert ballot.casts.count() == 1


def test_secretariat_casts_when_the_ballot_says_so(users, orgs, idea_round, areas):
    s = users["secretariat"]
    ballot = ballot_create(
        user=s, round=idea_round, title="Alla", options=areas, secretariat_votes=True, open_now=True
    )
    assert s.has_perm("programme.cast_ballot", ballot)
    cast = ballot_cast(user=s, ballot=ballot, organisation=orgs["reglab"], dots={areas[1].pk: 2})
    assert cast.organisation == orgs["reglab"]
    assert ChangeLog.objects.get(action="ballot_create").changes["secretariat_votes"] is True


def test_a_secretary_who_is_also_a_member_votes_only_for_the_member_organisation(
    users, orgs, idea_round, areas
):
    both = user_with_role("dubbel", orgs["reglab"], Role.SECRETARIAT)
    both.memberships.create(organisation=orgs["orebro"], role=Role.MEMBER)
    ballot = ballot_create(
        user=users["secretariat"], round=idea_round, title="B", options=areas, open_now=True
    )
    with pytest.raises(ValidationError, match="Sekretariatet röstar inte"):
        ballot_cast(user=both, ballot=ballot, organisation=orgs["reglab"], dots={areas[0].pk: 1})
    ballot_cast(user=both, ballot=ballot, organisation=orgs["orebro"], dots={areas[0].pk: 1})
    assert [c.organisation for c in ballot.casts.all()] == [orgs["orebro"]]
