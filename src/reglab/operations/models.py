"""The schedule (data the secretariat edits) and the worker's heartbeat."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    DAILY = "daily", _("Dagligen")
    WEEKLY = "weekly", _("Varje vecka")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("måndag")
    TUESDAY = 1, _("tisdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lördag")
    SUNDAY = 6, _("söndag")


def next_occurrence(cadence: str, at: time, weekday: int | None, after: datetime) -> datetime:
    """The first moment strictly after `after` matching the cadence, in the site's local time zone."""
    local = timezone.localtime(after)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if cadence == Cadence.WEEKLY:
        candidate += timedelta(days=((weekday or 0) - candidate.weekday()) % 7)
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    while candidate <= local:
        candidate += step
    # Re-localise so a daylight-saving change between `after` and the candidate keeps the wall-clock time.
    naive = candidate.replace(tzinfo=None)
    return timezone.make_aware(naive, timezone.get_current_timezone())


class ScheduledJobQuerySet(models.QuerySet):
    def due(self, now: datetime):
        return self.filter(enabled=True, next_run_at__lte=now)


class ScheduledJob(models.Model):
    """A task run on a cadence; the worker enqueues it when `next_run_at` has passed."""

    key = models.SlugField(_("nyckel"), max_length=60, unique=True)
    title = models.CharField(_("namn"), max_length=200)
    task_path = models.CharField(
        _("uppgift"),
        max_length=200,
        help_text=_("Pythonsökväg till en uppgift, t.ex. reglab.operations.tasks.backup_job"),
    )
    cadence = models.CharField(_("intervall"), max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    time_of_day = models.TimeField(_("klockslag"), default=time(3, 0))
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices, null=True, blank=True)
    enabled = models.BooleanField(_("aktiv"), default=True)
    last_run_at = models.DateTimeField(_("senast köad"), null=True, blank=True)
    last_result_id = models.CharField(_("senaste jobb"), max_length=64, blank=True)
    next_run_at = models.DateTimeField(_("nästa körning"), null=True, blank=True)

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("schemalagt jobb")
        verbose_name_plural = _("schemalagda jobb")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.cadence == Cadence.DAILY:
            self.weekday = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.cadence == Cadence.WEEKLY and self.weekday is None:
            raise ValidationError({"weekday": _("Välj en veckodag för ett veckojobb.")})
        from reglab.operations.jobs import JobError, task_by_path

        try:
            task_by_path(self.task_path)
        except JobError as exc:
            raise ValidationError({"task_path": str(exc)}) from exc

    def compute_next_run(self, after: datetime | None = None) -> datetime:
        return next_occurrence(self.cadence, self.time_of_day, self.weekday, after or timezone.now())


class WorkerHeartbeat(models.Model):
    """One row per running worker, touched every loop; /healthz and the status page read its age."""

    name = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    jobs_done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.name
