"""Must show (issue 14): compare and profile exports (CSV, XLSX, PPTX) work for every measure kind and
every region kind (kommun, län, FA, custom group); each file is opened with csv, openpyxl, python-pptx.

The measure kinds come from ``measures.MEASURE_KINDS``: a kind added there without test data here fails
with a message saying which fixture to add (``<kind>_measure_key``, returning a measure key with data for
Uppsala län's kommuner)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from reglab.analysis.measures import MEASURE_KINDS, measure_resolve
from reglab.geography.models import Region

pytestmark = pytest.mark.django_db

REGION_KINDS = ["kommun", "lan", "fa", "group"]
FORMATS = ["csv", "xlsx", "pptx"]


@pytest.fixture
def region_codes(geography, group):
    return {
        "kommun": "0305",
        "lan": "03",
        "fa": Region.objects.get(code="0305").fa_region.code,
        "group": group.code,
    }


@pytest.fixture
def brp_measure_key(brp_official):
    return "brp:T6"


@pytest.fixture
def stat_measure_key(counts):
    return f"stat:{counts.dataset_id}:TESTANTAL"


@pytest.fixture
def matching_measure_key(geography, shared_data):
    """Matcha rätt (län and FA values of M2): Region Dalarna's matchning.csv imported as a user would."""
    from django.core.management import call_command

    path = shared_data / "dalastrategin-lan" / "matchning.csv"
    call_command("data_import", str(path), "--no-progress", stdout=io.StringIO())
    return "matching:M2:TOT"


def _measure_key(request, kind: str) -> str:
    name = f"{kind}_measure_key"
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        pytest.fail(f"measure kind {kind!r} has no test data: add a fixture {name} to {__file__}")


def _open(fmt: str, content: bytes) -> list[list]:
    """The file's rows (CSV, first XLSX sheet) or its slide texts (PPTX), after opening it for real."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(content))
        assert wb.sheetnames[-1] == "Källor"
        return [list(r) for r in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
    from pptx import Presentation

    prs = Presentation(io.BytesIO(content))
    return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in prs.slides]


@pytest.mark.parametrize("region_kind", REGION_KINDS)
@pytest.mark.parametrize("kind", MEASURE_KINDS)
def test_compare_export(client, request, region_codes, kind, region_kind):
    key = _measure_key(request, kind)  # loading the data is the slow part: every format in one test
    assert measure_resolve(key).kind == kind
    for fmt in FORMATS:
        _check_compare(client, key, region_codes[region_kind], fmt)


def _check_compare(client, key: str, code: str, fmt: str) -> None:
    params = {"m": key, "r": [code, "0305"]}
    page = client.get(reverse("analysis:compare"), params)
    assert page.status_code == 200
    frame = page.context["frame"]
    response = client.get(reverse("analysis:compare-export", args=[fmt]), params)
    assert response.status_code == 200, response.content[:300]
    rows = _open(fmt, response.content)
    known = measure_resolve(key).kind in {"brp", "stat"}  # both have values for every region kind here
    if fmt == "pptx":
        name = Region.objects.get(code=code).name
        # Title and sources always; the comparison slide when there are values to chart.
        assert len(rows) >= (3 if known else 2) and any(name in text for slide in rows for text in slide)
        return
    header, body = rows[0], rows[1:]
    assert header[:3] == ["region_kod", "region", "matt_id"]
    # The file has the page's rows: one per region and period the comparison has a value row for.
    assert sorted((str(r[0]), str(r[5])) for r in body) == sorted(
        (str(r), str(p)) for r, p in zip(frame["region"], frame["period"], strict=True)
    )
    assert all(r[2] == key for r in body)
    if known:
        assert {r[0] for r in body} == {code, "0305"}


@pytest.mark.parametrize("region_kind", REGION_KINDS)
@pytest.mark.parametrize("kind", MEASURE_KINDS)
def test_profile_export(client, request, region_codes, kind, region_kind):
    # A profile always has BRP+ (the published run); the kind under test adds its own data.
    request.getfixturevalue("brp_official")
    key = _measure_key(request, kind)
    for fmt in FORMATS:
        _check_profile(client, key, kind, region_codes[region_kind], fmt)


def _check_profile(client, key: str, kind: str, code: str, fmt: str) -> None:
    response = client.get(reverse("analysis:region-export", args=[code, fmt]))
    assert response.status_code == 200, response.content[:300]
    rows = _open(fmt, response.content)
    name = Region.objects.get(code=code).name
    if fmt == "pptx":
        assert any(name in text for slide in rows for text in slide)
        return
    assert rows[0][0] == "region_kod" and all(r[0] == code for r in rows[1:])
    # BRP+ is in every profile.
    assert any(r[4] == "T6" and isinstance(r[6], float | str) and r[6] not in ("", None) for r in rows[1:])
    if kind == "stat" and fmt == "xlsx":
        from openpyxl import load_workbook

        stats = load_workbook(io.BytesIO(response.content))["Statistik"]
        measures = [r[2] for r in stats.iter_rows(min_row=2, values_only=True)]
        assert key.rsplit(":", 1)[1] in measures
