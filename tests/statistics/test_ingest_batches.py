"""Imports write in batches of short transactions, flip in one, and clean up after a failure;
superseded versions are pruned; a running import of the same dataset is refused clearly."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reglab.readers import read_any
from reglab.statistics import services
from reglab.statistics.models import Dataset, DatasetVersion, Observation, VersionStatus
from tests.statistics.test_services import DOTS_PX

pytestmark = pytest.mark.django_db


def _px(tmp_path, name: str, shift: int = 0):
    """The DOTS01 table with its numbers shifted, so each shift is a new version."""
    path = tmp_path / name
    text = DOTS_PX.replace('1 ".."', f'{1 + shift} ".."').replace("3 4", f"{3 + shift} {4 + shift}")
    path.write_bytes(text.encode("cp1252"))
    return path


def _import(path, **kwargs):
    table = read_any(path)
    return services.dataset_ingest(source_kind="file", table=table, external_id="DOTS01", **kwargs)


def test_batches_are_invisible_until_the_flip_and_a_failure_keeps_the_previous_version(
    geography, tmp_path, monkeypatch
):
    monkeypatch.setattr(services, "WRITE_BATCH", 3)
    first = _import(_px(tmp_path, "v1.px"))
    assert first.version.status == VersionStatus.CURRENT and first.rows == 8

    seen = []

    def interrupted_after_first_batch(done, total):
        # What a reader sees mid-import: the old version is current, the new one is building.
        building = DatasetVersion.objects.get(dataset=first.dataset, number=2)
        seen.append((done, building.status, first.dataset.current_version.number))
        raise KeyboardInterrupt  # Ctrl-C during `reglab data import`

    with pytest.raises(KeyboardInterrupt):
        _import(_px(tmp_path, "v2.px", shift=10), progress=interrupted_after_first_batch)
    assert seen == [(3, VersionStatus.BUILDING, 1)]
    failed = DatasetVersion.objects.get(dataset=first.dataset, number=2)
    assert failed.status == VersionStatus.FAILED
    assert not Observation.objects.filter(version=failed).exists()  # the partial batch is gone
    assert first.dataset.current_version.pk == first.version.pk
    assert Observation.objects.filter(version=first.version).count() == 8

    done = []
    second = _import(_px(tmp_path, "v2.px", shift=10), progress=lambda d, t: done.append((d, t)))
    assert done == [(3, 8), (6, 8), (8, 8)]
    assert second.version.number == 3 and second.version.status == VersionStatus.CURRENT
    assert Observation.objects.filter(version=second.version).count() == 8
    first.version.refresh_from_db()
    assert first.version.status == VersionStatus.SUPERSEDED


def test_a_running_import_of_the_same_dataset_is_refused_and_a_killed_one_cleaned_up(geography, tmp_path):
    result = _import(_px(tmp_path, "v1.px"))
    running = DatasetVersion.objects.create(
        dataset=result.dataset, number=2, status=VersionStatus.BUILDING, heartbeat_at=timezone.now()
    )
    with pytest.raises(CommandError) as caught:
        call_command("data_import", str(_px(tmp_path, "v2.px", shift=5)), "--no-progress", "--id", "DOTS01")
    assert str(caught.value) == (
        "v2.px: En annan import av DOTS01 pågår; försök igen om en stund. "
        "Den gällande versionen är oförändrad. Inget sparades."
    )
    # The same version an hour later: its run was killed. The next import fails it and goes on.
    Observation.objects.create(version=running, measure="x", period="2020", period_type="year", value=1)
    DatasetVersion.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    call_command("data_import", str(_px(tmp_path, "v2.px", shift=5)), "--no-progress", "--id", "DOTS01")
    running.refresh_from_db()
    assert running.status == VersionStatus.FAILED
    assert not Observation.objects.filter(version=running).exists()
    assert result.dataset.current_version.number == 3


def test_imports_keep_the_newest_versions_and_prune_never_removes_the_current(geography, tmp_path, settings):
    settings.REGLAB_KEEP_DATASET_VERSIONS = 2
    for shift in range(5):
        _import(_px(tmp_path, f"v{shift}.px", shift=shift))
    dataset = Dataset.objects.get(external_id="DOTS01")
    kept = list(dataset.versions.order_by("number").values_list("number", "status"))
    assert kept == [(4, VersionStatus.SUPERSEDED), (5, VersionStatus.CURRENT)]
    assert Observation.objects.count() == 16

    out = io.StringIO()
    call_command("data_prune", "--keep", "1", "--dry-run", stdout=out)
    assert "DOTS01 v4 (superseded, 8 värden) skulle tas bort" in out.getvalue()
    assert "Torrkörning: inget togs bort." in out.getvalue()
    assert dataset.versions.count() == 2

    # Everything older than a day goes, except the current version however old it is.
    DatasetVersion.objects.filter(dataset=dataset).update(fetched_at=timezone.now() - timedelta(days=30))
    out = io.StringIO()
    call_command("data_prune", "--days", "1", stdout=out)
    assert "DOTS01 v4 (superseded, 8 värden) borttagen" in out.getvalue()
    assert list(dataset.versions.values_list("number", "status")) == [(5, VersionStatus.CURRENT)]
    assert Observation.objects.count() == 8

    with pytest.raises(CommandError, match="--keep måste vara minst 1"):
        call_command("data_prune", "--keep", "0")


def test_an_oversized_jsonstat_size_product_is_one_clear_line(geography, tmp_path):
    dims = {
        name: {"category": {"index": [f"{name}{i}" for i in range(2)]}} for name in ("Region", "Alder", "Tid")
    }
    path = tmp_path / "huge.json"
    path.write_text(
        json.dumps(
            {
                "version": "2.0",
                "class": "dataset",
                "id": ["Region", "Alder", "Tid"],
                "size": [10_000_000, 10_000_000, 10_000_000],
                "dimension": dims,
                "value": {},
            }
        )
    )
    with pytest.raises(CommandError) as caught:
        call_command("data_import", str(path), "--no-progress")
    message = str(caught.value)
    assert message == (
        "Kunde inte läsa huge.json: The dimension sizes (10000000 × 10000000 × 10000000) give "
        "1,000,000,000,000,000,000,000 cells; the limit is 50,000,000. Select fewer values or split "
        "the table. Inget sparades."
    )
    assert "\n" not in message


def test_an_oversized_px_size_product_is_one_clear_line(geography, tmp_path):
    values = ",".join(f'"{i}"' for i in range(400))
    text = (
        'CHARSET="ANSI";\nMATRIX="BIG";\nTITLE="x";\nSTUB="a","b";\nHEADING="c";\n'
        f'VALUES("a")={values};\nVALUES("b")={values};\nVALUES("c")={values};\nDATA=\n1 2 3;\n'
    )
    path = tmp_path / "big.px"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(
        CommandError, match=r"big\.px: The dimension sizes \(400 × 400 × 400\) give 64,000,000 cells"
    ):
        call_command("data_import", str(path), "--no-progress")


def test_a_file_needing_more_memory_than_allowed_is_one_clear_line(geography, tmp_path, monkeypatch):
    from benchmarks.bench_import_memory import write_px

    # Below what the child already uses after start-up, so the parse cannot grow at all.
    monkeypatch.setenv("REGLAB_STATISTICS_FILE_MEMORY_MB", "8")
    path = tmp_path / "large.px"
    write_px(path, 300_000, matrix="LARGE", years=2)
    with pytest.raises(CommandError) as caught:
        call_command("data_import", str(path), "--no-progress")
    assert str(caught.value).startswith("Kunde inte läsa large.px: Reading the file needs more than 8 MB")
    assert not Dataset.objects.filter(external_id="LARGE").exists()


def test_prune_removes_a_build_left_by_a_killed_run_but_not_a_running_one(geography, tmp_path):
    result = _import(_px(tmp_path, "v1.px"))
    killed = DatasetVersion.objects.create(
        dataset=result.dataset,
        number=2,
        status=VersionStatus.BUILDING,
        heartbeat_at=timezone.now() - timedelta(hours=2),
    )
    Observation.objects.create(version=killed, measure="x", period="2020", period_type="year", value=1)
    running = DatasetVersion.objects.create(
        dataset=result.dataset, number=3, status=VersionStatus.BUILDING, heartbeat_at=timezone.now()
    )
    out = io.StringIO()
    call_command("data_prune", stdout=out)
    assert "DOTS01 v2 (building, 0 värden) borttagen" in out.getvalue()
    assert list(result.dataset.versions.order_by("number").values_list("number", flat=True)) == [
        1,
        running.number,
    ]
    assert Observation.objects.count() == 8
