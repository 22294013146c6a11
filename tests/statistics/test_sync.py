"""Must-show: a sync that fails half-way leaves the previous version readable and unchanged."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from reglab.reference.region_codes import LAN_CODES
from reglab.statistics.models import Dataset, DatasetVersion, Observation, SyncFailure, VersionStatus
from reglab.statistics.selectors import kolada_observations_frame, version_frame

pytestmark = pytest.mark.django_db


def sync(*args):
    out = io.StringIO()
    call_command("data_sync", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def status():
    out = io.StringIO()
    call_command("data_status", stdout=out)
    return out.getvalue()


def bump(fake_server, stamp):
    """The provider publishes a revision: new `updated` stamp and one changed figure."""
    entry = fake_server.tables["BE0101D1"]
    entry.table.values = entry.table.values.copy()
    entry.table.values[0] += 1
    entry.updated = stamp
    entry.refresh()


def test_sync_then_failure_half_way_keeps_previous_version(
    geography, api_settings, fake_server, catalogue_file
):
    out = sync("--catalogue", str(catalogue_file))
    assert "scb:BE0101D1: ny version 1 (46176 värden)" in out
    assert "kolada:N02904: ny version 1 (315 värden)" in out
    assert "XBRP01: ny version 1 (873 värden) (obs: katalogens titel skiljer sig" in out
    dataset = Dataset.objects.get(external_id="BE0101D1", source__kind="scb")
    before = version_frame(dataset.current_version)
    assert fake_server.count("/data", "POST") == 5

    bump(fake_server, "2025-01-01T08:00:00Z")
    fake_server.inject("/tables/BE0101D1/data", status=503, nth=3, times=100)  # parts 1-2 fine, 3rd fails
    with pytest.raises(CommandError, match=r"1 misslyckades.*Tidigare versioner är orörda"):
        sync("--catalogue", str(catalogue_file))

    dataset.refresh_from_db()
    current = dataset.current_version
    assert current.number == 1 and current.provider_updated == "2024-02-22T08:00:00Z"
    after = version_frame(current)
    assert after.equals(before)  # readable and unchanged
    assert Observation.objects.filter(version__dataset=dataset).count() == 46176
    assert not DatasetVersion.objects.filter(dataset=dataset, status=VersionStatus.BUILDING).exists()
    failure = SyncFailure.objects.get(external_id="BE0101D1")
    assert "503" in failure.message and "igen" in failure.hint
    report = status()
    assert "scb:BE0101D1" in report and "HTTP 503" in report and "Senaste fel" in report

    # The provider recovers: the next run fetches the revision; Kolada is unchanged.
    fake_server.clear_failures()
    out = sync("--catalogue", str(catalogue_file))
    assert "scb:BE0101D1: ny version 2" in out and "kolada:N02904: oförändrad" in out
    dataset.refresh_from_db()
    assert dataset.current_version.number == 2
    assert dict(dataset.versions.values_list("number", "status")) == {1: "superseded", 2: "current"}


def test_truncated_body_and_changed_dimensions_fail_cleanly(
    geography, api_settings, fake_server, catalogue_file
):
    sync("--catalogue", str(catalogue_file), "--source", "scb")
    bump(fake_server, "2025-02-01T00:00:00Z")
    fake_server.inject("/tables/BE0101D1/data", truncate=True, nth=2, times=100)
    with pytest.raises(CommandError):
        sync("--catalogue", str(catalogue_file), "--source", "scb")
    assert Dataset.objects.get(external_id="BE0101D1").current_version.number == 1

    # A table whose dimensions changed at the provider is not swapped in silently.
    fake_server.clear_failures()
    entry = fake_server.tables["BE0101D1"]
    from dataclasses import replace

    dims = list(entry.table.dimensions)
    dims[1] = replace(dims[1], code="alder")
    entry.table.index["alder"] = entry.table.index.pop("maternal age")
    entry.table.dimensions = dims
    entry.updated = "2025-03-01T00:00:00Z"
    with pytest.raises(CommandError):
        sync("--catalogue", str(catalogue_file), "--source", "scb")
    assert "dimensioner har ändrats" in SyncFailure.objects.first().message
    assert Dataset.objects.get(external_id="BE0101D1").current_version.number == 1


def test_rerun_is_idempotent_and_skips_unchanged_tables(geography, api_settings, fake_server, catalogue_file):
    sync("--catalogue", str(catalogue_file))
    calls = fake_server.count("/data")
    versions = DatasetVersion.objects.count()
    observations = Observation.objects.count()
    out = sync("--catalogue", str(catalogue_file))
    assert "3 dataset: 0 nya versioner, 3 oförändrade." in out
    assert fake_server.count("/tables/BE0101D1/data") == 5  # not fetched again: `updated` unchanged
    assert fake_server.count("/data") > calls  # Kolada is re-read (it revises without notice)
    assert DatasetVersion.objects.count() == versions and Observation.objects.count() == observations


def test_kolada_selector_contract(geography, api_settings, fake_server, catalogue_file):
    sync("--catalogue", str(catalogue_file), "--source", "kolada")
    frame = kolada_observations_frame(["N02904", "XBRP01"])
    assert list(frame.columns) == ["kpi", "municipality_id", "year", "gender", "value"]
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    n02904 = frame[frame["kpi"] == "N02904"]
    assert len(n02904) == 315 and set(n02904["municipality_id"]) == {f"00{c}" for c in LAN_CODES}
    brp = frame[frame["kpi"] == "XBRP01"]
    assert set(brp["gender"]) == {"T", "K", "M"} and "0000" in set(brp["municipality_id"])
    assert "0114" in set(brp["municipality_id"]) and len(brp) == 291 * 3
    dalarna_2021 = n02904[(n02904["municipality_id"] == "0020") & (n02904["year"] == 2021)]["value"]
    assert len(dalarna_2021) == 1 and dalarna_2021.iloc[0] > 0
    assert kolada_observations_frame([]).empty
    dataset = Dataset.objects.get(external_id="N02904")
    assert dataset.attribution == "Källa: Kolada"


def test_unknown_id_without_source_is_one_clear_error(geography, api_settings, catalogue_file):
    with pytest.raises(CommandError, match="finns inte i katalogen"):
        sync("--catalogue", str(catalogue_file), "TAB9999")


def test_v1_fallback_when_v2_does_not_know_the_table(geography, api_settings, fake_server, tmp_path):
    path = tmp_path / "v1.toml"
    path.write_text(
        '[[scb]]\nid = "BE0101D1-v1"\ntable = "TAB0000"\nv1_path = "BE/BE0101/BE0101D/BE0101D1"\n',
        encoding="utf-8",
    )
    out = sync("--catalogue", str(path))
    assert "scb:BE0101D1-v1: ny version 1 (46176 värden)" in out
    assert fake_server.count("/api/v1/sv/ssd/BE/BE0101/BE0101D/BE0101D1", "POST") == 5
    dataset = Dataset.objects.get(external_id="BE0101D1-v1")
    assert dataset.query["api"] == "v1"


@pytest.mark.parametrize(
    ("failure", "message", "hint"),
    [
        ({"status": 429, "retry_after": "0", "times": 100}, "429", "Vänta"),
        ({"delay": 0.6, "times": 100}, "Timeout", "i tid"),
        ({"invalid_json": True, "times": 100}, "inte giltig JSON", "ofullständigt"),
    ],
)
def test_each_failure_kind_is_recorded_with_a_hint(
    geography, api_settings, fake_server, catalogue_file, failure, message, hint
):
    api_settings.REGLAB_HTTP_TIMEOUT = 0.3
    sync("--catalogue", str(catalogue_file), "--source", "scb")
    bump(fake_server, "2026-01-01T00:00:00Z")
    fake_server.inject("/tables/BE0101D1/data", nth=2, **failure)
    with pytest.raises(CommandError, match="misslyckades"):
        sync("--catalogue", str(catalogue_file), "--source", "scb")
    recorded = SyncFailure.objects.get(external_id="BE0101D1")
    assert message in recorded.message and hint in recorded.hint
    assert Dataset.objects.get(external_id="BE0101D1").current_version.number == 1
