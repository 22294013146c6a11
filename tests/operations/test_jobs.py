"""Jobs enqueued by a web action run in the worker; retries with back-off; the schedule; /drift/."""

from __future__ import annotations

import json
import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reglab.operations import tasks
from reglab.operations.jobs import JobError, attempt_of, enqueue
from reglab.operations.logging import JsonFormatter
from reglab.operations.models import Cadence, ScheduledJob, Weekday, WorkerHeartbeat, next_occurrence
from reglab.operations.schedule import schedule_enqueue_due
from tests.operations import jobs_for_tests

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def results(task_path: str):
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))


@pytest.mark.django_db(transaction=True)
def test_backup_now_button_enqueues_a_job_that_the_worker_runs(client, secretary, backup_dir):
    client.force_login(secretary)
    response = client.post("/drift/kor/backup/")
    assert response.status_code == 302
    [queued] = results("reglab.operations.tasks.backup_job")
    assert queued.status == "READY"  # enqueued, not run inside the request
    assert not backup_dir.exists() or not list(backup_dir.iterdir())

    call_command("worker", "--once")

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    [archive] = backup_dir.glob("reglab-backup-*.tar.gz")
    assert queued.return_value["archive"] == archive.name
    assert queued.return_value["tables"] > 10
    page = client.get("/drift/").content.decode()
    assert f'data-job="{queued.id}" data-status="SUCCESSFUL"' in page
    assert archive.name in page  # the result and the "latest backup" card
    assert WorkerHeartbeat.objects.get().jobs_done == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_is_retried_and_succeeds(tmp_path):
    enqueue(jobs_for_tests.fails_once, str(tmp_path / "marker"))
    call_command("worker", "--once")
    first, second = results("tests.operations.jobs_for_tests.fails_once")
    assert (first.status, attempt_of(first.args_kwargs)) == ("FAILED", 1)
    assert "the first attempt fails" in first.traceback
    assert (second.status, attempt_of(second.args_kwargs)) == ("SUCCESSFUL", 2)
    assert second.return_value == "succeeded on retry"


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_attempt():
    enqueue(jobs_for_tests.always_fails)
    call_command("worker", "--once")
    runs = results("tests.operations.jobs_for_tests.always_fails")
    assert [(r.status, attempt_of(r.args_kwargs)) for r in runs] == [("FAILED", 1), ("FAILED", 2)]


@pytest.mark.django_db(transaction=True)
def test_retry_waits_for_the_backoff():
    enqueue(jobs_for_tests.fails_with_backoff)
    call_command("worker", "--once")
    failed, retry = results("tests.operations.jobs_for_tests.fails_with_backoff")
    assert failed.status == "FAILED" and retry.status == "READY"
    assert retry.run_after - failed.started_at >= timedelta(seconds=120)
    assert not DBTaskResult.objects.ready().filter(pk=retry.pk).exists()  # not yet due


@pytest.mark.django_db(transaction=True)
def test_notification_mail_is_sent_by_the_worker():
    enqueue(
        tasks.send_notification_email, ["ordf@example.org"], "Mötet är inställt", "Mötet 12 maj är inställt."
    )
    assert mail.outbox == []
    call_command("worker", "--once")
    [message] = mail.outbox
    assert message.to == ["ordf@example.org"] and message.subject == "Mötet är inställt"


@pytest.mark.django_db
def test_arguments_must_be_json():
    with pytest.raises(JobError, match="JSON"):
        enqueue(tasks.send_notification_email, [object()], "s", "b")


