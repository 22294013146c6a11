import pytest

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.services import user_create
from reglab.plans.models import ActionPlan, FollowUp, Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return (
        Organisation.objects.create(
            name="Region Blekinge", slug="region-blekinge", kind=OrganisationKind.REGION
        ),
        Organisation.objects.create(
            name="Region Kronoberg", slug="region-kronoberg", kind=OrganisationKind.REGION
        ),
    )


def _login(client, org, role=Role.MEMBER, name="u"):
    user_create(username=name, password="x-Pass-123", organisation=org, role=role)
    client.login(username=name, password="x-Pass-123")


def test_member_creates_plan_goal_measure_and_follow_up(client, orgs):
    blekinge, _ = orgs
    _login(client, blekinge)
    response = client.post(
        "/handlingsplaner/ny/",
        {
            "organisation": blekinge.pk,
            "title": "Klimat i tillväxtarbetet",
            "start_year": 2018,
            "end_year": 2022,
            "status": "adopted",
        },
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and plan.organisation == blekinge
    # The indicator is chosen from the measure catalogue (issue 14), so the KPI must be stored.
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    table = StatTable.from_records(
        table_id="N00401",
        title="Utsläpp till luft av växthusgaser",
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time")],
        rows=[(("10", "2018"), 100.0, None)],
        unit="ton",
    )
    version = dataset_ingest(source_kind="kolada", table=table, origin="test").version
    client.post(
        f"/handlingsplaner/{plan.pk}/mal/ny/",
        {
            "title": "Minska utsläppen",
            "indicator": f"stat:{version.dataset_id}:N00401",
            "indicator_label": "Utsläpp växthusgaser",
            "direction": "decrease",
            "baseline_year": 2018,
            "baseline_value": 100,
            "target_year": 2022,
            "target_value": 80,
        },
    )
    goal = Goal.objects.get()
    client.post(f"/handlingsplaner/mal/{goal.pk}/atgard/ny/", {"title": "Klimatklivet", "status": "ongoing"})
    client.post(
        f"/handlingsplaner/mal/{goal.pk}/uppfoljning/ny/", {"year": 2020, "value": 92, "source": "Kolada"}
    )
    # recording the same year again corrects the value instead of duplicating it
    client.post(
        f"/handlingsplaner/mal/{goal.pk}/uppfoljning/ny/", {"year": 2020, "value": 91, "source": "Kolada"}
    )
    assert FollowUp.objects.get().value == 91
    page = client.get(f"/handlingsplaner/{plan.pk}/").content.decode()
    assert "Klimatklivet" in page and "45 % av vägen till målet (2020)" in page


def test_member_cannot_plan_for_another_organisation(client, orgs):
    blekinge, kronoberg = orgs
    _login(client, blekinge)
    response = client.post(
        "/handlingsplaner/ny/",
        {
            "organisation": kronoberg.pk,
            "title": "Fel",
            "start_year": 2018,
            "end_year": 2022,
            "status": "draft",
        },
    )
    assert response.status_code == 200 and not ActionPlan.objects.exists()
    plan = ActionPlan.objects.create(
        organisation=kronoberg, title="Kronobergs plan", start_year=2018, end_year=2020
    )
    assert client.get(f"/handlingsplaner/{plan.pk}/andra/").status_code == 403
    assert client.post(f"/handlingsplaner/{plan.pk}/mal/ny/", {"title": "x"}).status_code == 403


def test_plans_are_public_to_read_but_not_to_write(client, orgs):
    plan = ActionPlan.objects.create(organisation=orgs[0], title="Öppen plan", start_year=2018, end_year=2020)
    assert "Öppen plan" in client.get("/handlingsplaner/").content.decode()
    assert client.get(f"/handlingsplaner/{plan.pk}/").status_code == 200
    assert client.get("/handlingsplaner/ny/").status_code == 302


def test_end_year_before_start_year_is_refused(client, orgs):
    _login(client, orgs[0], role=Role.SECRETARIAT)
    response = client.post(
        "/handlingsplaner/ny/",
        {
            "organisation": orgs[0].pk,
            "title": "Bakvänd",
            "start_year": 2022,
            "end_year": 2018,
            "status": "draft",
        },
    )
    assert "Slutåret kan inte ligga före startåret." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_concurrent_plan_edits_keep_the_first_save(client, orgs):
    _login(client, orgs[0])
    plan = ActionPlan.objects.create(organisation=orgs[0], title="Plan", start_year=2018, end_year=2020)
    html = client.get(f"/handlingsplaner/{plan.pk}/andra/").content.decode()
    loaded = html.split('name="loaded_version" value="', 1)[1].split('"', 1)[0]
    data = {
        "organisation": orgs[0].pk,
        "start_year": 2018,
        "end_year": 2020,
        "status": "draft",
        "loaded_version": loaded,
    }
    assert client.post(f"/handlingsplaner/{plan.pk}/andra/", {**data, "title": "Först"}).status_code == 302
    refused = client.post(f"/handlingsplaner/{plan.pk}/andra/", {**data, "title": "Sist"})
    assert "ändrades av någon annan" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Först"
