"""End to end in a real browser: vote blind, close, plan an activity and a meeting, register, subscribe.

Playwright drives Debian's chromium (the `page` fixture) against pytest-django's live server.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from reglab.programme.models import Activity, Meeting, Programme, Registration
from reglab.programme.services.ballots import ballot_create, ballot_open, focus_area_create
from tests.e2e.helpers import login as _login
from tests.e2e.helpers import logout as _logout

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vote_close_plan_meet_register_subscribe(page, live_server, users, orgs, idea_round, proposals):
    base = live_server.url
    secretariat = users["secretariat"]
    areas = [
        focus_area_create(
            user=secretariat, round=idea_round, title="Kompetensförsörjning", proposals=[proposals[0]]
        ),
        focus_area_create(
            user=secretariat, round=idea_round, title="Smart specialisering", proposals=[proposals[1]]
        ),
        focus_area_create(user=secretariat, round=idea_round, title="Besöksnäring", proposals=[proposals[2]]),
    ]
    ballot = ballot_open(
        user=secretariat,
        ballot=ballot_create(
            user=secretariat, round=idea_round, title="Prioritering 2027", options=areas, dots_per_voter=5
        ),
    )
    Programme.objects.create(year=idea_round.programme_year, title="Reglabs program 2027", round=idea_round)
    ballot_path = f"/program/prioritering/{ballot.pk}/"
    results_path = f"/program/prioritering/{ballot.pk}/resultat/"

    # 1. A member logs in and casts dots for Region Skåne.
    _login(page, base, "skane", ballot_path)
    page.get_by_label("Prickar för Smart specialisering").fill("4")
    page.get_by_label("Prickar för Besöksnäring").fill("1")
    page.get_by_role("button", name="Lägg röst").click()
    page.get_by_text("Rösten för Region Skåne är registrerad").wait_for()
    # ... and cannot see results before the ballot closes.
    page.goto(f"{base}{results_path}")
    assert page.get_by_test_id("results-hidden").is_visible()
    assert page.get_by_test_id("results-table").count() == 0
    assert "Smart specialisering" not in page.content()
    _logout(page)

    # 2. The secretariat closes the ballot and sees the results.
    _login(page, base, "sekretariat", ballot_path)
    page.get_by_role("link", name="Stäng omröstningen").click()
    # A confirmation page first: who has not voted (Örebro and Kronoberg could still vote).
    consequences = page.get_by_test_id("consequences").inner_text()
    assert "1 röst har lagts." in consequences
    assert "2 organisationer har inte röstat: Region Kronoberg, Region Örebro län." in consequences
    page.get_by_role("button", name="Ja, stäng omröstningen").click()
    page.get_by_text("Omröstningen är stängd").wait_for()
    page.get_by_role("link", name="Visa resultatet").click()
    assert page.get_by_test_id("winner-dots").inner_text() == "Smart specialisering"

    # 3. ... creates an activity from the top focus area (first row of the results).
    page.get_by_test_id("results-table").locator("tbody tr").first.get_by_role(
        "link", name="Skapa aktivitet"
    ).click()
    assert page.get_by_label("Titel").input_value() == "Smart specialisering"
    page.get_by_label("Format").select_option(label="Lärprojekt")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Aktiviteten ”Smart specialisering” skapades.").wait_for()
    activity = Activity.objects.get()
    assert activity.focus_area == areas[1]
    assert list(activity.source_proposals.all()) == [proposals[1]]

    # 4. ... and schedules a meeting.
    page.get_by_role("link", name="Planera möte").click()
    when = (dt.date.today() + dt.timedelta(days=60)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Titel").fill("Uppstartsmöte smart specialisering")
    page.get_by_label("Börjar").fill(when)
    page.get_by_role("textbox", name="Plats:").fill("Örebro slott")
    page.get_by_label("Antal platser (tomt = obegränsat)").fill("20")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Mötet är planerat.").wait_for()
    meeting = Meeting.objects.get()
    meeting_path = f"/program/moten/{meeting.pk}/"
    assert page.url == f"{base}{meeting_path}"
    _logout(page)

    # 5. A member registers for the meeting.
    _login(page, base, "skane", meeting_path)
    page.get_by_role("button", name="Anmäl mig").click()
    page.get_by_test_id("my-registration").wait_for()
    assert page.get_by_test_id("my-registration").inner_text() == "Du är anmäld."
    assert Registration.objects.get(meeting=meeting).user == users["member"]

    # 6. The iCal feed contains the meeting, linking back to its page.
    page.goto(f"{base}/program/aktiviteter/{activity.pk}/")
    feed_url = page.get_by_role("link", name="Kalender (iCal)").get_attribute("href")
    response = page.request.get(f"{base}{feed_url}")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    feed = response.text().replace("\r\n ", "")  # unfold long lines
    assert "SUMMARY:Smart specialisering: Uppstartsmöte smart specialisering" in feed
    assert f"URL:{base}{meeting_path}" in feed
    assert re.search(r"LOCATION:Örebro slott", feed)
