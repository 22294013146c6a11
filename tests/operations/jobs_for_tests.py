"""Jobs used by the tests (module level, so the worker can import them by path)."""

from pathlib import Path

from reglab.operations.jobs import job


@job(max_attempts=3, backoff_seconds=0)
def fails_once(marker: str) -> str:
    path = Path(marker)
    if not path.exists():
        path.write_text("failed once")
        raise RuntimeError("the first attempt fails")
    return "succeeded on retry"


@job(max_attempts=2, backoff_seconds=0)
def always_fails() -> None:
    raise RuntimeError("this job always fails")


@job(max_attempts=2, backoff_seconds=120)
def fails_with_backoff() -> None:
    raise RuntimeError("fails, retried after two minutes")
