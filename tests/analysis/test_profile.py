from __future__ import annotations

import pandas as pd
import pytest
from django.urls import reverse

from reglab.indicators.brp_data import load_codekey

pytestmark = pytest.mark.django_db


def _official(shared_data, name: str) -> pd.DataFrame:
    frame = pd.read_csv(shared_data / "brp-plus-2025" / name, sep=";", decimal=",", dtype={"Region": str})
    return frame


def test_kommun_profile_shows_published_kommunindex(client, brp_official, shared_data):
    response = client.get(reverse("analysis:region", args=["0180"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stockholm" in html
    assert "0 = svagast, 100 = starkast kommun/region i Sverige senaste året" in html
    assert "Källa: Kolada" in html
    assert 'role="img"' in html and "<title" in html
    assert "kommunindex" in html
    # The table shows the published kommun value of Livskvalitet, Totalt (kommun file, not the region file).
    parts = _official(shared_data, "1.kolada_totalindex_kommun2025.csv")
    value = parts[
        (parts["Region"].str.startswith("0180 ")) & (parts.Del == "Livskvalitet") & (parts.Kon == "Totalt")
    ]
    profile = response.context["profile"]
    assert profile.view == "K" and profile.is_published
    assert profile.row("Livskvalitet")["T"] == pytest.approx(float(value["Varde_stand"].iloc[0]))
    riket = parts[(parts["Region"] == "00 Riket") & (parts.Del == "Livskvalitet") & (parts.Kon == "Totalt")]
    assert profile.row("Livskvalitet")["riket_T"] == pytest.approx(float(riket["Varde_stand"].iloc[0]))
    assert len(profile.life_themes) == 12
    assert [r["code"] for r in profile.sustainability_themes] == ["Ekonomi", "Miljö", "Social"]


def test_lan_profile_uses_regionindex(client, brp_official, shared_data):
    response = client.get(reverse("analysis:region", args=["20"]))
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile.view == "L"
    themes = _official(shared_data, "4.kolada_temaindex_region2025.csv")
    label = load_codekey().label("0020")
    row = themes[(themes["Region"] == label) & (themes.Tema == "Ekonomi") & (themes.Kon == "Kvinnor")]
    assert profile.row("Ekonomi")["K"] == pytest.approx(float(row["Varde_stand"].iloc[0]))
    assert "regionindex" in response.content.decode()


def test_group_profile_is_a_labelled_approximation(client, brp_official, group, shared_data):
    response = client.get(reverse("analysis:region", args=[group.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approximation" in html
    profile = response.context["profile"]
    assert profile.is_approximation and not profile.is_published
    assert profile.members == 3
    # Without population data the approximation is the plain mean of the members' kommunindex.
    parts = _official(shared_data, "1.kolada_totalindex_kommun2025.csv")
    codes = ("0305 ", "0319 ", "0330 ")
    sel = parts[parts["Region"].str.startswith(codes) & (parts.Del == "Hållbarhet") & (parts.Kon == "Totalt")]
    assert len(sel) == 3
    assert profile.row("Hållbarhet")["T"] == pytest.approx(sel["Varde_stand"].mean())


def test_fa_and_riket_profiles(client, brp_official):
    assert client.get(reverse("analysis:region", args=["FA01"])).status_code == 200
    riket = client.get(reverse("analysis:region", args=["00"]) + "?vy=K")
    assert riket.status_code == 200
    assert riket.context["profile"].view == "K" and riket.context["profile"].is_published


def test_unknown_region_is_404_and_bad_view_is_400(client, geography):
    assert client.get(reverse("analysis:region", args=["9999"])).status_code == 404
    response = client.get(reverse("analysis:region", args=["00"]) + "?vy=X")
    assert response.status_code == 400
    assert "Okänd vy" in response.content.decode()


def test_profile_without_brp_still_shows_statistics(client, counts):
    response = client.get(reverse("analysis:region", args=["0305"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inga BRP+-resultat" in html
    stats = response.context["statistics"]
    assert [(s["measure"], s["period"], s["total"]) for s in stats] == [("TESTANTAL", "2023", 102.0)]
    assert "version 1" in html


def test_region_pick_redirects_and_rejects_unknown(client, geography):
    response = client.get(reverse("analysis:region-pick") + "?kod=0180")
    assert response.status_code == 302 and response["Location"].endswith("/analys/region/0180/")
    bad = client.get(reverse("analysis:region-pick") + "?kod=XX")
    assert bad.status_code == 400 and "Okänd region" in bad.content.decode()


def test_printable_report(client, brp_official):
    response = client.get(reverse("analysis:region-report", args=["0180"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regionrapport" in html and "analysis.css" in html


def test_index_links_the_analysis_pages(client, geography):
    html = client.get(reverse("analysis:index")).content.decode()
    for name in ("analysis:region-pick", "analysis:compare", "analysis:map"):
        assert f'href="{reverse(name)}"' in html


def test_profile_statistics_with_sex_and_other_dimensions(client, geography):
    from reglab.readers.table import StatTable
    from reglab.statistics.services import dataset_ingest

    rows = [
        (("2080", "2022", "1", "15-19"), 1.0, None),
        (("2080", "2023", "1", "15-19"), 10.0, None),
        (("2080", "2023", "2", "15-19"), 20.0, None),
        (("2080", "2023", "1", "20-24"), 30.0, None),
        (("2080", "2023", "2", "20-24"), None, ".."),
    ]
    table = StatTable.from_records(
        table_id="AGETEST",
        title="Åldersfördelad test",
        dimension_specs=[
            ("region", "region", "region"),
            ("tid", "år", "time"),
            ("kon", "kön", "sex"),
            ("alder", "ålder", "other"),
        ],
        rows=rows,
        unit="antal",
    )
    dataset_ingest(source_kind="scb", table=table, origin="test")
    response = client.get(reverse("analysis:region", args=["2080"]))
    stats = response.context["statistics"]
    # Issue 14: one row per measure with the sum over the age bands (a count), never one slice per band;
    # women lack a value in one band, so their sum is missing, and the status says why.
    assert [(s["period"], s["men"], s["women"], s["status"]) for s in stats] == [("2023", 40.0, None, "..")]
    assert "Summerat över alder (2 värden)." in stats[0]["dimensions"]
    html = response.content.decode()
    assert "Källa: SCB" in html and "alder=15-19" not in html


def test_profile_links_lan_fa_and_action_plans(client, geography):
    from reglab.accounts.models import Organisation
    from reglab.geography.models import Region
    from reglab.plans.models import ActionPlan

    dalarna = Region.objects.get(code="20")
    org = Organisation.objects.create(
        name="Region Dalarna (test)", slug="region-dalarna-test", kind="region", region=dalarna
    )
    plan = ActionPlan.objects.create(
        organisation=org, title="Klimatplan Dalarna", start_year=2024, end_year=2030
    )
    html = client.get(reverse("analysis:region", args=["2080"])).content.decode()
    assert reverse("analysis:region", args=["20"]) in html
    falun = Region.objects.get(code="2080")
    assert reverse("analysis:region", args=[falun.fa_region.code]) in html
    assert plan.get_absolute_url() in html and "Klimatplan Dalarna" in html


@pytest.fixture
def computed_run(geography):
    """A BRP+ run computed by the engine from synthetic KPI values and stored through the service."""
    from reglab.engine.brp_plus import compute_brp
    from reglab.indicators.brp_data import load_config
    from reglab.indicators.services import brp_run_store
    from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict

    rows = kolada_rows([i["kpi"] for i in load_config_dict()["indicators"]], load_codekey_dict())
    obs = pd.DataFrame(rows, columns=["kpi", "municipality_id", "year", "gender", "value"])
    return brp_run_store(result=compute_brp(obs, load_config("2025")), provenance={"kind": "test"})


def test_computed_run_is_never_labelled_kolada(client, computed_run):
    response = client.get(reverse("analysis:region", args=["03"]))
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile.run == computed_run and not profile.is_published
    html = response.content.decode()
    assert "Källa: Kolada" not in html
    # The run's modes in words (issue 14: the internal codes total_bas/levels/reproduce meant nothing).
    assert "beräknat i Reglab" in html and "kvinnor och män skalade mot totalens min/max" in html
    assert "total_bas" not in html and "reproduce" not in html


def test_switch_between_published_and_computed(client, computed_run, brp_official):
    official = client.get(reverse("analysis:region", args=["03"]))
    assert official.context["profile"].run == brp_official
    assert "?kalla=beraknad" in official.content.decode()
    computed = client.get(reverse("analysis:region", args=["03"]) + "?kalla=beraknad")
    assert computed.context["profile"].run == computed_run
    assert client.get(reverse("analysis:region", args=["03"]) + "?kalla=x").status_code == 400


def test_fa_profile_lists_its_kommuner(client, geography):
    from reglab.geography.models import Region

    falun = Region.objects.get(code="2080")
    html = client.get(reverse("analysis:region", args=[falun.fa_region.code])).content.decode()
    assert reverse("analysis:region", args=["2080"]) in html
