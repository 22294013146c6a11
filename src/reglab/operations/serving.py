"""How `reglab serve --production` starts gunicorn.

gunicorn is the Django community's default WSGI server: mature, pre-forking (a crashed worker is
replaced, memory leaks are bounded with --max-requests), and its gthread workers let a few slow
clients wait on threads without blocking a whole process. Workers default to 2 × CPUs + 1
(REGLAB_WEB_WORKERS), each with REGLAB_WEB_THREADS threads (default 4).
"""

from __future__ import annotations

import os
import sys

from django.conf import settings

JSON_ACCESS_LOG = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "user_agent": "%(a)s"}'
)


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ValueError(f"{name} måste vara ett heltal, inte {value!r}") from exc


def gunicorn_argv(address: str) -> list[str]:
    workers = _env_int("REGLAB_WEB_WORKERS", default_workers())
    threads = _env_int("REGLAB_WEB_THREADS", 4)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "reglab.wsgi:application",
        "--bind",
        address,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        str(_env_int("REGLAB_WEB_TIMEOUT", 60)),
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--access-logfile",
        "-",  # request logs on stdout, error log on stderr (journald/docker collect both)
        "--error-logfile",
        "-",
        "--no-control-socket",  # gunicorn 27's control socket lives in $HOME; several servers would share it
        "--forwarded-allow-ips",
        os.environ.get("REGLAB_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    if settings.REGLAB_LOG_FORMAT == "json":
        argv += ["--access-logformat", JSON_ACCESS_LOG]
    return argv
