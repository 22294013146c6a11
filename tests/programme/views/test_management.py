"""Secretariat pages: focus areas, ballot creation and states, meeting attendance/minutes/documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reglab.programme.models import Ballot, ChangeLog, FocusArea, Registration
from reglab.programme.services.activities import activity_create
from reglab.programme.services.meetings import meeting_create, meeting_register
from reglab.programme.services.programmes import programme_create
from tests.factories import future


@pytest.fixture
def meeting(users, orgs):
    programme = programme_create(user=users["secretariat"], year=2027)
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Nätverk",
        format="natverk",
        lead_organisations=[orgs["orebro"]],
    )
    return meeting_create(
        user=users["secretariat"], activity=activity, title="Träff", starts_at=future(), place="Växjö"
    )


def test_secretariat_builds_and_opens_a_ballot_through_pages(client, users, idea_round, proposals):
    client.force_login(users["secretariat"])
    for title, proposal in (("Kompetens", proposals[0]), ("Innovation", proposals[1])):
        response = client.post(
            reverse("programme:focus-area-create"),
            {"round": idea_round.pk, "title": title, "proposals": [proposal.pk]},
        )
        assert response.status_code == 302
    areas = list(FocusArea.objects.all())
    response = client.post(
        reverse("programme:ballot-create"),
        {
            "round": idea_round.pk,
            "title": "Prioritering",
            "options": [a.pk for a in areas],
            "use_dots": "on",
            "dots_per_voter": 8,
            "use_ranking": "on",
            "voter_policy": "organisation",
        },
    )
    ballot = Ballot.objects.get()
    assert response["Location"] == ballot.get_absolute_url()
    client.post(reverse("programme:ballot-open", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.is_open
    # Opening twice is refused with a message, not an error page.
    response = client.post(reverse("programme:ballot-open", args=[ballot.pk]), follow=True)
    assert "Bara en omröstning i utkastläge kan öppnas." in response.content.decode()


def test_member_cannot_reach_secretariat_pages(client, users):
    client.force_login(users["member"])
    for name in (
        "programme:focus-area-create",
        "programme:ballot-create",
        "programme:programme-create",
        "programme:activity-create",
    ):
        assert client.get(reverse(name)).status_code == 403


def test_ranking_through_the_page_rejects_duplicate_places(client, users, orgs, idea_round):
    from reglab.programme.services.ballots import ballot_create, ballot_open, focus_area_create

    s = users["secretariat"]
    areas = [focus_area_create(user=s, round=idea_round, title=t) for t in ("A", "B", "C")]
    ballot = ballot_open(
        user=s,
        ballot=ballot_create(
            user=s, round=idea_round, title="R", options=areas, use_dots=False, use_ranking=True
        ),
    )
    client.force_login(users["member"])
    url = reverse("programme:ballot-cast", args=[ballot.pk])
    data = {"organisation": orgs["skane"].pk, f"rank_{areas[0].pk}": 1, f"rank_{areas[1].pk}": 1}
    response = client.post(url, data)
    assert response.status_code == 400 and "samma placering" in response.content.decode()
    data[f"rank_{areas[1].pk}"] = 2
    client.post(url, data)
    votes = {v.option.title: v.rank for v in ballot.casts.get().votes.select_related("option")}
    assert votes == {"A": 1, "B": 2}


def test_attendance_minutes_and_documents(client, users, orgs, meeting, settings):
    meeting_register(user=users["member"], meeting=meeting, organisation=orgs["skane"])
    meeting_register(user=users["member2"], meeting=meeting, organisation=orgs["orebro"])
    skane = Registration.objects.get(user=users["member"])
    client.force_login(users["member2"])  # Örebro leads the activity: may run its meetings
    client.post(reverse("programme:meeting-attendance", args=[meeting.pk]), {"attended": [skane.pk]})
    assert dict(Registration.objects.values_list("user__username", "attended")) == {
        "skane": True,
        "orebro": False,
    }
    client.post(
        reverse("programme:meeting-minutes", args=[meeting.pk]), {"minutes": "Beslut: nästa träff i maj."}
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Beslut: nästa träff i maj."

    settings.REGLAB_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    response = client.post(
        reverse("programme:meeting-document", args=[meeting.pk]), {"title": "Stor", "file": big}, follow=True
    )
    assert "Filen är för stor" in response.content.decode()
    assert not meeting.documents.exists()
    settings.REGLAB_MAX_UPLOAD_BYTES = 1000
    small = SimpleUploadedFile("agenda.txt", b"Dagordning", content_type="text/plain")
    client.post(
        reverse("programme:meeting-document", args=[meeting.pk]), {"title": "Dagordning", "file": small}
    )
    assert meeting.documents.get().title == "Dagordning"
    assert ChangeLog.objects.filter(
        object_id=meeting.pk, action="meeting_document_add", user=users["member2"]
    ).exists()

    client.force_login(users["member"])  # a participant, not a lead: cannot edit minutes
    assert (
        client.post(reverse("programme:meeting-minutes", args=[meeting.pk]), {"minutes": "x"}).status_code
        == 403
    )


def test_member_cancels_and_page_shows_state(client, users, orgs, meeting):
    client.force_login(users["member"])
    url = meeting.get_absolute_url()
    client.post(reverse("programme:meeting-register", args=[meeting.pk]))
    assert "Du är anmäld." in client.get(url).content.decode()
    client.post(reverse("programme:meeting-cancel", args=[meeting.pk]))
    html = client.get(url).content.decode()
    assert "Anmäl mig" in html and Registration.objects.get().status == "cancelled"


def test_a_full_meeting_says_registering_means_the_waiting_list(client, users, meeting):
    meeting.capacity = 1
    meeting.save(update_fields=["capacity"])
    client.force_login(users["member"])
    client.post(reverse("programme:meeting-register", args=[meeting.pk]))
    client.force_login(users["member2"])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Anmäl mig" in html and "Mötet är fullt: anmäler du dig hamnar du på väntelistan" in html


def test_lead_member_edits_details_and_change_is_logged(client, users, meeting):
    activity = meeting.activity
    client.force_login(users["member2"])
    url = reverse("programme:activity-edit", args=[activity.pk])
    assert 'value="Nätverk"' in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Nätverk för analytiker", "format": "natverk", "budget_sek": "50000", "capacity": "30"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.budget_sek, activity.capacity) == ("Nätverk för analytiker", 50000, 30)
    entry = ChangeLog.objects.get(action="activity_update")
    assert entry.user == users["member2"] and entry.changes["title"] == ["Nätverk", "Nätverk för analytiker"]


def test_board_decision_publishes_programme(client, users, meeting):
    programme = meeting.activity.programme
    client.force_login(users["secretariat"])
    client.post(
        reverse("programme:programme-decide", args=[2027]), {"decided_on": "2026-11-20", "publish": "on"}
    )
    programme.refresh_from_db()
    assert programme.is_published and str(programme.decided_on) == "2026-11-20"
    client.logout()
    assert client.get(reverse("programme:activity-ical", args=[meeting.activity.pk])).status_code == 200


def test_called_off_meeting_stays_in_feed_as_cancelled(client, users, meeting):
    from icalendar import Calendar

    client.force_login(users["secretariat"])
    client.post(reverse("programme:meeting-call-off", args=[meeting.pk]), {"confirmed": "1"})
    response = client.get(reverse("programme:activity-ical", args=[meeting.activity.pk]))
    event = next(
        e for e in Calendar.from_ical(response.content).walk("VEVENT") if str(e["uid"]).startswith("meeting-")
    )
    assert str(event["status"]) == "CANCELLED"
    client.force_login(users["member"])
    response = client.post(reverse("programme:meeting-register", args=[meeting.pk]), follow=True)
    assert "Mötet är inställt." in response.content.decode()
    assert not meeting.registrations.exists()
