"""The server side of the crowd tests, run as a subprocess with the test server's environment.

    python tests/concurrency/scenario.py seed
        migrate a fresh database and create the crowd's world; prints it as JSON
    python tests/concurrency/scenario.py count MEETING BALLOT PROPOSAL
        what is stored now (registrations for MEETING, casts, the proposal), as JSON
    python tests/concurrency/scenario.py hold USERNAME SECONDS
        hold a write transaction (and the user's row) for SECONDS; prints "locked" once it holds it

It works on the server's own database (a file SQLite or a separate PostgreSQL database), never on
pytest-django's test database, so it runs outside pytest. Objects are made with the ORM: the thing
under test is the HTTP write paths, which go through the services.
"""

from __future__ import annotations

import json
import os
import sys
import time

CROWD = 20
CAPACITY = 5
PASSWORD = "konc-Lösenord-2026"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    import django

    django.setup()


def seed() -> dict:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
    from reglab.programme.models import (
        Activity,
        ActivityFormat,
        Ballot,
        BallotState,
        FocusArea,
        IdeaRound,
        Meeting,
        Programme,
        Proposal,
        RoundPhase,
        VoterPolicy,
    )

    call_command("migrate", interactive=False, verbosity=0)
    User = get_user_model()
    hashed = make_password(PASSWORD)  # hashed once: twenty slow hashes would only slow the set-up
    # One member organisation per person: a ballot counts one cast per organisation.
    orgs = [
        Organisation.objects.create(
            name=f"Konkurrensregion {i:02d}", slug=f"konc-{i:02d}", kind=OrganisationKind.REGION
        )
        for i in range(CROWD)
    ]
    members = []
    for i, org in enumerate(orgs):
        user = User.objects.create(username=f"konc-{i:02d}", password=hashed)
        Membership.objects.create(user=user, organisation=org, role=Role.MEMBER)
        members.append({"username": user.username, "organisation": org.pk})
    late = User.objects.create(username="konc-sen", password=hashed)
    Membership.objects.create(user=late, organisation=orgs[0], role=Role.MEMBER)

    round_ = IdeaRound.objects.create(title="Trängselrunda", programme_year=2027, phase=RoundPhase.COLLECTING)
    # Every organisation stands behind the proposal, so every member may edit it.
    proposal = Proposal.objects.create(
        round=round_, title="Gemensamt förslag", description="Ursprunglig text"
    )
    proposal.organisations.set(orgs)
    areas = [
        FocusArea.objects.create(round=round_, title=title, position=n)
        for n, title in enumerate(["Kompetensförsörjning", "Digitalisering"], start=1)
    ]
    ballot = Ballot.objects.create(
        round=round_,
        title="Prioritering i trängsel",
        dots_per_voter=8,
        voter_policy=VoterPolicy.ORGANISATION,
        state=BallotState.OPEN,
        opened_at=timezone.now(),
    )
    ballot.options.set(areas)
    programme = Programme.objects.create(year=2027, title="Program 2027", round=round_, is_published=True)
    activity = Activity.objects.create(
        programme=programme, title="Workshop efter presentationen", format=ActivityFormat.WORKSHOP
    )
    meeting = Meeting.objects.create(
        activity=activity,
        title="Workshop med 20 deltagare",
        starts_at=timezone.now() + dt.timedelta(days=30),
        capacity=CAPACITY,
    )
    # A second meeting for the cancellation crowd, so that test does not depend on the first.
    second = Meeting.objects.create(
        activity=activity,
        title="Uppföljande workshop",
        starts_at=timezone.now() + dt.timedelta(days=60),
        capacity=CAPACITY,
    )
    return {
        "password": PASSWORD,
        "members": members,
        "late": late.username,
        "login_url": reverse("accounts:login"),
        "meeting": meeting.pk,
        "capacity": CAPACITY,
        "register_url": reverse("programme:meeting-register", args=[meeting.pk]),
        "second_meeting": second.pk,
        "second_register_url": reverse("programme:meeting-register", args=[second.pk]),
        "second_cancel_url": reverse("programme:meeting-cancel", args=[second.pk]),
        "ballot": ballot.pk,
        "cast_url": reverse("programme:ballot-cast", args=[ballot.pk]),
        "options": [area.pk for area in areas],
        "proposal": proposal.pk,
        "edit_url": reverse("programme:proposal-edit", args=[proposal.pk]),
        "loaded_version": proposal.updated_at.isoformat(),
    }


def count(meeting: int, ballot: int, proposal: int) -> dict:
    from reglab.programme.models import BallotCast, Proposal, Registration, RegistrationStatus, Vote

    registrations = Registration.objects.filter(meeting_id=meeting)
    stored = Proposal.objects.get(pk=proposal)
    return {
        "status_of": dict(registrations.values_list("user__username", "status")),
        "registered": registrations.filter(status=RegistrationStatus.REGISTERED).count(),
        "waiting": registrations.filter(status=RegistrationStatus.WAITING).count(),
        "registered_users": registrations.values("user").distinct().count(),
        "casts": BallotCast.objects.filter(ballot_id=ballot).count(),
        "cast_organisations": BallotCast.objects.filter(ballot_id=ballot)
        .values("organisation")
        .distinct()
        .count(),
        "votes": Vote.objects.filter(cast__ballot_id=ballot).count(),
        "proposal_title": stored.title,
        "proposal_revisions": stored.revisions.count(),
    }


def hold(username: str, seconds: float) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    User = get_user_model()
    # Like a long import: one write transaction that keeps SQLite's write lock (and on PostgreSQL the
    # user's row, which a login updates) until it commits.
    with transaction.atomic():
        User.objects.select_for_update().get(username=username)
        User.objects.filter(username=username).update(first_name="Upptagen")
        print("locked", flush=True)
        time.sleep(seconds)
    print("committed", flush=True)


def main(argv: list[str]) -> int:
    _setup()
    command, args = argv[0], argv[1:]
    if command == "seed":
        print(json.dumps(seed()))
    elif command == "count":
        print(json.dumps(count(*(int(a) for a in args))))
    elif command == "hold":
        hold(args[0], float(args[1]))
    else:
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
