"""The background jobs Reglab ships. Each body calls a service; the job adds retries and a record."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from reglab.operations.jobs import job

logger = logging.getLogger(__name__)


@job()
def catalogue_sync_job(ids: list[str] | None = None, catalogue: str | None = None) -> dict:
    """Fetch the statistics catalogue (SCB and Kolada) as new dataset versions.

    A failed dataset keeps its previous current version (the sync writes a new version and swaps it in
    only when complete), so a failing night never loses data. Raises when any entry failed, so the job
    is retried with back-off; entries already synced are "unchanged" on the retry.
    """
    from reglab.statistics.catalogue import catalogue_load
    from reglab.statistics.sync import catalogue_sync

    outcomes = catalogue_sync(catalogue_load(catalogue).entries(ids=ids or None))
    failed = [o.id for o in outcomes if o.state == "failed"]
    summary = {
        "datasets": len(outcomes),
        "new": sum(o.state == "new" for o in outcomes),
        "unchanged": sum(o.state == "unchanged" for o in outcomes),
        "failed": failed,
    }
    if failed:
        raise RuntimeError(f"{len(failed)} av {len(outcomes)} dataset misslyckades: {', '.join(failed[:5])}")
    return summary


@job(max_attempts=1)
def statistics_update_job(update_id: int) -> dict:
    """A data update started on the statistics pages (sync of one entry, or an uploaded file).

    One attempt: a bad file or a refused table is recorded on the update with its reason (the page
    shows it) and fails the same way on a retry; the user starts a new update instead.
    """
    from reglab.statistics.updates import update_run

    update = update_run(update_id)
    return {"update": update.pk, "status": update.status, "version": update.version_number}


@job()
def weekly_reminders_job() -> dict:
    """Count the meetings of the coming week.

    A meeting reminder is not one of the notification kinds yet (reglab.notifications), so this only
    counts and logs; when it becomes one, this job calls `notify` for each meeting's participants.
    """
    now = timezone.now()
    meeting = apps.get_model("programme", "Meeting")
    upcoming = meeting.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=7)).count()
    logger.info("weekly reminders: %d meetings in the coming week (no mail sent yet)", upcoming)
    return {"meetings_next_week": upcoming, "sent": 0}


@job()
def ballot_closing_reminders_job() -> dict:
    """Remind those who have not voted when an open ballot's planned closing is near (daily).

    Each person is told once per ballot, so running it again (or a retry) sends nothing new.
    """
    from reglab.programme.services.notices import ballots_remind_closing

    return ballots_remind_closing()


@job()
def backup_job() -> dict:
    """`reglab backup` as a job (the nightly schedule and the status page's "Säkerhetskopiera nu")."""
    from reglab.operations.backup import backup_create

    archive = backup_create(settings.REGLAB_BACKUP_DIR, keep=settings.REGLAB_BACKUP_KEEP)
    return {
        "archive": archive.path.name,
        "tables": len(archive.manifest["tables"]),
        "rows": sum(t["rows"] for t in archive.manifest["tables"].values()),
        "media_files": len(archive.manifest["media"]),
        "bytes": archive.path.stat().st_size,
    }


@job(backoff_seconds=300)
def send_notification_email(to: list[str], subject: str, body: str) -> int:
    """Send one plain-text mail through Django's mail backend; every notification e-mail is one of these.

    enqueue(send_notification_email, ["a@example.org"], "Mötet är inställt", "…")
    """
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to), fail_silently=False)
