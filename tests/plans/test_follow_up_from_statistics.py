"""Goals followed up against the statistics store and BRP+ (where the two pillars meet)."""

import pytest

from reglab.plans.models import ActionPlan, FollowUp, Goal
from reglab.plans.services import FollowUpSourceError, follow_up_from_statistics, follow_up_record
from reglab.readers.table import StatTable
from reglab.statistics.services import dataset_ingest

pytestmark = pytest.mark.django_db


def _goal(org, indicator):
    plan = ActionPlan.objects.create(organisation=org, title="Klimat", start_year=2018, end_year=2024)
    return Goal.objects.create(plan=plan, title="Minska utsläppen", indicator=indicator)


def test_values_come_from_the_current_dataset_version(kronoberg):
    rows = [(("07", "2019"), 120.0, None), (("07", "2020"), 110.0, None), (("0780", "2020"), 55.0, None)]
    table = StatTable.from_records(
        table_id="UTSLAPP",
        title="Utsläpp",
        dimension_specs=[("region", "region", "region"), ("tid", "år", "time")],
        rows=rows,
        unit="kton",
    )
    dataset_ingest(source_kind="file", table=table, origin="test")
    goal = _goal(kronoberg, "UTSLAPP")
    follow_up_record(goal=goal, year=2016, value=140.0, source="för hand")
    assert follow_up_from_statistics(goal=goal) == 2
    values = dict(FollowUp.objects.filter(goal=goal).values_list("year", "value"))
    assert values == {2016: 140.0, 2019: 120.0, 2020: 110.0}  # the kommun's value is not the län's
    assert "v1" in FollowUp.objects.get(goal=goal, year=2020).source


def test_missing_data_is_a_clear_error_and_records_nothing(kronoberg):
    goal = _goal(kronoberg, "N00401")
    with pytest.raises(FollowUpSourceError, match="reglab data sync"):
        follow_up_from_statistics(goal=goal)
    assert not FollowUp.objects.exists()


def test_brp_theme_from_the_official_results(kronoberg, shared_data):
    from reglab.indicators.services import brp_official_import

    brp_official_import(directory=shared_data / "brp-plus-2025")
    goal = _goal(kronoberg, "BRP+:Miljö")
    assert follow_up_from_statistics(goal=goal) == 1
    follow_up = FollowUp.objects.get(goal=goal)
    assert follow_up.year == 2025 and 0 <= follow_up.value <= 100
    with open(shared_data / "brp-plus-2025" / "4.kolada_temaindex_region2025.csv", encoding="utf-8") as fh:
        published = next(line for line in fh if line.startswith("07 Kronobergs län;Hållbarhet;Totalt;Miljö;"))
    assert follow_up.value == pytest.approx(float(published.rsplit(";", 1)[1].replace(",", ".")))


def test_fetch_button_needs_the_right_to_change_the_plan(client, kronoberg):
    from reglab.accounts.models import Role
    from reglab.accounts.services import user_create

    goal = _goal(kronoberg, "N00401")
    url = f"/handlingsplaner/mal/{goal.pk}/uppfoljning/hamta/"
    assert client.post(url).status_code == 302 and "logga-in" in client.post(url)["Location"]
    user_create(username="m", password="x-Pass-123", organisation=kronoberg, role=Role.MEMBER)
    client.login(username="m", password="x-Pass-123")
    response = client.post(url, follow=True)
    assert "reglab data sync" in response.content.decode()  # told what to do, nothing recorded
    assert not FollowUp.objects.exists()
