from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pptx_texts(content: bytes):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(content))
    texts, charts = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                charts.append(shape.chart)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
    return prs, texts, charts


def test_profile_xlsx_has_values_and_sources(client, brp_official, counts):
    from openpyxl import load_workbook

    response = client.get(reverse("analysis:region-export", args=["0305", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="regionprofil-habo-0305-brp2025.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["BRP+", "Statistik", "Källor"]
    brp = wb["BRP+"]
    header = [c.value for c in brp[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in brp.iter_rows(min_row=2)]
    live = next(r for r in rows if r["kod"] == "Livskvalitet")
    assert isinstance(live["totalt"], float) and live["metod"] == "published"
    sources = [[c.value for c in r] for r in wb["Källor"].iter_rows()]
    assert any(r[1] == "Källa: Kolada" for r in sources)
    assert any(r[2] and str(r[2]).startswith("version 1") for r in sources)


def test_profile_csv_parses(client, brp_official):
    response = client.get(reverse("analysis:region-export", args=["0180", "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["region"] for r in rows} == {"Stockholm"}
    assert len([r for r in rows if r["niva"] == "theme"]) == 15
    assert float(next(r for r in rows if r["kod"] == "T6")["totalt"]) >= 0


def test_profile_pptx_has_native_charts_and_the_region_name(client, brp_official):
    response = client.get(reverse("analysis:region-export", args=["0180", "pptx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="workshop-stockholm-0180.pptx"'
    prs, texts, charts = _pptx_texts(response.content)
    assert "Stockholm" in texts
    assert any("Källa: Kolada" in t for t in texts)
    kinds = {str(c.chart_type) for c in charts}
    assert any("RADAR" in k for k in kinds) and any("BAR" in k for k in kinds)
    radar = next(c for c in charts if "RADAR" in str(c.chart_type))
    assert len(list(radar.plots[0].categories)) == 12
    # title, overview, strongest, weakest, kommuner, time series, urban/rural, trade-offs, sources (issue 14)
    assert len(prs.slides) == 9


def test_compare_exports(client, counts, group):
    from openpyxl import load_workbook

    params = urlencode([("m", f"stat:{counts.dataset_id}:TESTANTAL"), ("r", group.code), ("r", "0380")])
    xlsx = client.get(reverse("analysis:compare-export", args=["xlsx"]) + "?" + params)
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb["Jämförelse"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    group_2023 = next(r for r in rows if r["region_kod"] == group.code and r["period"] == "2023")
    assert group_2023["varde"] == 606.0 and group_2023["metod"] == "exact"
    assert "Källor" in wb.sheetnames

    csv_resp = client.get(reverse("analysis:compare-export", args=["csv"]) + "?" + params)
    rows = list(csv.DictReader(io.StringIO(csv_resp.content.decode("utf-8-sig"))))
    assert len(rows) == 6
    assert "jamforelse-antal-testpersoner" in csv_resp["Content-Disposition"]

    pptx = client.get(reverse("analysis:compare-export", args=["pptx"]) + "?" + params)
    _prs, texts, charts = _pptx_texts(pptx.content)
    line = next(c for c in charts if "LINE" in str(c.chart_type))
    assert [s.name for s in line.plots[0].series] == [group.name, "Uppsala"]
    assert list(line.plots[0].series[0].values) == [600.0, 603.0, 606.0]
    assert any("Antal testpersoner" in t for t in texts)


def test_export_with_bad_parameters(client, geography):
    response = client.get(reverse("analysis:compare-export", args=["xlsx"]) + "?m=nonsense&r=0180")
    assert response.status_code == 400
    assert client.get(reverse("analysis:region-export", args=["0180", "exe"])).status_code == 404


def test_brp_compare_xlsx_of_a_lan_names_its_index(client, brp_official):
    """Issue 14: the index name (a lazy translation) in the sources sheet made this a 500."""
    from openpyxl import load_workbook

    response = client.get(
        reverse("analysis:compare-export", args=["xlsx"]), {"m": "brp:Livskvalitet", "r": "07"}
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    sources = [[c.value for c in r] for r in wb["Källor"].iter_rows()]
    assert ["BRP+ Livskvalitet", "Källa: Kolada", None, "regionindex"] in sources
    rows = list(wb["Jämförelse"].iter_rows(min_row=2, values_only=True))
    assert rows and all(r[0] == "07" and isinstance(r[6], float) for r in rows)


def test_map_exports_have_every_region_of_the_level_with_value_and_class(client, counts):
    from openpyxl import load_workbook

    params = {"m": f"stat:{counts.dataset_id}:TESTANTAL", "niva": "lan"}
    page = client.get(reverse("analysis:map"), params)
    assert reverse("analysis:map-export", args=["csv"]) in page.content.decode()
    response = client.get(reverse("analysis:map-export", args=["csv"]), params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="karta-antal-testpersoner-lan.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 21 and {r["period"] for r in rows} == {"2023"}
    uppsala = next(r for r in rows if r["region_kod"] == "03")
    assert float(uppsala["varde"]) == 5000.0 and uppsala["klass"] == "1"
    assert next(r for r in rows if r["region_kod"] == "01")["varde"] == ""
    xlsx = client.get(reverse("analysis:map-export", args=["xlsx"]), params)
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Karta", "Källor"] and wb["Karta"].max_row == 22
    assert client.get(reverse("analysis:map-export", args=["pptx"]), params).status_code == 404
    bad = client.get(reverse("analysis:map-export", args=["csv"]), {**params, "niva": "by"})
    assert bad.status_code == 400
