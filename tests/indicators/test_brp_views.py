"""BRP+ pages: official table per region with the scale explained and the source cited."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from reglab.indicators.models import BrpRun
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict, write_rows

pytestmark = pytest.mark.django_db


def test_pages_without_data(client):
    assert client.get(reverse("indicators:index")).status_code == 200
    r = client.get(reverse("indicators:brp_official"))
    assert r.status_code == 200 and "import_official" in r.content.decode()


def test_official_region_table(client, shared_data):
    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    r = client.get(reverse("indicators:brp_official"), {"vy": "L", "region": "0001"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "01 Stockholms län" in html and "Källa: Kolada" in html
    assert "0 = svagast, 100 = starkast kommun/region i Sverige senaste året" in html
    assert "total_bas" in html and "levels" in html
    assert "Ekonomi" in html and "T1 Medborgarengagemang" in html
    k = client.get(reverse("indicators:brp_official"), {"vy": "K", "region": "0114"})
    assert "0114 Upplands Väsby" in k.content.decode()
    assert client.get(reverse("indicators:brp_official"), {"vy": "X"}).status_code == 404
    fallback = client.get(reverse("indicators:brp_official"), {"vy": "K", "region": "0024"}).content.decode()
    assert "0114 Upplands Väsby" in fallback  # region code not in the kommun index: first kommun shown


def test_computed_run_page_is_not_cited_as_kolada(client, shared_data, tmp_path):
    cfg = load_config_dict()
    path = tmp_path / "in.csv"
    write_rows(kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict()), path)
    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    call_command("brp_compute", "--input", str(path), "--save", "--imputation", "intended")
    run = BrpRun.objects.get(source="computed")
    html = client.get(
        reverse("indicators:brp_run", args=[run.pk]), {"vy": "L", "region": "0003"}
    ).content.decode()
    assert "Källa: Kolada" not in html and "Egen beräkning" in html and "intended" in html
    cmp = client.get(reverse("indicators:brp_compare", args=[run.pk]))
    assert cmp.status_code == 200 and "Största skillnad" in cmp.content.decode()


def test_theme_contribution_page(client, tmp_path):
    cfg = load_config_dict()
    path = tmp_path / "in.csv"
    write_rows(kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict()), path)
    call_command("brp_compute", "--input", str(path), "--save")
    run = BrpRun.objects.get(source="computed")
    page = client.get(
        reverse("indicators:brp_run", args=[run.pk]), {"vy": "L", "region": "0001"}
    ).content.decode()
    assert reverse("indicators:brp_theme", args=[run.pk]) in page
    r = client.get(
        reverse("indicators:brp_theme", args=[run.pk]), {"vy": "L", "region": "0001", "tema": "T6"}
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Bidrag till temat" in html and "Avstånd till bästa" in html
    assert "Matchning" in html  # an aspect of T6
    bad = client.get(
        reverse("indicators:brp_theme", args=[run.pk]), {"vy": "L", "region": "0001", "tema": "X"}
    )
    assert bad.status_code == 404
