"""A goal's progress is read from the stored data: a newer data version changes it with no edit to the plan
(issue 14, must-show); the indicator is chosen from the catalogue; values are rounded with their unit."""

from __future__ import annotations

import pytest

from reglab.accounts.models import Role
from reglab.accounts.services import user_create
from reglab.plans.models import ActionPlan, Goal
from reglab.plans.selectors import goal_progress_now, plan_with_progress, value_text
from reglab.readers.table import StatTable
from reglab.statistics.services import dataset_ingest

pytestmark = pytest.mark.django_db


def _import(values: dict[str, float]):
    """A version of the emissions table for Kronoberg (07), through the statistics service."""
    table = StatTable.from_records(
        table_id="UTSLAPPTEST",
        title="Utsläpp av växthusgaser",
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time")],
        rows=[(("07", year), value, None) for year, value in values.items()],
        unit="kton",
    )
    return dataset_ingest(source_kind="file", table=table, origin="test").version


def test_progress_changes_when_a_newer_data_version_arrives(kronoberg):
    first = _import({"2018": 100.0, "2020": 92.0})
    plan = ActionPlan.objects.create(organisation=kronoberg, title="Klimat", start_year=2018, end_year=2026)
    goal = Goal.objects.create(
        plan=plan,
        title="Minska utsläppen",
        indicator=f"stat:{first.dataset_id}:UTSLAPPTEST",
        unit="kton",
        direction="decrease",
        baseline_year=2018,
        baseline_value=100.0,
        target_year=2026,
        target_value=60.0,
    )
    before, points, problem = goal_progress_now(goal)
    assert problem == ""
    # 2020: a quarter of the time has passed, 8 of 40 kton (20 %) are gone: not on track.
    assert (before.status, before.latest_year, before.latest_value) == ("off_track", 2020, 92.0)
    assert [p.year for p in points] == [2018, 2020] and all("version 1" in p.source for p in points)
    edited_at = Goal.objects.get(pk=goal.pk).plan.updated_at

    second = _import({"2018": 100.0, "2020": 92.0, "2022": 70.0})
    assert second.number == 2 and second.dataset_id == first.dataset_id
    goal = Goal.objects.get(pk=goal.pk)  # the same row, untouched
    after, points, _problem = goal_progress_now(goal)
    # 2022: half the time, 30 of 40 kton gone (75 %): on track, and the last data year moved.
    assert (after.status, after.latest_year, after.latest_value) == ("on_track", 2022, 70.0)
    assert all("version 2" in p.source for p in points)
    assert goal.plan.updated_at == edited_at


def test_plan_page_shows_status_once_and_rounded_values(client, kronoberg):
    version = _import({"2018": 64.61804171180044, "2020": 60.0})
    plan = ActionPlan.objects.create(organisation=kronoberg, title="Klimat", start_year=2018, end_year=2026)
    Goal.objects.create(
        plan=plan,
        title="Minska utsläppen",
        indicator=f"stat:{version.dataset_id}:UTSLAPPTEST",
        unit="kton",
        baseline_year=2018,
        baseline_value=64.61804171180044,
        target_year=2026,
        target_value=40.0,
    )
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "64,61804171180044" not in html and "64.61804171180044" not in html
    assert "64,6 kton" in html
    row = plan_with_progress(plan)[0]
    assert row["status_label"] in html
    assert "i fas i fas" not in html and html.count(row["status_label"]) == 1


def test_goal_without_data_says_no_data(kronoberg):
    plan = ActionPlan.objects.create(organisation=kronoberg, title="Klimat", start_year=2018, end_year=2026)
    goal = Goal.objects.create(plan=plan, title="Utan indikator")
    progress, points, _problem = goal_progress_now(goal)
    assert progress.status == "no_data" and points == []


def test_value_text_rounds_by_size():
    assert value_text(64.61804171180044, "%") == "64,6 %"
    assert value_text(0.123456) == "0,12"
    assert value_text(12345.678, "kr") == "12\xa0346 kr"
    assert value_text(None) == "–"


def test_goal_form_offers_the_catalogue_and_refuses_free_text(client, kronoberg):
    version = _import({"2018": 100.0})
    plan = ActionPlan.objects.create(organisation=kronoberg, title="Klimat", start_year=2018, end_year=2026)
    user_create(username="m", password="x-Pass-123", organisation=kronoberg, role=Role.MEMBER)
    client.login(username="m", password="x-Pass-123")
    url = f"/handlingsplaner/{plan.pk}/mal/ny/"
    key = f"stat:{version.dataset_id}:UTSLAPPTEST"
    assert f'value="{key}"' in client.get(url).content.decode()
    refused = client.post(url, {"title": "Fritext", "indicator": "N00401", "direction": "decrease"})
    assert refused.status_code == 200 and not Goal.objects.exists()
    client.post(url, {"title": "Ur katalogen", "indicator": key, "direction": "decrease"})
    goal = Goal.objects.get()
    assert goal.indicator == key and goal.indicator_label == "Utsläpp av växthusgaser" and goal.unit == "kton"


def test_a_migrated_goal_gets_its_indicator_from_the_catalogue(client, kronoberg):
    version = _import({"2018": 100.0})
    plan = ActionPlan.objects.create(organisation=kronoberg, title="Klimat", start_year=2018, end_year=2026)
    goal = Goal.objects.create(plan=plan, title="Minska utsläppen", indicator_note="utsläpp enligt RUS")
    url = f"/handlingsplaner/mal/{goal.pk}/andra/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    user_create(username="k", password="x-Pass-123", organisation=kronoberg, role=Role.MEMBER)
    client.login(username="k", password="x-Pass-123")
    assert "utsläpp enligt RUS" in client.get(url).content.decode()
    key = f"stat:{version.dataset_id}:UTSLAPPTEST"
    response = client.post(
        url,
        {
            "title": "Minska utsläppen",
            "indicator": key,
            "indicator_note": "utsläpp enligt RUS",
            "direction": "decrease",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.indicator == key and goal.indicator_note == "utsläpp enligt RUS"
