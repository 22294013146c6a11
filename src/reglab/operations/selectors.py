"""Read models for the status page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from reglab.operations.backup import Archive, backup_latest
from reglab.operations.jobs import attempt_of
from reglab.operations.models import ScheduledJob, WorkerHeartbeat

# django-tasks' states in the page's language (its own labels are English only).
STATUS_LABELS = {
    "READY": _("Köad"),
    "RUNNING": _("Körs"),
    "SUCCESSFUL": _("Klar"),
    "FAILED": _("Misslyckad"),
}


@dataclass
class JobRow:
    id: str
    name: str
    status: str
    status_label: str
    attempt: int
    enqueued_at: datetime
    run_after: datetime | None
    finished_at: datetime | None
    result: object
    error: str


def recent_jobs(limit: int = 30) -> list[JobRow]:
    rows = []
    for r in DBTaskResult.objects.order_by("-enqueued_at")[:limit]:
        error = ""
        if r.exception_class_path:
            last = (r.traceback or "").strip().splitlines()
            error = last[-1] if last else r.exception_class_path
        rows.append(
            JobRow(
                id=str(r.id),
                name=r.task_path.rsplit(".", 1)[-1],
                status=r.status,
                status_label=STATUS_LABELS.get(r.status, r.status),
                attempt=attempt_of(r.args_kwargs),
                enqueued_at=r.enqueued_at,
                run_after=r.run_after if r.run_after and r.run_after.year < 9999 else None,
                finished_at=r.finished_at,
                result=r.return_value,
                error=error,
            )
        )
    return rows


def status_overview() -> dict:
    latest: Archive | None = backup_latest(settings.REGLAB_BACKUP_DIR)
    return {
        "jobs": recent_jobs(),
        "schedule": list(ScheduledJob.objects.all()),
        "workers": list(WorkerHeartbeat.objects.all()[:5]),
        "backup": latest,
        "backup_dir": settings.REGLAB_BACKUP_DIR,
    }
