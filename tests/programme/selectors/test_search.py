"""Search and filters over proposals, activities and the lessons bank; runs on SQLite and, with
DATABASE_URL set, on PostgreSQL's Swedish full-text search."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from reglab.programme.models import ActivityFormat, ActivityStatus, IdeaRound, ProposalState
from reglab.programme.selectors.search import (
    bank_themes,
    lessons_bank,
    search_activities,
    search_proposals,
)
from reglab.programme.services.activities import activity_create, activity_transition
from reglab.programme.services.ballots import focus_area_create
from reglab.programme.services.followup import activity_result_add, lesson_add
from reglab.programme.services.programmes import programme_create
from reglab.programme.services.states import answer_proposal
from tests.factories import ProposalFactory


@pytest.fixture
def catalogue(users, orgs, idea_round, proposals, programme):
    secretariat = users["secretariat"]
    older_round = IdeaRound.objects.create(title="Idéworkshop 2017", programme_year=2018)
    old = ProposalFactory(
        round=older_round,
        title="Miljödriven näringslivsutveckling",
        description="Lärdomar mellan regioner och nationella myndigheter; goda exempel från Finland.",
        formats=["workshop"],
        organisations=[orgs["orebro"]],
    )
    proposals[0].formats = ["natverk", "erfa"]
    proposals[0].description = "Erfarenhetsutbyte om kompetensplattformar."
    proposals[0].save()
    answer_proposal(
        proposal=proposals[1], user=secretariat, state=ProposalState.NOT_TAKEN_FORWARD, text="Nej."
    )
    area = focus_area_create(user=secretariat, round=idea_round, title="Kompetensförsörjning", proposals=[])
    network = activity_create(
        user=secretariat,
        programme=programme,
        title="Nätverket för näringslivsutveckling",
        format=ActivityFormat.NETWORK,
        focus_area=area,
        lead_organisations=[orgs["kronoberg"]],
        description="Kommunernas näringslivschefer och regionerna.",
    )
    workshop = activity_create(
        user=secretariat,
        programme=programme,
        title="Workshop om besöksnäringens data",
        format=ActivityFormat.WORKSHOP,
        lead_organisations=[orgs["skane"]],
    )
    activity_transition(user=secretariat, activity=workshop, to_status=ActivityStatus.PLANNED)
    lesson_add(user=secretariat, activity=network, text="Goda exempel sprids bäst när kommunerna är med.")
    lesson_add(
        user=users["member"],
        activity=workshop,
        organisation=orgs["skane"],
        text="Bjud in statistikerna tidigt.",
    )
    activity_result_add(
        user=secretariat, activity=network, title="Rapport om erfarenhetsutbyte", description="Tolv träffar."
    )
    published = programme_create(user=secretariat, year=2019, round=older_round)
    published.is_published = True
    published.save()
    public = activity_create(
        user=secretariat,
        programme=published,
        title="Studieresa till Finland",
        format=ActivityFormat.STUDY_TRIP,
    )
    lesson_add(user=secretariat, activity=public, text="Goda exempel från Uleåborg.")
    return {"old": old, "network": network, "workshop": workshop, "public": public, "round": older_round}


def titles(rows) -> set[str]:
    return {getattr(r, "title", None) or r.text for r in rows}


def test_text_search_finds_proposals_by_words_in_title_or_description(catalogue, proposals):
    assert titles(search_proposals(query="goda exempel")) == {"Miljödriven näringslivsutveckling"}
    assert titles(search_proposals(query="erfarenhetsutbyte")) == {proposals[0].title}
    assert titles(search_proposals(query="kompetensplattformar glesbygd")) == {proposals[0].title}
    assert not search_proposals(query="järnväg").exists()


def test_proposal_filters_round_organisation_format_and_state(catalogue, orgs, proposals, idea_round):
    assert titles(search_proposals(round_=catalogue["round"])) == {"Miljödriven näringslivsutveckling"}
    assert titles(search_proposals(organisation=orgs["orebro"])) == {
        "Miljödriven näringslivsutveckling",
        proposals[1].title,
    }
    assert titles(search_proposals(format="erfa")) == {proposals[0].title}
    assert titles(search_proposals(state=ProposalState.NOT_TAKEN_FORWARD)) == {proposals[1].title}
    assert titles(search_proposals(state=ProposalState.RECEIVED, round_=idea_round)) == {
        proposals[0].title,
        proposals[2].title,
    }
    assert titles(search_proposals(query="exempel", organisation=orgs["skane"])) == set()


def test_activity_search_and_filters(catalogue, users, orgs):
    secretariat = users["secretariat"]
    assert titles(search_activities(user=secretariat, query="näringslivschefer")) == {
        "Nätverket för näringslivsutveckling"
    }
    assert titles(search_activities(user=secretariat, format=ActivityFormat.WORKSHOP)) == {
        "Workshop om besöksnäringens data"
    }
    assert titles(search_activities(user=secretariat, status=ActivityStatus.PLANNED)) == {
        "Workshop om besöksnäringens data"
    }
    assert titles(search_activities(user=secretariat, organisation=orgs["kronoberg"])) == {
        "Nätverket för näringslivsutveckling"
    }
    assert titles(search_activities(user=secretariat, round_=catalogue["round"])) == {
        "Studieresa till Finland"
    }
    # Anonymous visitors find only the published programme's activities.
    assert titles(search_activities(user=AnonymousUser())) == {"Studieresa till Finland"}


def test_lessons_bank_finds_good_examples_and_exchange_of_experience(catalogue, users, orgs):
    secretariat = users["secretariat"]
    found = lessons_bank(user=secretariat, query="goda exempel")
    assert {e.text for e in found} == {
        "Goda exempel sprids bäst när kommunerna är med.",
        "Goda exempel från Uleåborg.",
    }
    assert [e.title for e in lessons_bank(user=secretariat, query="erfarenhetsutbyte")] == [
        "Rapport om erfarenhetsutbyte"
    ]
    network_only = lessons_bank(user=secretariat, theme="Kompetensförsörjning")
    assert {e.activity.title for e in network_only} == {"Nätverket för näringslivsutveckling"}
    assert {e.kind for e in network_only} == {"lesson", "result"}
    assert {e.text for e in lessons_bank(user=secretariat, format=ActivityFormat.WORKSHOP)} == {
        "Bjud in statistikerna tidigt."
    }
    assert {e.text for e in lessons_bank(user=secretariat, organisation=orgs["skane"])} == {
        "Bjud in statistikerna tidigt."
    }
    assert bank_themes(secretariat) == ["Kompetensförsörjning"]
    assert {e.text for e in lessons_bank(user=AnonymousUser())} == {"Goda exempel från Uleåborg."}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Swedish stemming needs PostgreSQL")
def test_postgres_full_text_search_matches_inflected_swedish(catalogue):
    # "myndigheterna" (the agencies) and "myndigheter" share the Swedish stem, as "lärdomarna" and
    # "Lärdomar" do; a substring search would miss both.
    assert titles(search_proposals(query="myndigheterna")) == {"Miljödriven näringslivsutveckling"}
    assert titles(search_proposals(query="lärdomarna")) == {"Miljödriven näringslivsutveckling"}
    assert titles(search_proposals(query='"goda exempel" -Finland')) == set()
