"""Background jobs: the one API other apps use.

    from reglab.operations.jobs import job, enqueue

    @job()                                  # a django-tasks task that is retried with back-off
    def send_something(address: str) -> int: ...

    enqueue(send_something, "a@example.org")  # stored in the database; `reglab worker` runs it

Jobs run in `reglab worker` (django-tasks' database backend, so SQLite and PostgreSQL need no extra
server), never inside the request that enqueued them. Arguments and return values must be JSON.

django-tasks 0.12 runs each enqueued task once and records FAILED when it raises; it has no retries.
`job()` adds them: when the function raises and attempts remain, the same task is enqueued again with
`run_after = now + backoff * 2**(attempt-1)` and the attempt number in the `_attempt` keyword, and the
failed run stays on record with its traceback. Attempts and back-off come from REGLAB_JOB_MAX_ATTEMPTS
and REGLAB_JOB_BACKOFF_SECONDS unless the decorator gives them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task, TaskResult

logger = logging.getLogger(__name__)

__all__ = ["JobError", "attempt_of", "enqueue", "job", "task_by_path"]

ATTEMPT_KWARG = "_attempt"


class JobError(ValueError):
    """A task path that names no task, or arguments that cannot be stored."""


def _backoff(attempt: int, base: int) -> timedelta:
    return timedelta(seconds=base * 2 ** (attempt - 1))


def job(
    *, max_attempts: int | None = None, backoff_seconds: int | None = None, priority: int = 0
) -> Callable[[Callable[..., Any]], Task]:
    """Make a module-level function a task that is retried with exponential back-off when it raises."""

    def decorate(func: Callable[..., Any]) -> Task:
        @functools.wraps(func)
        def run(*args: Any, _attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                limit = settings.REGLAB_JOB_MAX_ATTEMPTS if max_attempts is None else max_attempts
                base = settings.REGLAB_JOB_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
                if _attempt < limit:
                    delay = _backoff(_attempt, base)
                    retry = the_task.using(run_after=timezone.now() + delay).enqueue(
                        *args, **{ATTEMPT_KWARG: _attempt + 1}, **kwargs
                    )
                    logger.warning(
                        "job %s failed (attempt %d of %d); retry %s in %ds",
                        the_task.module_path,
                        _attempt,
                        limit,
                        retry.id,
                        delay.total_seconds(),
                        extra={"job": the_task.module_path, "attempt": _attempt},
                    )
                else:
                    logger.error(
                        "job %s failed for good after %d attempts",
                        the_task.module_path,
                        _attempt,
                        extra={"job": the_task.module_path, "attempt": _attempt},
                    )
                raise

        the_task = task(priority=priority)(run)
        return the_task

    return decorate


def enqueue(job_task: Task | str, *args: Any, **kwargs: Any) -> TaskResult:
    """Store a job for the worker; returns its result handle (`.id`, `.status`)."""
    if isinstance(job_task, str):
        job_task = task_by_path(job_task)
    try:
        result = job_task.enqueue(*args, **kwargs)
    except TypeError as exc:  # django-tasks refuses arguments that are not JSON
        raise JobError(f"Jobbets argument kan inte sparas som JSON: {exc}") from exc
    logger.info("job %s enqueued as %s", job_task.module_path, result.id, extra={"job": job_task.module_path})
    return result


def task_by_path(path: str) -> Task:
    """The task at a dotted path (a ScheduledJob's `task_path`); JobError when it is not a task."""
    try:
        candidate = import_string(path)
    except ImportError as exc:
        raise JobError(f"Ingen uppgift heter {path!r}.") from exc
    if not isinstance(candidate, Task):
        raise JobError(f"{path!r} är ingen bakgrundsuppgift (saknar @job).")
    return candidate


def attempt_of(args_kwargs: dict) -> int:
    """The attempt number stored with an enqueued job (1 for the first run)."""
    return int((args_kwargs or {}).get("kwargs", {}).get(ATTEMPT_KWARG, 1))
