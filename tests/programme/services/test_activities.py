from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reglab.programme.errors import TransitionError
from reglab.programme.models import ActivityFormat, ActivityStatus, ChangeLog, RegistrationStatus
from reglab.programme.services.activities import (
    activity_create,
    activity_set_organisations,
    activity_transition,
)
from reglab.programme.services.ballots import focus_area_create
from reglab.programme.services.followup import evaluation_submit, lesson_add
from reglab.programme.services.meetings import meeting_create, meeting_register, registration_cancel
from tests.factories import future, user_with_role


@pytest.fixture
def provrum(users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Provrum för cirkulär upphandling",
        format=ActivityFormat.PROVRUM,
        lead_organisations=[orgs["skane"]],
        participating_organisations=[orgs["orebro"]],
    )
    activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.PLANNED)
    return activity


def test_provrum_with_one_participating_region_cannot_start_and_error_says_why(users, provrum):
    with pytest.raises(TransitionError) as excinfo:
        activity_transition(user=users["secretariat"], activity=provrum, to_status=ActivityStatus.RUNNING)
    message = " ".join(excinfo.value.messages)
    assert "minst 2 regioner" in message
    assert "nu deltar 1 (Region Örebro län)" in message
    provrum.refresh_from_db()
    assert provrum.status == ActivityStatus.PLANNED
    assert not ChangeLog.objects.filter(action="activity_transition", changes__status__1="running").exists()


def test_provrum_needs_a_leader_too(users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Provrum utan ledare",
        format=ActivityFormat.PROVRUM,
        participating_organisations=[orgs["orebro"], orgs["kronoberg"]],
    )
    activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.PLANNED)
    with pytest.raises(TransitionError, match="utan en ledande organisation"):
        activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.RUNNING)


def test_agencies_do_not_count_as_regions_but_a_second_region_lets_it_start(users, orgs, provrum):
    activity_set_organisations(
        user=users["secretariat"],
        activity=provrum,
        lead_organisations=[orgs["skane"]],
        participating_organisations=[orgs["orebro"], orgs["tillvaxt"]],
    )
    with pytest.raises(TransitionError):
        activity_transition(user=users["secretariat"], activity=provrum, to_status=ActivityStatus.RUNNING)
    provrum.participating_organisations.add(orgs["kronoberg"])
    activity = activity_transition(
        user=users["secretariat"], activity=provrum, to_status=ActivityStatus.RUNNING
    )
    assert activity.status == ActivityStatus.RUNNING
    assert activity.start_date is not None
    entry = ChangeLog.objects.filter(action="activity_transition", object_id=activity.pk).first()
    assert entry.user == users["secretariat"] and entry.changes == {"status": ["planned", "running"]}


def test_transitions_are_enforced_for_every_format(users, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Nätverk för analytiker",
        format=ActivityFormat.NETWORK,
    )
    with pytest.raises(TransitionError, match="kan inte flyttas till ”Pågår”"):
        activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.RUNNING)
    for status in (ActivityStatus.PLANNED, ActivityStatus.RUNNING, ActivityStatus.FINISHED):
        activity = activity_transition(user=users["secretariat"], activity=activity, to_status=status)
    with pytest.raises(TransitionError, match="tillåtet: ingen"):
        activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.CANCELLED)
    with pytest.raises(TransitionError, match="Okänd status"):
        activity_transition(user=users["secretariat"], activity=activity, to_status="paused")


def test_activity_links_focus_area_proposals_without_copying(users, idea_round, proposals, programme):
    area = focus_area_create(
        user=users["secretariat"], round=idea_round, title="Kompetens", proposals=proposals[:2]
    )
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Lärprojekt kompetens",
        format="larprojekt",
        focus_area=area,
    )
    assert set(activity.source_proposals.all()) == set(proposals[:2])
    assert area in programme.focus_areas.all()
    assert proposals[0].activities.get() == activity  # the original proposal is the same row


def test_waiting_list_and_promotion_when_someone_cancels(users, orgs, programme):
    activity = activity_create(user=users["secretariat"], programme=programme, title="ERFA", format="erfa")
    meeting = meeting_create(
        user=users["secretariat"],
        activity=activity,
        title="ERFA-träff 1",
        starts_at=future(),
        place="Örebro",
        capacity=2,
    )
    first = meeting_register(user=users["member"], meeting=meeting, organisation=orgs["skane"])
    second = meeting_register(user=users["member2"], meeting=meeting, organisation=orgs["orebro"])
    third = meeting_register(user=users["member3"], meeting=meeting, organisation=orgs["kronoberg"])
    late = user_with_role("sen", orgs["skane"])
    fourth = meeting_register(user=late, meeting=meeting)
    assert [r.status for r in (first, second, third, fourth)] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
    ]
    assert meeting_register(user=users["member"], meeting=meeting).pk == first.pk  # idempotent

    promoted = registration_cancel(user=users["member"], registration=first)
    assert promoted.pk == third.pk and promoted.status == RegistrationStatus.REGISTERED
    assert promoted.promoted_at is not None
    # A waiting-list cancellation frees no seat: nobody is promoted.
    assert registration_cancel(user=late, registration=fourth) is None
    assert meeting.registrations.filter(status="registered").count() == 2
    assert ChangeLog.objects.filter(action="registration_promote", object_id=meeting.pk).count() == 1


def test_meeting_rules(users, programme):
    activity = activity_create(
        user=users["secretariat"], programme=programme, title="Seminarium", format="seminarium"
    )
    with pytest.raises(ValidationError, match="sluta efter"):
        meeting_create(
            user=users["secretariat"],
            activity=activity,
            title="X",
            starts_at=future(),
            ends_at=future(days=29),
        )
    past = meeting_create(
        user=users["secretariat"], activity=activity, title="Förr", starts_at=future(days=-3)
    )
    with pytest.raises(ValidationError, match="redan varit"):
        meeting_register(user=users["member"], meeting=past)


def test_followup_lessons_and_evaluations(users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"], programme=programme, title="Studieresa", format="studieresa"
    )
    lesson_add(
        user=users["member"],
        activity=activity,
        text="Börja med gemensamma definitioner.",
        organisation=orgs["skane"],
    )
    evaluation_submit(user=users["member"], activity=activity, rating=4, useful="Kollegorna")
    evaluation_submit(user=users["member"], activity=activity, rating=5)  # updates, one per participant
    assert activity.evaluations.get().rating == 5
    with pytest.raises(ValidationError, match="mellan 1 och 5"):
        evaluation_submit(user=users["member2"], activity=activity, rating=9)
    assert ChangeLog.objects.filter(action="evaluation_update").count() == 1
