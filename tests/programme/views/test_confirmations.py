"""Destructive actions ask first: the page spells out the consequences; only its button acts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.programme.models import BallotState, VoterPolicy
from reglab.programme.services.ballots import ballot_cast, ballot_create, ballot_open, focus_area_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_ballot_of(users, idea_round, proposals):
    def build(policy=VoterPolicy.ORGANISATION):
        areas = [
            focus_area_create(user=users["secretariat"], round=idea_round, title=t, proposals=[p])
            for t, p in zip(("Kompetens", "Innovation"), proposals, strict=False)
        ]
        ballot = ballot_create(
            user=users["secretariat"], round=idea_round, title="Prio", options=areas, voter_policy=policy
        )
        return ballot_open(user=users["secretariat"], ballot=ballot)

    return build


def test_closing_a_ballot_says_who_has_not_voted_and_acts_only_when_confirmed(
    client, users, orgs, open_ballot_of
):
    ballot = open_ballot_of()
    ballot_cast(
        user=users["member"], ballot=ballot, organisation=orgs["skane"], dots={ballot.options.first().pk: 2}
    )
    client.force_login(users["secretariat"])
    detail = client.get(ballot.get_absolute_url()).content.decode()
    url = reverse("programme:ballot-close", args=[ballot.pk])
    assert f'href="{url}"' in detail  # a link to the confirmation page, not a one-click form
    page = client.get(url).content.decode()
    assert "1 röst har lagts." in page
    assert "2 organisationer har inte röstat: Region Kronoberg, Region Örebro län." in page
    assert "Ja, stäng omröstningen" in page
    client.post(url)  # without the confirmation page's field: asks again
    ballot.refresh_from_db()
    assert ballot.state == BallotState.OPEN
    response = client.post(url, {"confirmed": "1"}, follow=True)
    ballot.refresh_from_db()
    assert ballot.state == BallotState.CLOSED
    assert "Omröstningen är stängd och resultatet publicerat." in response.content.decode()
    # Closed: the page does not ask again, it says why.
    response = client.get(url, follow=True)
    assert "Bara en öppen omröstning kan stängas." in response.content.decode()


def test_closing_a_person_ballot_counts_people(client, users, orgs, open_ballot_of):
    ballot = open_ballot_of(VoterPolicy.PERSON)
    client.force_login(users["secretariat"])
    page = client.get(reverse("programme:ballot-close", args=[ballot.pk])).content.decode()
    assert "0 röster har lagts." in page and "3 personer som får rösta har inte röstat." in page


def test_closing_needs_the_secretariat(client, users, open_ballot_of):
    ballot = open_ballot_of()
    client.force_login(users["member"])
    url = reverse("programme:ballot-close", args=[ballot.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmed": "1"}).status_code == 403
    ballot.refresh_from_db()
    assert ballot.state == BallotState.OPEN


def test_meeting_page_links_to_the_cancel_confirmation(client, users, orgs, programme):
    from reglab.programme.services.activities import activity_create
    from reglab.programme.services.meetings import meeting_create
    from tests.factories import future

    activity = activity_create(
        user=users["secretariat"], programme=programme, title="Nätverk", format="natverk"
    )
    meeting = meeting_create(
        user=users["secretariat"], activity=activity, title="Träff", starts_at=future(), place="Lund"
    )
    client.force_login(users["secretariat"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("programme:meeting-call-off", args=[meeting.pk])
    assert f'href="{url}"' in page and f'action="{url}"' not in page
    page = client.get(url).content.decode()
    assert "Ingen är anmäld, så ingen behöver få ett meddelande." in page
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
