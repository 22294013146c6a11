"""Notification fixtures: the programme's small network (tests/programme/conftest.py) with e-mail
addresses, and a meeting of a published programme that members can register for."""

from __future__ import annotations

import pytest

from reglab.programme.services.activities import activity_create
from reglab.programme.services.meetings import meeting_create
from tests.factories import future
from tests.programme.conftest import idea_round, orgs, programme, proposals, users  # noqa: F401


@pytest.fixture
def people(users):  # noqa: F811
    """The network's users, each with an e-mail address (username@example.se)."""
    for user in users.values():
        user.email = f"{user.username}@example.se"
        user.save(update_fields=["email"])
    return users


@pytest.fixture
def activity(people, orgs, programme):  # noqa: F811
    programme.is_published = True
    programme.save(update_fields=["is_published"])
    return activity_create(
        user=people["secretariat"],
        programme=programme,
        title="Nätverk för analytiker",
        format="natverk",
        lead_organisations=[orgs["orebro"]],
    )


@pytest.fixture
def meeting(people, activity):
    return meeting_create(
        user=people["secretariat"],
        activity=activity,
        title="Vårträff",
        starts_at=future(days=40),
        place="Växjö",
        capacity=2,
    )
