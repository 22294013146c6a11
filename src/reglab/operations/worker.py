"""`reglab worker`: run queued jobs (django-tasks-db's worker), enqueue scheduled ones, keep a heartbeat."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.db.models import F
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from reglab.operations.models import WorkerHeartbeat
from reglab.operations.schedule import schedule_enqueue_due

logger = logging.getLogger(__name__)


def heartbeat(name: str, jobs_done: int = 0) -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen_at": timezone.now()}, create_defaults={"name": name}
    )
    if jobs_done:
        WorkerHeartbeat.objects.filter(name=name).update(jobs_done=F("jobs_done") + jobs_done)


def run_worker(
    *, once: bool = False, interval: float = 5.0, name: str | None = None, schedule: bool = True
) -> int:
    """Loop: heartbeat, enqueue due scheduled jobs, run every ready job, sleep. Returns jobs run.

    `once` does one pass and returns (tests, cron). Ctrl+C / SIGTERM finish the running job first
    (django-tasks-db's signal handling). `schedule=False` runs only what is queued (the development
    server's thread: a laptop left running overnight does not start the nightly sync and backup).
    """
    name = (name or f"{socket.gethostname()}-{os.getpid()}")[:64]
    runner = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,  # run what is ready, then come back here for the heartbeat and the schedule
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=name,
        excluded_queue_names=[],
    )
    if not once:
        runner.configure_signals()
    # A single pass (cron, the development server's thread every few seconds) is not worth a line.
    logger.log(logging.DEBUG if once else logging.INFO, "worker %s started", name)
    total = 0
    while True:
        heartbeat(name)
        if schedule:
            schedule_enqueue_due()
        before = runner._run_tasks
        runner.run()
        done = runner._run_tasks - before
        total += done
        heartbeat(name, done)
        if once or not runner.running:
            return total
        time.sleep(interval)


def worker_thread_start(
    *, interval: float = 2.0, name: str | None = None, stop: threading.Event | None = None
) -> threading.Thread:
    """Run queued jobs in a daemon thread of this process (`reglab serve` in development); the
    schedule is left to `reglab worker`.

    One pass of `run_worker(once=True)` at a time (no signal handlers: they belong to the main
    thread); the thread's database connection is closed between passes, as a request's would be.
    """
    from django.db import close_old_connections, connection

    label = (name or f"{socket.gethostname()}-{os.getpid()}-serve")[:64]

    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run_worker(once=True, name=label, schedule=False)
            except Exception:  # a failing pass must not end the thread; the next one tries again
                logger.exception("in-process worker pass failed")
            finally:
                close_old_connections()
                connection.close()
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="reglab-dev-worker", daemon=True)
    thread.start()
    return thread
