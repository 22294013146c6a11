"""The schedule as data: seeding the defaults and enqueueing what is due (called by the worker)."""

from __future__ import annotations

import logging
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from reglab.operations.jobs import JobError, enqueue
from reglab.operations.models import Cadence, ScheduledJob, Weekday

logger = logging.getLogger(__name__)

# (key, title, task path, cadence, time of day, weekday); the secretariat changes times on /drift/.
DEFAULT_SCHEDULE = [
    (
        "nightly-catalogue-sync",
        "Nattlig synk av statistikkatalogen",
        "reglab.operations.tasks.catalogue_sync_job",
        Cadence.DAILY,
        time(2, 30),
        None,
    ),
    (
        "nightly-backup",
        "Nattlig säkerhetskopia",
        "reglab.operations.tasks.backup_job",
        Cadence.DAILY,
        time(3, 30),
        None,
    ),
    (
        "weekly-reminders",
        "Veckans påminnelser",
        "reglab.operations.tasks.weekly_reminders_job",
        Cadence.WEEKLY,
        time(7, 0),
        Weekday.MONDAY,
    ),
    (
        "ballot-closing-reminders",
        "Påminnelser om omröstningar som stänger snart",
        "reglab.operations.tasks.ballot_closing_reminders_job",
        Cadence.DAILY,
        time(8, 0),
        None,
    ),
]


def schedule_seed(model=ScheduledJob) -> int:
    """Create the default scheduled jobs that are missing (never changes edited ones); returns the count."""
    created = 0
    for key, title, path, cadence, at, weekday in DEFAULT_SCHEDULE:
        _, was_created = model.objects.get_or_create(
            key=key,
            defaults={
                "title": title,
                "task_path": path,
                "cadence": cadence,
                "time_of_day": at,
                "weekday": weekday,
            },
        )
        created += was_created
    return created


def schedule_enqueue_due(now: datetime | None = None) -> list[ScheduledJob]:
    """Enqueue every enabled job whose time has come, once, and move its next run forward.

    A worker that was down for days enqueues a missed job once, not once per missed day. With several
    workers on PostgreSQL the rows are locked (SKIP LOCKED) so only one of them enqueues a job.
    """
    now = now or timezone.now()
    for unplanned in ScheduledJob.objects.filter(enabled=True, next_run_at__isnull=True):
        unplanned.next_run_at = unplanned.compute_next_run(now)
        unplanned.save(update_fields=["next_run_at"])
    enqueued = []
    with transaction.atomic():
        for scheduled in ScheduledJob.objects.due(now).select_for_update(skip_locked=True):
            try:
                result = enqueue(scheduled.task_path)
                scheduled.last_result_id = str(result.id)
                enqueued.append(scheduled)
            except JobError as exc:
                logger.error("scheduled job %s not enqueued: %s", scheduled.key, exc)
            scheduled.last_run_at = now
            scheduled.next_run_at = scheduled.compute_next_run(now)
            scheduled.save(update_fields=["last_run_at", "last_result_id", "next_run_at"])
    return enqueued


def schedule_update(
    scheduled: ScheduledJob, *, enabled: bool, cadence: str, at: time, weekday: int | None
) -> None:
    """Change when a job runs; the next run is recomputed from now."""
    scheduled.enabled = enabled
    scheduled.cadence = cadence
    scheduled.time_of_day = at
    scheduled.weekday = weekday if cadence == Cadence.WEEKLY else None
    scheduled.full_clean()
    scheduled.next_run_at = scheduled.compute_next_run() if enabled else None
    scheduled.save()
