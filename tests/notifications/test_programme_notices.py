"""Each kind of programme event tells the right people: registration, waiting list, changed meeting,
ballot opened and closing soon (the scheduled job), an answer on a proposal, a cancelled activity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reglab.notifications.models import Kind, Notification
from reglab.operations import tasks
from reglab.operations.schedule import schedule_seed
from reglab.programme.models import ActivityStatus, RegistrationStatus
from reglab.programme.services.ballots import ballot_cast, ballot_create, ballot_open, focus_area_create
from reglab.programme.services.meetings import meeting_create, meeting_register, registration_cancel
from reglab.programme.services.notices import notify_proposal_answered
from tests.factories import future

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _told(kind) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


# The tests that run the worker commit for real (transaction=True): the worker manages its own
# database connection, which a test inside one wrapping transaction must not share (PostgreSQL).


@pytest.mark.django_db(transaction=True)
def test_registration_waiting_list_and_promotion(people, meeting):
    first = meeting_register(user=people["member"], meeting=meeting)
    meeting_register(user=people["member2"], meeting=meeting)
    meeting_register(user=people["member3"], meeting=meeting)  # two seats: waiting list
    call_command("worker", "--once")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "skane@example.se": "Du är anmäld: Vårträff",
        "orebro@example.se": "Du är anmäld: Vårträff",
        "kronoberg@example.se": "Väntelista: Vårträff",
    }
    assert "Plats: Växjö" in mail.outbox[0].body
    mail.outbox.clear()
    promoted = registration_cancel(user=people["member"], registration=first)
    call_command("worker", "--once")
    assert promoted.user == people["member3"]
    [message] = mail.outbox
    assert message.to == ["kronoberg@example.se"] and message.subject == "Du har fått en plats: Vårträff"
    assert _told(Kind.PROMOTED) == ["kronoberg"]


def test_changing_time_or_place_tells_participants_and_more_seats_promote(client, people, meeting):
    for name in ("member", "member2", "member3"):
        meeting_register(user=people[name], meeting=meeting)
    client.force_login(people["member2"])  # Örebro leads the activity
    url = reverse("programme:meeting-edit", args=[meeting.pk])
    form = {"title": "Vårträff", "starts_at": meeting.starts_at.strftime("%Y-%m-%dT%H:%M"), "capacity": "2"}
    # Only the agenda changes: nobody is told.
    assert client.post(url, {**form, "place": "Växjö", "agenda": "1. Välkommen"}).status_code == 302
    assert _told(Kind.MEETING_CHANGED) == []
    # A new place: the registered and the waiting list are told, with the old and the new place.
    client.post(url, {**form, "place": "Kalmar"})
    assert _told(Kind.MEETING_CHANGED) == ["kronoberg", "orebro", "skane"]
    body = Notification.objects.filter(kind=Kind.MEETING_CHANGED).first().body
    assert "Kalmar" in body and "Tidigare:" in body and "Växjö" in body
    # A third seat moves the waiting list up.
    client.post(url, {**form, "place": "Kalmar", "capacity": "3"})
    assert meeting.registrations.get(user=people["member3"]).status == RegistrationStatus.REGISTERED
    assert _told(Kind.PROMOTED) == ["kronoberg"]


def test_meeting_edit_form_keeps_bad_input_out(client, people, meeting):
    client.force_login(people["member2"])
    url = reverse("programme:meeting-edit", args=[meeting.pk])
    response = client.post(
        url,
        {
            "title": "Vårträff",
            "starts_at": meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (meeting.starts_at - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Kalmar",
        },
    )
    assert (
        response.status_code == 200 and "Mötet måste sluta efter att det börjar." in response.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.place == "Växjö"
    client.force_login(people["member"])  # Skåne does not lead the activity
    assert client.get(url).status_code == 403


@pytest.fixture
def ballot(people, idea_round, proposals):
    secretariat = people["secretariat"]
    areas = [
        focus_area_create(user=secretariat, round=idea_round, title=title, proposals=[proposal])
        for title, proposal in zip(("Kompetens", "Innovation"), proposals, strict=False)
    ]
    return ballot_create(
        user=secretariat,
        round=idea_round,
        title="Prioritering 2027",
        options=areas,
        closes_at=timezone.now() + dt.timedelta(hours=20),
    )


@pytest.mark.django_db(transaction=True)
def test_ballot_opened_tells_those_who_may_vote(people, ballot):
    ballot_open(user=people["secretariat"], ballot=ballot)
    # Members of member organisations; not the secretariat (its organisation does not vote), not viewers.
    assert _told(Kind.BALLOT_OPENED) == ["kronoberg", "orebro", "skane"]
    assert mail.outbox == []
    call_command("worker", "--once")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kronoberg@example.se",
        "orebro@example.se",
        "skane@example.se",
    ]
    assert mail.outbox[0].subject == "Omröstningen ”Prioritering 2027” är öppen"
    assert "Den stänger" in mail.outbox[0].body


def test_closing_soon_job_reminds_only_those_who_have_not_voted_once(people, orgs, ballot):
    ballot_open(user=people["secretariat"], ballot=ballot)
    option = ballot.options.first()
    ballot_cast(user=people["member"], ballot=ballot, organisation=orgs["skane"], dots={option.pk: 3})
    schedule_seed()  # the daily job is on the schedule (a migration seeds it; seeding again adds nothing)
    from reglab.operations.models import ScheduledJob

    assert ScheduledJob.objects.get(key="ballot-closing-reminders").task_path == (
        "reglab.operations.tasks.ballot_closing_reminders_job"
    )
    result = tasks.ballot_closing_reminders_job.call()
    assert result == {"ballots": 1, "notified": 2}
    assert _told(Kind.BALLOT_CLOSING) == ["kronoberg", "orebro"]
    body = Notification.objects.filter(kind=Kind.BALLOT_CLOSING).first().body
    assert "din organisation har inte röstat än" in body
    # The next day's run tells nobody again.
    assert tasks.ballot_closing_reminders_job.call() == {"ballots": 1, "notified": 0}


def test_closing_soon_job_waits_until_the_closing_is_near(people, ballot):
    ballot.closes_at = timezone.now() + dt.timedelta(days=5)
    ballot.save(update_fields=["closes_at"])
    ballot_open(user=people["secretariat"], ballot=ballot)
    assert tasks.ballot_closing_reminders_job.call() == {"ballots": 0, "notified": 0}
    assert _told(Kind.BALLOT_CLOSING) == []


def test_answer_on_a_proposal_tells_its_author_and_organisation(people, orgs, proposals):
    proposal = proposals[0]  # Region Skåne's
    proposal.created_by = people["member2"]  # written by a colleague who later moved on
    proposal.save(update_fields=["created_by"])
    assert notify_proposal_answered(proposal, "Förslaget ingår i sakområdet Kompetens.") == 2
    assert _told(Kind.PROPOSAL_ANSWERED) == ["orebro", "skane"]
    note = Notification.objects.filter(kind=Kind.PROPOSAL_ANSWERED).first()
    assert note.subject == f"Svar på förslaget ”{proposal.title}”"
    assert note.body.endswith("Förslaget ingår i sakområdet Kompetens.")
    assert note.url == proposal.get_absolute_url()


def test_an_official_answer_tells_the_proposers_once_committed(
    people, proposals, django_capture_on_commit_callbacks
):
    from reglab.programme.models import ProposalState
    from reglab.programme.services.states import answer_proposal

    proposal = proposals[0]
    with django_capture_on_commit_callbacks(execute=True):
        answer_proposal(
            proposal=proposal,
            user=people["secretariat"],
            state=ProposalState.NOT_TAKEN_FORWARD,
            text="Förslaget går till nästa års idébank.",
        )
        assert not Notification.objects.exists()  # nobody is told before the answer is stored
    [note, *_more] = Notification.objects.filter(kind=Kind.PROPOSAL_ANSWERED)
    assert note.body.endswith("Förslaget går till nästa års idébank.")
    assert note.url == proposal.get_absolute_url()


def test_cancelling_an_activity_cancels_its_coming_meetings_and_tells_participants(
    client, people, activity, meeting
):
    later = meeting_create(
        user=people["secretariat"],
        activity=activity,
        title="Höstträff",
        starts_at=future(days=120),
        place="Lund",
    )
    meeting_register(user=people["member"], meeting=meeting)
    meeting_register(user=people["member3"], meeting=later)
    client.force_login(people["secretariat"])
    url = reverse("programme:activity-transition", args=[activity.pk])
    page = client.get(url, {"status": "cancelled"}).content.decode()
    assert "2 kommande möten ställs in: Vårträff, Höstträff." in page
    assert "2 anmälda deltagare får ett meddelande." in page
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IDEA  # the page only asks
    client.post(url, {"status": "cancelled"})  # the old one-click form: asks again, changes nothing
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IDEA
    client.post(url, {"status": "cancelled", "confirmed": "1"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    assert set(activity.meetings.values_list("is_cancelled", flat=True)) == {True}
    assert _told(Kind.MEETING_CANCELLED) == ["kronoberg", "skane"]


def test_other_status_moves_act_on_one_click(client, people, activity):
    client.force_login(people["secretariat"])
    url = reverse("programme:activity-transition", args=[activity.pk])
    assert client.get(url, {"status": "planned"})["Location"] == activity.get_absolute_url()  # GET never acts
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IDEA
    client.post(url, {"status": "planned"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
