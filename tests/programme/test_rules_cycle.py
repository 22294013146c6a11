"""Each programme permission per role (anonymous, outsider, viewer, member, lead member, secretariat)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from reglab.programme.models import ActivityFormat
from reglab.programme.services.activities import activity_create
from reglab.programme.services.ballots import ballot_close, ballot_create, ballot_open, focus_area_create
from reglab.programme.services.programmes import programme_create

ROLES = ["anonymous", "outsider", "viewer", "member", "member2", "secretariat"]


@pytest.fixture
def world(users, orgs, idea_round):
    s = users["secretariat"]
    areas = [focus_area_create(user=s, round=idea_round, title=t) for t in ("A", "B")]
    ballot = ballot_create(user=s, round=idea_round, title="B", options=areas)
    programme = programme_create(user=s, year=2027)
    activity = activity_create(
        user=s,
        programme=programme,
        title="Provrum",
        format=ActivityFormat.PROVRUM,
        lead_organisations=[orgs["orebro"]],
        participating_organisations=[orgs["kronoberg"]],
    )
    return {"ballot": ballot, "programme": programme, "activity": activity}


def _user(users, role):
    return AnonymousUser() if role == "anonymous" else users[role]


def _table(users, perm, obj):
    return {role: _user(users, role).has_perm(perm, obj) for role in ROLES}


def test_ballot_permissions_by_role_and_state(users, world):
    ballot = world["ballot"]
    assert _table(users, "programme.manage_ballot", ballot) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": False,
        "member2": False,
        "secretariat": True,
    }
    assert not any(_table(users, "programme.cast_ballot", ballot).values())  # draft: nobody casts
    ballot_open(user=users["secretariat"], ballot=ballot)
    ballot.refresh_from_db()
    # The secretariat runs the ballot; it casts only when the ballot's policy says so (issue 13).
    assert _table(users, "programme.cast_ballot", ballot) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": True,
        "member2": True,
        "secretariat": False,
    }
    ballot.secretariat_votes = True
    assert _table(users, "programme.cast_ballot", ballot)["secretariat"] is True
    ballot.secretariat_votes = False
    assert not any(_table(users, "programme.view_ballot_results", ballot).values())  # hidden while open
    ballot_close(user=users["secretariat"], ballot=ballot)
    ballot.refresh_from_db()
    assert _table(users, "programme.view_ballot_results", ballot) == {
        "anonymous": False,
        "outsider": False,
        "viewer": True,
        "member": True,
        "member2": True,
        "secretariat": True,
    }
    assert not any(_table(users, "programme.cast_ballot", ballot).values())


def test_programme_permissions_by_role(users, world):
    activity, programme = world["activity"], world["programme"]
    assert _table(users, "programme.view_programme", programme) == {
        "anonymous": False,
        "outsider": False,
        "viewer": True,
        "member": True,
        "member2": True,
        "secretariat": True,
    }
    programme.is_published = True
    programme.save()
    assert all(_table(users, "programme.view_programme", activity).values())
    assert _table(users, "programme.manage_programme", None) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": False,
        "member2": False,
        "secretariat": True,
    }
    # member2 (Örebro) leads the activity; member (Skåne) does not.
    assert _table(users, "programme.change_activity", activity) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": False,
        "member2": True,
        "secretariat": True,
    }
    assert _table(users, "programme.register_meeting", None) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": True,
        "member2": True,
        "secretariat": True,
    }
    assert _table(users, "programme.add_followup", activity) == {
        "anonymous": False,
        "outsider": False,
        "viewer": False,
        "member": False,
        "member2": True,
        "secretariat": True,
    }
    assert _table(users, "programme.view_changelog", None)["secretariat"] is True
    assert _table(users, "programme.view_changelog", None)["member"] is False
