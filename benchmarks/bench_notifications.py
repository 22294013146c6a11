"""Notification cost inside the request: opening a ballot and cancelling a meeting.

    python benchmarks/bench_notifications.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://… python benchmarks/bench_notifications.py

21 member organisations with N members each. Opening a ballot finds everyone who may vote (the rules
decide, per user), writes one notification each and queues one e-mail job each at commit; cancelling a
meeting with R registrations does the same for them. Prints milliseconds and queries per action.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("REGLAB_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["REGLAB_DATA_DIR"] = tempfile.mkdtemp(prefix="reglab-bench-")


def main() -> None:
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from reglab.accounts.models import Membership, Organisation, Role
    from reglab.notifications.models import Notification
    from reglab.programme.models import IdeaRound, Meeting, Programme, Registration, RegistrationStatus
    from reglab.programme.services.activities import activity_create
    from reglab.programme.services.ballots import ballot_create, ballot_open, focus_area_create
    from reglab.programme.services.meetings import meeting_cancel

    call_command("migrate", verbosity=0)
    reverse("core:home")  # import the URL tree once, so the first action is not timed with it
    user_model = get_user_model()
    secretariat_org, _ = Organisation.objects.get_or_create(
        slug="bench-reglab", defaults={"name": "Bench Reglab", "kind": "network", "is_member": False}
    )
    secretariat, _ = user_model.objects.get_or_create(username="bench-sekretariat")
    Membership.objects.get_or_create(user=secretariat, organisation=secretariat_org, role=Role.SECRETARIAT)

    for per_org in (5, 20):
        Notification.objects.all().delete()
        users = []
        for i in range(21):
            org, _ = Organisation.objects.get_or_create(
                slug=f"bench-{i}", defaults={"name": f"Bench region {i}", "kind": "region"}
            )
            for j in range(per_org):
                user, _ = user_model.objects.get_or_create(
                    username=f"bench-{i}-{j}", defaults={"email": f"bench-{i}-{j}@example.se"}
                )
                Membership.objects.get_or_create(user=user, organisation=org, role=Role.MEMBER)
                users.append(user)
        round_ = IdeaRound.objects.create(title=f"Bench {per_org}", programme_year=2030)
        areas = [focus_area_create(user=secretariat, round=round_, title=f"Område {k}") for k in range(3)]
        ballot = ballot_create(user=secretariat, round=round_, title="Bench", options=areas)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            ballot_open(user=secretariat, ballot=ballot)
            opened = time.perf_counter() - start
        told = Notification.objects.filter(kind="ballot_opened").count()
        print(
            f"open a ballot, {len(users):4d} voters: {opened * 1000:7.0f} ms, {len(queries):5d} queries, "
            f"{told} notified"
        )

        programme, _ = Programme.objects.get_or_create(year=2030, defaults={"title": "Bench"})
        activity = activity_create(user=secretariat, programme=programme, title="Bench", format="natverk")
        meeting = Meeting.objects.create(
            activity=activity, title="Bench", starts_at=timezone.now() + dt.timedelta(days=30), place="Växjö"
        )
        Registration.objects.bulk_create(
            Registration(meeting=meeting, user=user, status=RegistrationStatus.REGISTERED) for user in users
        )
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            meeting_cancel(user=secretariat, meeting=meeting)
            cancelled = time.perf_counter() - start
        print(
            f"cancel a meeting, {len(users):4d} registered: {cancelled * 1000:7.0f} ms, "
            f"{len(queries):5d} queries"
        )


if __name__ == "__main__":
    main()
