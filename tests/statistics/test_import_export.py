"""Must-show: the births table survives `data import` → `data export` and its sums add up."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.management import call_command

from reglab.statistics.models import Dataset, Observation, VersionStatus

pytestmark = pytest.mark.django_db


def export_csv(dataset: str) -> pd.DataFrame:
    out = io.StringIO()
    call_command("data_export", dataset, stdout=out)
    out.seek(0)
    return pd.read_csv(out, dtype={"region_code": str, "period": str, "maternal age": str, "status": str})


def test_births_round_trip_sums_over_kommuner_and_lan(geography, px_dir):
    out = io.StringIO()
    call_command("data_import", str(px_dir / "BE0101D1.px"), "--no-progress", stdout=out)
    assert "46176 värden" in out.getvalue()
    frame = export_csv("BE0101D1")
    assert len(frame) == 46176
    assert list(frame.columns) == [
        "measure",
        "region_code",
        "period",
        "period_type",
        "maternal age",
        "sex",
        "value",
        "status",
    ]
    assert frame["region_code"].nunique() == 312
    ages = frame[frame["maternal age"] != "tot"]
    summed = ages.groupby(["region_code", "period", "sex"])["value"].sum()
    # The file's own "total" over maternal age agrees with the sum of the ages.
    totals = frame[frame["maternal age"] == "tot"].set_index(["region_code", "period", "sex"])["value"]
    pd.testing.assert_series_equal(summed.sort_index(), totals.sort_index(), check_names=False)

    by_region = summed.unstack(["period", "sex"])
    codes = by_region.index
    lan = [c for c in codes if len(c) == 2 and c != "00"]
    kommuner = [c for c in codes if len(c) == 4]
    assert len(lan) == 21 and len(kommuner) == 290
    for code in lan:  # every län = the sum over its kommuner (as divided in the file: Heby 1917 in 19)
        members = [k for k in kommuner if k[:2] == code]
        assert members, code
        pd.testing.assert_series_equal(by_region.loc[members].sum(), by_region.loc[code], check_names=False)
    pd.testing.assert_series_equal(by_region.loc[lan].sum(), by_region.loc["00"], check_names=False)
    assert set(frame["sex"]) == {"men", "women"} and set(frame["period"]) == {"2002", "2003"}


def test_export_by_dataset_id_formats_and_idempotent_import(geography, px_dir, tmp_path):
    path = str(px_dir / "BE0101D1.px")
    call_command("data_import", path, "--no-progress", stdout=io.StringIO())
    out = io.StringIO()
    call_command("data_import", path, "--no-progress", stdout=out)
    assert "oförändrad" in out.getvalue()
    dataset = Dataset.objects.get(external_id="BE0101D1")
    assert dataset.versions.count() == 1
    assert Observation.objects.filter(version__dataset=dataset).count() == 46176
    by_id = export_csv(str(dataset.pk))
    assert len(by_id) == 46176
    parquet = tmp_path / "births.parquet"
    call_command(
        "data_export", "BE0101D1", "--format", "parquet", "--output", str(parquet), stderr=io.StringIO()
    )
    assert pd.read_parquet(parquet)["value"].sum() == by_id["value"].sum()
    xlsx = tmp_path / "births.xlsx"
    call_command("data_export", "BE0101D1", "--output", str(xlsx), stderr=io.StringIO())
    assert len(pd.read_excel(xlsx)) == 46176


def test_heby_keeps_published_code_and_links_to_today(geography, px_dir):
    call_command("data_import", str(px_dir / "BE0101D1.px"), "--no-progress", stdout=io.StringIO())
    heby = Observation.objects.filter(region_code="1917").select_related("region").first()
    assert heby.region.code == "0331"


def test_new_content_supersedes_previous_version(geography, px_dir, tmp_path):
    original = (px_dir / "BE0101A1hierreg.px").read_bytes()
    call_command("data_import", str(px_dir / "BE0101A1hierreg.px"), "--no-progress", stdout=io.StringIO())
    changed = tmp_path / "BE0101A1hierreg.px"
    changed.write_bytes(
        original.replace(b"DATA=\r\n32910", b"DATA=\r\n32911").replace(b"DATA=\n32910", b"DATA=\n32911")
    )
    assert changed.read_bytes() != original
    call_command("data_import", str(changed), "--no-progress", stdout=io.StringIO())
    dataset = Dataset.objects.get(external_id="BE0101A1")
    statuses = dict(dataset.versions.values_list("number", "status"))
    assert statuses == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.CURRENT}
    assert export_csv("BE0101A1")["value"].sum() == 1 + export_csv_version_sum(dataset, 1)


def export_csv_version_sum(dataset, number):
    return sum(
        v or 0
        for v in Observation.objects.filter(version__dataset=dataset, version__number=number).values_list(
            "value", flat=True
        )
    )
