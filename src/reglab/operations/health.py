"""What /healthz reports: the database, the worker's heartbeat and the age of the newest statistics sync."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

logger = logging.getLogger(__name__)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not healthy"; the detail goes to the log
        logger.error("health: database unavailable: %s", exc)
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _worker(now) -> dict:
    from reglab.operations.models import WorkerHeartbeat

    newest = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]
    if newest is None:
        return {
            "ok": False,
            "heartbeat_age_seconds": None,
            "detail": "no worker has run (start `reglab worker`)",
        }
    age = (now - newest).total_seconds()
    return {"ok": age <= settings.REGLAB_WORKER_STALE_SECONDS, "heartbeat_age_seconds": round(age)}


def _statistics(now) -> dict:
    """Newest dataset version fetched; no statistics at all is not an error (a new installation)."""
    from reglab.statistics.models import DatasetVersion, VersionStatus

    newest = DatasetVersion.objects.filter(status=VersionStatus.CURRENT).aggregate(last=Max("fetched_at"))[
        "last"
    ]
    from django_tasks_db.models import DBTaskResult

    synced = DBTaskResult.objects.filter(
        task_path="reglab.operations.tasks.catalogue_sync_job", status="SUCCESSFUL"
    ).aggregate(last=Max("finished_at"))["last"]
    # A sync that found nothing new still counts as a fresh sync.
    newest = max((t for t in (newest, synced) if t is not None), default=None)
    if newest is None:
        return {"ok": True, "newest_sync_age_seconds": None}
    age = (now - newest).total_seconds()
    return {"ok": age <= settings.REGLAB_SYNC_STALE_DAYS * 86400, "newest_sync_age_seconds": round(age)}


def health_report() -> dict:
    now = timezone.now()
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["worker"] = _worker(now)
        checks["statistics"] = _statistics(now)
    healthy = all(check["ok"] for check in checks.values())
    return {
        "status": "ok" if healthy else "unhealthy",
        "checks": checks,
        "time": now.isoformat(timespec="seconds"),
    }
