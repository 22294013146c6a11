"""The open read API: OpenAPI document, observations equal to the CSV export, filters, cache, throttle."""

from __future__ import annotations

import csv
import io
import math

import pytest
from django.core.management import call_command
from django.urls import reverse

from reglab.api.api import api
from reglab.programme.models import Activity, Programme
from reglab.statistics.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def births(geography, px_dir):
    call_command("data_import", str(px_dir / "BE0101D1.px"), "--no-progress", stdout=io.StringIO())
    return Dataset.objects.get(external_id="BE0101D1")


@pytest.fixture
def px_dir(shared_data):
    return shared_data / "pxweb-example-px"


def _csv_rows(client, dataset) -> tuple[list[str], list[list[str]]]:
    response = client.get(reverse("statistics:dataset-export", args=[dataset.pk]))
    assert response.status_code == 200
    reader = csv.reader(io.StringIO(response.content.decode()))
    header = next(reader)
    return header, list(reader)


def _api_rows(client, dataset, **params) -> tuple[list[str], list[dict], dict]:
    rows, offset, page = [], 0, None
    while True:
        page = client.get(
            f"/api/datasets/{dataset.pk}/observations", {**params, "limit": 10_000, "offset": offset}
        ).json()
        rows.extend(page["items"])
        offset += page["limit"]
        if offset >= page["count"]:
            return page["columns"], rows, page


def _same(csv_cell: str, api_value) -> bool:
    if api_value is None:
        return csv_cell == ""
    if isinstance(api_value, float):
        return csv_cell != "" and math.isclose(float(csv_cell), api_value, rel_tol=0, abs_tol=1e-9)
    # The CSV export neutralises text that a spreadsheet would run as a formula ("-14" -> "'-14");
    # the API serves the value itself.
    if csv_cell.startswith("'") and csv_cell[1:2] in {"=", "+", "-", "@", "\t", "\r"}:
        csv_cell = csv_cell[1:]
    return csv_cell == str(api_value)


def _assert_equal(header, csv_rows, columns, api_rows):
    assert columns == header
    assert len(api_rows) == len(csv_rows)
    for number, (line, item) in enumerate(zip(csv_rows, api_rows, strict=True)):
        mismatched = [c for c, cell in zip(header, line, strict=True) if not _same(cell, item[c])]
        assert not mismatched, f"row {number}: {mismatched} differ: csv={line} api={item}"


def test_api_root_and_openapi_json_describe_the_api(client):
    for url in ("/api/", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        document = response.json()
        assert document["openapi"].startswith("3.")
        assert "/api/datasets/{dataset_id}/observations" in document["paths"]
        assert "/api/programmes" in document["paths"]


def test_docs_page_uses_local_swagger_files_only(client):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_observations_equal_the_csv_export_row_by_row(client, births):
    header, csv_rows = _csv_rows(client, births)
    columns, api_rows, page = _api_rows(client, births)
    assert page["count"] == len(csv_rows) == 46176
    assert page["version"] == births.current_version.pk
    _assert_equal(header, csv_rows, columns, api_rows)


def test_filters_give_the_matching_csv_rows(client, births):
    header, csv_rows = _csv_rows(client, births)
    periods = sorted({row[header.index("period")] for row in csv_rows})[-2:]
    wanted = [
        r
        for r in csv_rows
        if r[header.index("region_code")] in {"0114", "01"} and r[header.index("period")] in periods
    ]
    columns, api_rows, _ = _api_rows(client, births, region=["0114", "01"], period=periods)
    assert wanted
    _assert_equal(header, wanted, columns, api_rows)


def test_bad_paging_is_a_clear_400(client, births):
    answer = client.get(f"/api/datasets/{births.pk}/observations", {"limit": 0})
    assert answer.status_code == 400 and "limit ska vara" in answer.json()["detail"]
    assert client.get("/api/datasets/999999/observations").status_code == 404


def test_datasets_list_follows_a_new_version(client, births, px_dir, shared_data):
    listed = client.get("/api/datasets").json()
    assert [d["external_id"] for d in listed] == ["BE0101D1"]
    assert listed[0]["current_version"]["number"] == 1
    assert listed[0]["csv_url"] == reverse("statistics:dataset-export", args=[births.pk])
    call_command("data_import", str(px_dir / "BE0101A1.px"), "--no-progress", stdout=io.StringIO())
    # A new dataset version changes the data version, so the cached list is not served again.
    assert {d["external_id"] for d in client.get("/api/datasets").json()} == {"BE0101D1", "BE0101A1"}
    versions = client.get(f"/api/datasets/{births.pk}/versions").json()
    assert [v["status"] for v in versions] == ["current"]


def test_only_published_programmes_and_their_activities(client):
    published = Programme.objects.create(year=2031, title="Program 2031", is_published=True)
    Programme.objects.create(year=2032, title="Utkast 2032", is_published=False)
    Activity.objects.create(programme=published, title="Lärande nätverk", format="natverk")
    assert [p["year"] for p in client.get("/api/programmes").json()] == [2031]
    activities = client.get("/api/programmes/2031/activities").json()
    assert activities["count"] == 1 and activities["items"][0]["title"] == "Lärande nätverk"
    assert "contact_email" not in activities["items"][0]
    assert client.get("/api/programmes/2032/activities").status_code == 404


def test_anonymous_callers_are_throttled(client, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 3)
    codes = [client.get("/api/programmes").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
