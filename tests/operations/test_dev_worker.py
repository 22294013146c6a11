"""`reglab serve` in development runs queued jobs in a thread of its own process (so `make run` needs
no second terminal for an upload or sync started on a page)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reglab.operations.jobs import enqueue
from reglab.operations.models import ScheduledJob
from reglab.operations.worker import worker_thread_start
from tests.operations import jobs_for_tests


@pytest.mark.django_db(transaction=True)
def test_the_in_process_worker_runs_a_queued_job(tmp_path):
    marker = tmp_path / "marker"
    marker.write_text("already failed once")  # so fails_once succeeds at its first run here
    result = enqueue(jobs_for_tests.fails_once, str(marker))
    # A scheduled job that is due: the development thread leaves the schedule to `reglab worker`.
    ScheduledJob.objects.create(
        key="due-backup",
        title="Due backup",
        task_path="reglab.operations.tasks.backup_job",
        next_run_at=timezone.now() - timedelta(hours=1),
    )
    stop = threading.Event()
    thread = worker_thread_start(interval=0.05, name="test-serve", stop=stop)
    try:
        status = "READY"
        for _ in range(400):  # until the thread has run it (bounded, not a timing assertion)
            status = DBTaskResult.objects.get(id=result.id).status
            if status == "SUCCESSFUL":
                break
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert (
        status == "SUCCESSFUL" and DBTaskResult.objects.get(id=result.id).return_value == "succeeded on retry"
    )
    assert not thread.is_alive()
    assert not DBTaskResult.objects.filter(task_path="reglab.operations.tasks.backup_job").exists()
