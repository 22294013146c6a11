"""The catalogue sync as a job against the local PxWeb/Kolada server: a failing run keeps the data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from reglab.operations import tasks
from reglab.operations.jobs import attempt_of, enqueue
from reglab.statistics.models import Dataset, Observation, VersionStatus

pytestmark = [pytest.mark.shared, pytest.mark.django_db(transaction=True)]


def test_failed_sync_job_is_retried_later_and_keeps_the_previous_version(
    geography, api_settings, fake_server, catalogue_file
):
    enqueue(tasks.catalogue_sync_job, ids=["N02904"], catalogue=str(catalogue_file))
    call_command("worker", "--once")
    [first] = DBTaskResult.objects.all()
    assert first.status == "SUCCESSFUL", first.traceback
    assert first.return_value["new"] == 1
    dataset = Dataset.objects.get(external_id="N02904")
    version = dataset.current_version
    observations = Observation.objects.filter(version=version).count()
    assert observations > 0

    fake_server.inject("N02904", status=503, times=1000)  # Kolada is down tonight
    enqueue(tasks.catalogue_sync_job, ids=["N02904"], catalogue=str(catalogue_file))
    call_command("worker", "--once")

    failed = DBTaskResult.objects.filter(status="FAILED").get()
    assert "1 av 1 dataset misslyckades: N02904" in failed.traceback
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert attempt_of(retry.args_kwargs) == 2 and retry.run_after > failed.started_at  # retried with back-off
    dataset.refresh_from_db()
    assert dataset.current_version == version  # the previous data stays current and complete
    assert Observation.objects.filter(version=version).count() == observations
    assert version.status == VersionStatus.CURRENT