def test_next_occurrence_daily_and_weekly(settings):
    after = datetime(2026, 3, 4, 10, 0, tzinfo=STOCKHOLM)  # a Wednesday
    assert next_occurrence(Cadence.DAILY, time(2, 30), None, after) == datetime(
        2026, 3, 5, 2, 30, tzinfo=STOCKHOLM
    )
    assert next_occurrence(Cadence.DAILY, time(11, 0), None, after) == datetime(
        2026, 3, 4, 11, 0, tzinfo=STOCKHOLM
    )
    monday = next_occurrence(Cadence.WEEKLY, time(7, 0), Weekday.MONDAY, after)
    assert monday == datetime(2026, 3, 9, 7, 0, tzinfo=STOCKHOLM)
    # Across the change to summer time (29 March 2026) the wall-clock time stays 02:30 → 03:30 is fine.
    assert (
        timezone.localtime(
            next_occurrence(Cadence.DAILY, time(7, 0), None, datetime(2026, 3, 28, 8, 0, tzinfo=STOCKHOLM))
        ).hour
        == 7
    )


@pytest.mark.django_db(transaction=True)
def test_schedule_is_seeded_and_due_jobs_are_enqueued_once(schedule, backup_dir):
    keys = set(ScheduledJob.objects.values_list("key", flat=True))
    assert {"nightly-catalogue-sync", "weekly-reminders", "nightly-backup"} <= keys
    ScheduledJob.objects.exclude(key="nightly-backup").update(enabled=False)
    backup = ScheduledJob.objects.get(key="nightly-backup")
    backup.next_run_at = timezone.now() - timedelta(days=3)  # the worker was down for three nights
    backup.save()

    call_command("worker", "--once")

    backup.refresh_from_db()
    [run] = results("reglab.operations.tasks.backup_job")
    assert run.status == "SUCCESSFUL" and backup.last_result_id == str(run.id)
    assert backup.next_run_at > backup.last_run_at
    assert schedule_enqueue_due() == []  # not due again until the next night


@pytest.mark.django_db(transaction=True)
def test_weekly_reminders_count_only():
    ScheduledJob.objects.all().update(enabled=False)
    enqueue(tasks.weekly_reminders_job)
    call_command("worker", "--once")
    [run] = results("reglab.operations.tasks.weekly_reminders_job")
    assert run.return_value == {"meetings_next_week": 0, "sent": 0}


@pytest.mark.django_db
def test_status_page_is_for_the_secretariat(client, member, secretary, schedule):
    assert client.get("/drift/").status_code == 302  # anonymous: to the login page
    client.force_login(member)
    assert client.get("/drift/").status_code == 403
    assert client.post("/drift/kor/backup/").status_code == 403
    assert not DBTaskResult.objects.exists()
    client.force_login(secretary)
    page = client.get("/drift/").content.decode()
    assert "Nattlig säkerhetskopia" in page and "Ingen bakgrundsarbetare har körts" in page


@pytest.mark.django_db
def test_secretariat_changes_the_schedule(client, secretary, schedule):
    client.force_login(secretary)
    reminders = ScheduledJob.objects.get(key="weekly-reminders")
    url = f"/drift/schema/{reminders.pk}/"
    bad = client.post(url, {"enabled": "on", "cadence": "weekly", "time_of_day": "08:15", "weekday": ""})
    assert "Välj en veckodag för ett veckojobb." in bad.content.decode()
    response = client.post(
        url, {"enabled": "on", "cadence": "weekly", "time_of_day": "08:15", "weekday": "4"}
    )
    assert response.status_code == 302
    reminders.refresh_from_db()
    nxt = timezone.localtime(reminders.next_run_at)
    assert (reminders.weekday, nxt.weekday(), nxt.hour, nxt.minute) == (4, 4, 8, 15)


@pytest.mark.django_db
def test_healthz_reports_the_worker(client):
    report = client.get("/healthz")
    assert report.status_code == 503
    assert report.json()["checks"]["database"]["ok"] is True
    assert report.json()["checks"]["worker"]["heartbeat_age_seconds"] is None
    WorkerHeartbeat.objects.create(name="w1")
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.json()["status"] == "ok"
    WorkerHeartbeat.objects.update(last_seen_at=timezone.now() - timedelta(hours=1))
    assert client.get("/healthz").status_code == 503


def test_json_log_lines():
    record = logging.LogRecord("reglab.x", logging.INFO, __file__, 1, "job %s done", ("a",), None)
    record.job = "backup_job"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "job a done" and line["level"] == "INFO" and line["job"] == "backup_job"
