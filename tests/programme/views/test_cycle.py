from __future__ import annotations

import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from reglab.programme.models import ActivityFormat, ActivityStatus, Meeting, Registration
from reglab.programme.services.activities import activity_create, activity_transition
from reglab.programme.services.ballots import (
    ballot_cast,
    ballot_close,
    ballot_create,
    ballot_open,
    focus_area_create,
)
from reglab.programme.services.followup import lesson_add
from reglab.programme.services.meetings import meeting_create
from tests.factories import future


@pytest.fixture
def areas(users, idea_round, proposals):
    s = users["secretariat"]
    return [
        focus_area_create(user=s, round=idea_round, title="Kompetens", proposals=[proposals[0]]),
        focus_area_create(user=s, round=idea_round, title="Smart specialisering", proposals=[proposals[1]]),
        focus_area_create(user=s, round=idea_round, title="Besöksnäring", proposals=[proposals[2]]),
    ]


@pytest.fixture
def open_ballot(users, idea_round, areas):
    ballot = ballot_create(
        user=users["secretariat"], round=idea_round, title="Prioritering", options=areas, dots_per_voter=5
    )
    return ballot_open(user=users["secretariat"], ballot=ballot)


def test_provrum_view_refuses_running_with_one_region_and_says_why(client, users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Provrum vätgas",
        format=ActivityFormat.PROVRUM,
        lead_organisations=[orgs["skane"]],
        participating_organisations=[orgs["orebro"]],
    )
    activity_transition(user=users["secretariat"], activity=activity, to_status=ActivityStatus.PLANNED)
    client.force_login(users["secretariat"])
    url = reverse("programme:activity-transition", args=[activity.pk])
    response = client.post(url, {"status": "running"}, follow=True)
    html = response.content.decode()
    assert (
        "Ett provrum kan inte starta förrän minst 2 regioner deltar; nu deltar 1 (Region Örebro län)." in html
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert 'data-testid="activity-status">Planerad<' in html


def test_activity_status_needs_permission(client, users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Nätverk",
        format="natverk",
        lead_organisations=[orgs["orebro"]],
    )
    url = reverse("programme:activity-transition", args=[activity.pk])
    assert client.post(url, {"status": "planned"}).status_code == 302  # anonymous → login
    client.force_login(users["member"])  # Skåne does not lead it
    assert client.post(url, {"status": "planned"}).status_code == 403
    client.force_login(users["member2"])  # Örebro leads it
    client.post(url, {"status": "planned"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_results_hidden_until_close_then_shown_side_by_side(client, users, orgs, open_ballot, areas):
    ballot_cast(
        user=users["member"],
        ballot=open_ballot,
        organisation=orgs["skane"],
        dots={areas[1].pk: 4, areas[0].pk: 1},
    )
    client.force_login(users["member"])
    results = reverse("programme:ballot-results", args=[open_ballot.pk])
    response = client.get(results)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Resultatet visas när omröstningen har stängts." in html
    assert "Smart specialisering" not in html
    detail = client.get(open_ballot.get_absolute_url()).content.decode()
    assert "Resultatet är dolt" in detail and "Visa resultatet" not in detail

    ballot_close(user=users["secretariat"], ballot=open_ballot)
    html = client.get(results).content.decode()
    assert 'data-testid="winner-dots">Smart specialisering<' in html
    assert "Region Skåne" in html  # per-organisation breakdown
    assert "Borda-poäng" in html and "Schulze" in html
    assert "Skapa aktivitet" not in html  # members do not plan
    client.force_login(users["secretariat"])
    html = client.get(results).content.decode()
    assert f"?focus_area={areas[1].pk}" in html


def test_cast_dots_through_the_page(client, users, open_ballot, areas):
    client.force_login(users["member"])
    url = reverse("programme:ballot-cast", args=[open_ballot.pk])
    data = {
        "organisation": users["member"].memberships.get().organisation_id,
        f"dots_{areas[0].pk}": 3,
        f"dots_{areas[2].pk}": 3,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "bara 5" in response.content.decode()
    data[f"dots_{areas[2].pk}"] = 2
    response = client.post(url, data, follow=True)
    assert "Rösten för Region Skåne är registrerad" in response.content.decode()
    assert open_ballot.casts.get().votes.count() == 2


def test_viewer_and_secretariat_cannot_cast(client, users, open_ballot, areas):
    url = reverse("programme:ballot-cast", args=[open_ballot.pk])
    client.force_login(users["viewer"])
    assert client.post(url, {f"dots_{areas[0].pk}": 1}).status_code == 403
    client.force_login(users["secretariat"])  # the secretariat's org is not a member organisation
    html = client.get(open_ballot.get_absolute_url()).content.decode()
    assert "Lägg röst" not in html and "Stäng omröstningen" in html


def test_meeting_registration_and_ical_feeds(client, users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="ERFA analys",
        format="erfa",
        participating_organisations=[orgs["skane"]],
    )
    meeting = meeting_create(
        user=users["secretariat"],
        activity=activity,
        title="Första träffen",
        starts_at=future(),
        place="Jönköping",
        capacity=1,
    )
    client.force_login(users["member"])
    client.post(reverse("programme:meeting-register", args=[meeting.pk]))
    client.force_login(users["member2"])
    response = client.post(reverse("programme:meeting-register", args=[meeting.pk]), follow=True)
    assert "Du står på väntelistan" in response.content.decode()
    assert Registration.objects.get(user=users["member"]).status == "registered"

    for url in (
        reverse("programme:activity-ical", args=[activity.pk]),
        reverse("programme:programme-ical", args=[2027]),
        reverse("programme:organisation-ical", args=["region-skane"]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        events = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("meeting-")]
        assert [str(e["summary"]) for e in events] == ["ERFA analys: Första träffen"]
        assert str(events[0]["url"]) == f"http://testserver/program/moten/{meeting.pk}/"
        assert str(events[0]["location"]) == "Jönköping"


def test_unpublished_programme_is_for_logged_in_roles_only_published_is_public(client, users, programme):
    url = reverse("programme:programme-ical", args=[2027])
    assert client.get(url).status_code == 302
    client.force_login(users["outsider"])  # logged in without any role
    assert client.get(url).status_code == 403
    client.logout()
    programme.is_published = True
    programme.save()
    assert client.get(url).status_code == 200
    assert client.get(programme.get_absolute_url()).status_code == 200


def test_report_page_and_xlsx(client, users, orgs, programme, areas):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Lärprojekt kompetens",
        format="larprojekt",
        focus_area=areas[0],
        lead_organisations=[orgs["skane"]],
    )
    lesson_add(user=users["member"], activity=activity, text="Gemensamma definitioner först.")
    client.force_login(users["viewer"])
    html = client.get(reverse("programme:programme-report", args=[2027])).content.decode()
    assert "Lärprojekt kompetens" in html and "Gemensamma definitioner först." in html
    assert "Kompetensförsörjning i glesbygd (Region Skåne)" in html  # the source proposal and its region
    response = client.get(reverse("programme:programme-report-xlsx", args=[2027]))
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb["Aktiviteter"].iter_rows(values_only=True))
    assert rows[0][0] == "Aktivitet" and rows[1][0] == "Lärprojekt kompetens"
    assert rows[1][4] == "Region Skåne"
    assert list(wb["Lärdomar"].iter_rows(values_only=True))[1] == (
        "Lärprojekt kompetens",
        "Gemensamma definitioner först.",
    )


def test_followup_page_member_adds_lesson_and_evaluation(client, users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Seminarium",
        format="seminarium",
        participating_organisations=[orgs["skane"]],
    )
    url = reverse("programme:activity-followup", args=[activity.pk])
    client.force_login(users["member"])
    client.post(url, {"kind": "lesson", "lesson-text": "Bjud in kommunerna tidigt."})
    client.post(url, {"kind": "evaluation", "evaluation-rating": "4", "evaluation-useful": "Exemplen"})
    html = client.get(url).content.decode()
    assert "Bjud in kommunerna tidigt." in html and "Medelbetyg 4,0 av 5" in html  # Swedish decimal comma
    client.force_login(users["viewer"])
    assert client.post(url, {"kind": "lesson", "lesson-text": "x"}).status_code == 403


def test_only_an_organisation_that_took_part_evaluates(client, users, orgs, programme):
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title="Studieresa",
        format="studieresa",
        lead_organisations=[orgs["kronoberg"]],
        participating_organisations=[orgs["orebro"]],
    )
    url = reverse("programme:activity-followup", args=[activity.pk])
    evaluation = {"kind": "evaluation", "evaluation-rating": "5"}
    client.force_login(users["member"])  # Region Skåne took no part
    assert "evaluation-rating" not in client.get(url).content.decode()
    assert client.post(url, evaluation).status_code == 403
    assert not activity.evaluations.exists()
    client.force_login(users["member2"])  # Region Örebro län participated
    assert client.post(url, evaluation).status_code == 302
    assert activity.evaluations.get().organisation == orgs["orebro"]
    client.force_login(users["member3"])  # Region Kronoberg led it
    assert client.post(url, evaluation).status_code == 302
    assert activity.evaluations.get(user=users["member3"]).organisation == orgs["kronoberg"]


def test_secretariat_creates_activity_from_focus_area_and_plans_meeting(
    client, users, programme, areas, proposals
):
    client.force_login(users["secretariat"])
    create = reverse("programme:activity-create") + f"?focus_area={areas[0].pk}"
    form_html = client.get(create).content.decode()
    assert 'value="Kompetens"' in form_html
    response = client.post(
        create,
        {"programme": programme.pk, "focus_area": areas[0].pk, "title": "Kompetens", "format": "larprojekt"},
    )
    activity = programme.activities.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert list(activity.source_proposals.all()) == [proposals[0]]
    response = client.post(
        reverse("programme:meeting-create", args=[activity.pk]),
        {"title": "Uppstart", "starts_at": future().strftime("%Y-%m-%dT%H:%M"), "place": "Stockholm"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Uppstart"


def test_changelog_is_for_the_secretariat(client, users, programme):
    client.force_login(users["member"])
    assert client.get(reverse("programme:changelog")).status_code == 403
    client.force_login(users["secretariat"])
    # The entry reads as a sentence, not as its action code "programme_create".
    page = client.get(reverse("programme:changelog")).content.decode()
    assert "Program skapat" in page and "programme_create" not in page


def test_results_page_explains_ties(client, users, orgs, idea_round, areas):
    ballot = ballot_create(
        user=users["secretariat"],
        round=idea_round,
        title="Rangordning",
        options=areas,
        use_dots=False,
        use_ranking=True,
    )
    ballot_open(user=users["secretariat"], ballot=ballot)
    a, b, c = (x.pk for x in areas)
    # A Condorcet cycle: every option ties under Schulze and under Borda.
    for user, org, ranking in (
        (users["member"], orgs["skane"], [a, b, c]),
        (users["member2"], orgs["orebro"], [b, c, a]),
        (users["member3"], orgs["kronoberg"], [c, a, b]),
    ):
        ballot_cast(user=user, ballot=ballot, organisation=org, ranking=ranking)
    ballot_close(user=users["secretariat"], ballot=ballot)
    client.force_login(users["viewer"])
    html = client.get(reverse("programme:ballot-results", args=[ballot.pk])).content.decode()
    assert "Borda: Kompetens, Smart specialisering, Besöksnäring delar plats 1 med 3 var." in html
    assert (
        "Schulze: Kompetens, Smart specialisering, Besöksnäring delar plats 1 eftersom inget av dem slår"
        in html
    )
    assert (
        "starkaste vägen Kompetens→Smart specialisering är 2, lika stark som Smart specialisering→Kompetens"
        in html
    )


def test_report_xlsx_writes_formula_like_names_as_text(client, users, orgs, programme):
    """Issue 9: an activity, lesson or organisation named like a formula stays text in the XLSX."""
    formula = '=HYPERLINK("http://x")'
    orgs["skane"].name = "+Region Skåne"
    orgs["skane"].save()
    activity = activity_create(
        user=users["secretariat"],
        programme=programme,
        title=formula,
        format="larprojekt",
        lead_organisations=[orgs["skane"]],
    )
    lesson_add(user=users["member"], activity=activity, text="@SUM(1+1)")
    client.force_login(users["viewer"])
    response = client.get(reverse("programme:programme-report-xlsx", args=[2027]))
    wb = load_workbook(io.BytesIO(response.content))
    title = wb["Aktiviteter"]["A2"]
    assert title.value == formula and title.data_type == "s"
    assert wb["Aktiviteter"]["E2"].value == "+Region Skåne" and wb["Aktiviteter"]["E2"].data_type == "s"
    lesson = wb["Lärdomar"]["B2"]
    assert lesson.value == "@SUM(1+1)" and lesson.data_type == "s"
    org = wb["Deltagande"]["A2"]
    assert org.value == "+Region Skåne" and org.data_type == "s"
    assert all(cell.data_type != "f" for sheet in wb.worksheets for row in sheet.iter_rows() for cell in row)
