from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.reference.region_codes import kolada_to_scb
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced_brp_kpis(geography):
    """Synthetic BRP+ KPI values stored as a Kolada dataset through the statistics service."""
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    kpis = [i["kpi"] for i in load_config_dict()["indicators"]]
    rows = kolada_rows(kpis, load_codekey_dict())
    table = StatTable.from_records(
        table_id="BRPKPI",
        title="BRP+-nyckeltal (test)",
        dimension_specs=[
            ("kpi", "kpi", "measure"),
            ("region", "region", "region"),
            ("år", "år", "time"),
            ("kön", "kön", "sex"),
        ],
        rows=[((k, kolada_to_scb(m), str(y), g), v, None) for k, m, y, g, v in rows],
    )
    return dataset_ingest(source_kind="kolada", table=table, origin="test").version


def test_dynamics_for_a_lan(client, synced_brp_kpis):
    response = client.get(reverse("analysis:region-dynamics", args=["03"]))
    assert response.status_code == 200
    d = response.context["dynamics"]
    assert d.view == "L" and d.unit == "0003"
    assert d.units == 3  # the three counties in the synthetic data
    assert len(d.scenarios) == 6  # 3 sex modes × (latest, lag 5)
    assert d.robustness["rank_min"] <= d.robustness["rank_max"] <= 3
    assert d.tradeoff is not None and set(d.tradeoff) >= {"change_ekonomi", "change_miljo", "tradeoff"}
    html = response.content.decode()
    assert "Ekonomi mot Miljö" in html and "Rang per scenario" in html


def test_dynamics_without_kpis_explains_what_is_needed(client, geography):
    response = client.get(reverse("analysis:region-dynamics", args=["0180"]))
    assert response.status_code == 200
    assert "reglab data sync" in response.content.decode()


def test_dynamics_refuses_groups_and_bad_lag(client, group):
    assert client.get(reverse("analysis:region-dynamics", args=[group.code])).status_code == 400
    assert client.get(reverse("analysis:region-dynamics", args=["0180"]) + "?lag=x").status_code == 400


def test_tradeoffs_from_the_published_files_without_a_sync(client, brp_official):
    """Issue 14: the page computes from what is stored (the published BRP+ files), no sync needed."""
    response = client.get(reverse("analysis:region-dynamics", args=["2080"]))
    assert response.status_code == 200
    t = response.context["tradeoffs"]
    g = t.ekonomi_miljo
    assert g.units == 290 and g.x is not None and g.quadrant is not None
    assert sum(g.quadrant_counts.values()) == 290
    live = t.robustness["Livskvalitet"]
    assert live.units == 290 and live.published_rank is not None
    assert live.rank_min <= live.published_rank <= live.rank_max
    assert {s.key for s in live.scenarios} >= {"published", "equal", "without:T1", "double:T12"}
    html = response.content.decode()
    assert "Ur data som redan finns" in html and "Mer data skulle ge" in html
    assert "reglab data sync" in html  # what more data would add


def test_grp_against_emissions_when_both_are_imported(client, brp_official):
    from tests.analysis.conftest import ingest

    lan = ["01", "03", "04", "05", "20"]
    ingest("BRPINV", [(c, "2022", 400.0 + 50 * i) for i, c in enumerate(lan)], unit="tkr",
           title="Bruttoregionprodukt per invånare")  # fmt: skip
    ingest("UTSLAPP", [(c, "2022", 5.0 + i) for i, c in enumerate(lan)], unit="ton/inv",
           title="Utsläpp av växthusgaser per invånare")  # fmt: skip
    t = client.get(reverse("analysis:region-dynamics", args=["20"])).context["tradeoffs"]
    pair = t.grp_emissions
    assert pair is not None and pair.period == "2022" and pair.result.units == 5
    assert pair.result.correlation == pytest.approx(1.0)  # richer län emit more in this made-up table
    assert pair.result.rank_x == 1 and pair.result.rank_y == 5  # Dalarna: highest GRP, most emissions


def test_dynamics_without_kpis_links_the_statistics_page_and_shows_stored_indices(client, brp_official):
    """Issue 14: the page said only to run a command; now it explains in words, links the statistics page
    where data is updated and shows what is stored (the published sustainability themes vs Riket)."""
    response = client.get(reverse("analysis:region-dynamics", args=["0180"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("statistics:dataset-list") in html
    rows = response.context["sustainability"]
    assert [r["code"] for r in rows] == ["Ekonomi", "Miljö", "Social"]
    assert all(r["T"] is not None and r["riket_T"] is not None for r in rows)
