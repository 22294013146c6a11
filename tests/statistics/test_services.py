from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from reglab.statistics.models import Dataset, Observation
from reglab.statistics.selectors import DatasetNotFound, dataset_resolve

pytestmark = pytest.mark.django_db

DOTS_PX = """CHARSET="ANSI";
MATRIX="DOTS01";
TITLE="Test med prickkoder";
UNITS="antal";
STUB="region","kön";
HEADING="år";
VALUES("region")="20 Dalarnas län","2080 Falun";
VALUES("kön")="män","kvinnor";
VALUES("år")="2020","2021";
CODES("region")="20","2080";
CODES("kön")="1","2";
TIMEVAL("år")=TLIST(A1),"2020","2021";
DATA=
1 ".."
3 4
5 "-"
"..." 8;
"""


def test_dot_codes_survive_import_and_export(geography, tmp_path):
    path = tmp_path / "dots.px"
    path.write_bytes(DOTS_PX.encode("cp1252"))
    call_command("data_import", str(path), "--no-progress", stdout=io.StringIO())
    out = io.StringIO()
    call_command("data_export", "DOTS01", stdout=out)
    out.seek(0)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    marked = frame[frame["status"] != ""]
    assert sorted(marked["status"]) == ["-", "..", "..."]
    assert (marked["value"] == "").all()
    row = frame[(frame.region_code == "2080") & (frame.period == "2021") & (frame.sex == "women")]
    assert row["value"].tolist() == ["8.0"]
    assert set(frame["sex"]) == {"men", "women"}
    assert Observation.objects.filter(status="..").count() == 1


def test_unknown_regions_are_kept_outside_the_geography(geography, tmp_path):
    # Issue 12: an unknown code no longer refuses the table (it used to: "okända regionkoder"); its
    # rows are stored with the code as published, no region, and the source's label on the version.
    path = tmp_path / "bad-regions.px"
    path.write_bytes(DOTS_PX.replace('"2080"', '"9999"').encode("cp1252"))
    out = io.StringIO()
    call_command("data_import", str(path), "--no-progress", stdout=out)
    assert "1 regionkoder utanför geografin: 9999 (2080 Falun)" in out.getvalue()
    outside = Observation.objects.filter(region_code="9999")
    assert outside.count() == 4 and not outside.filter(region__isnull=False).exists()
    assert Observation.objects.filter(region_code="20", region__code="20").count() == 4
    assert Dataset.objects.get(external_id="DOTS01").current_version.outside_regions == {"9999": "2080 Falun"}


def test_csv_with_county_names_resolves_regions(geography, shared_data):
    call_command(
        "data_import",
        str(shared_data / "dalastrategin-lan" / "matchning.csv"),
        "--no-progress",
        stdout=io.StringIO(),
    )
    codes = set(Observation.objects.values_list("region_code", flat=True))
    assert len(codes) == 21 and "20" in codes


def test_dataset_resolve_by_id_external_id_and_prefix(geography, tmp_path):
    path = tmp_path / "dots.px"
    path.write_bytes(DOTS_PX.encode("cp1252"))
    call_command("data_import", str(path), "--no-progress", stdout=io.StringIO())
    dataset = Dataset.objects.get(external_id="DOTS01")
    assert dataset_resolve(str(dataset.pk)) == dataset
    assert dataset_resolve("dots01") == dataset
    assert dataset_resolve("file:DOTS01") == dataset
    with pytest.raises(DatasetNotFound):
        dataset_resolve("NOPE")
    with pytest.raises(CommandError, match="Inget dataset"):
        call_command("data_export", "NOPE")
    with pytest.raises(CommandError, match="binärt"):
        call_command("data_export", "DOTS01", "--format", "xlsx")


def test_conflicting_duplicates_are_refused(geography, tmp_path):
    path = tmp_path / "conflict.csv"
    path.write_text("region;år;värde\n0114;2020;1\n0114;2020;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="dubblerade celler"):
        call_command("data_import", str(path), "--no-progress")
    assert not Observation.objects.exists()
