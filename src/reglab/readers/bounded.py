"""Run a parser in a child process with hard limits on memory, CPU time and wall-clock time.

Parsing libraries (pdfminer, lxml, pandas) hold whole documents in memory and a hostile file can
make them take gigabytes or minutes. Checks on the raw bytes catch the known shapes; the child
process is the backstop for the rest: `RLIMIT_AS` caps its memory, `RLIMIT_CPU` its CPU time, and
the parent kills it after a wall-clock timeout. The web process or the command that asked stays
small and answers with one clear message.

The child is a fresh interpreter (`python -m reglab.readers.bounded`), not a fork: a fork of a
threaded web server can deadlock, and a fresh interpreter starts with no copied memory. Arguments
and the result travel as pickles over pipes; the child sets its limits before reading them.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO, Any

__all__ = ["LimitExceeded", "Limits", "env_limits", "run_bounded"]

MB = 1024 * 1024
_EXIT_MEMORY = 3


@dataclass(frozen=True)
class Limits:
    memory_bytes: int  # address space of the child (RLIMIT_AS)
    seconds: int  # CPU time (RLIMIT_CPU) and wall-clock timeout


class LimitExceeded(Exception):
    """The child ran out of memory or time, or died. `kind` is 'memory', 'time' or 'crash'."""

    def __init__(self, kind: str, limits: Limits, detail: str = "") -> None:
        self.kind = kind
        self.limits = limits
        self.detail = detail
        super().__init__(f"{kind} ({limits.memory_bytes // MB} MB, {limits.seconds} s) {detail}".strip())


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value > 0 else default


def env_limits(prefix: str, *, memory_mb: int, seconds: int) -> Limits:
    """Limits from `<prefix>_MEMORY_MB` and `<prefix>_TIMEOUT_SECONDS`, read at call time.

    The readers are Django-free, so they read the two variables themselves (docs/settings.md).
    """
    return Limits(
        memory_bytes=_env_int(f"{prefix}_MEMORY_MB", memory_mb) * MB,
        seconds=_env_int(f"{prefix}_TIMEOUT_SECONDS", seconds),
    )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # One thread per math library and few malloc arenas: each thread would reserve address space
    # that counts against RLIMIT_AS without ever being used.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[name] = "1"
    env["MALLOC_ARENA_MAX"] = "2"
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def _drain(stream: IO[bytes], keep: int = 4096) -> bytes:
    """Read a stream to its end, keeping only the last `keep` bytes (a traceback's tail)."""
    tail = b""
    while chunk := stream.read(65536):
        tail = (tail + chunk)[-keep:]
    return tail


def run_bounded(target: str, *args: Any, limits: Limits, **kwargs: Any) -> Any:
    """Call `module:function(*args, **kwargs)` in a limited child process and return its result.

    Exceptions the function raises (pickled, e.g. DeckError and ReaderError) are raised here;
    running out of memory or time, or dying, raises `LimitExceeded`.
    """
    payload = pickle.dumps((target, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    read_fd, write_fd = os.pipe()  # the result channel; the child's stdout is left for stray prints
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reglab.readers.bounded",
                str(limits.memory_bytes),
                str(limits.seconds),
                str(write_fd),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(write_fd,),
            env=_child_env(),
        )
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    outcome: list[tuple[str, Any]] = []
    stdin, stderr = process.stdin, process.stderr
    assert stdin is not None and stderr is not None  # both are pipes (see Popen above)
    stderr_tail: list[bytes] = []

    def read_result() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            # A child that died while writing leaves a truncated pickle: its exit status says why.
            with contextlib.suppress(Exception):
                outcome.append(pickle.load(pipe))  # noqa: S301 - written by our own child process
            _drain(pipe)

    threads = [
        threading.Thread(target=read_result, daemon=True),
        threading.Thread(target=lambda: stderr_tail.append(_drain(stderr)), daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        try:
            stdin.write(payload)
            stdin.close()
        except BrokenPipeError:
            pass  # the child died before reading everything; its exit status tells why
        try:
            returncode = process.wait(timeout=limits.seconds + 5)
        except subprocess.TimeoutExpired:
            raise LimitExceeded("time", limits) from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for thread in threads:
            thread.join(timeout=30)
    tail = (stderr_tail[0] if stderr_tail else b"").decode("utf-8", "replace")[-400:]
    if not outcome:
        if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise LimitExceeded("time", limits, tail)
        if "MemoryError" in tail or returncode in (
            _EXIT_MEMORY,
            -signal.SIGSEGV,
            -signal.SIGABRT,
            -signal.SIGBUS,
        ):
            raise LimitExceeded("memory", limits, tail)
        raise LimitExceeded("crash", limits, f"exit {returncode}: {tail}")
    status, value = outcome[0]
    if status == "ok":
        return value
    if status == "memory":
        raise LimitExceeded("memory", limits)
    raise value


def _child_main(argv: list[str]) -> int:
    memory, seconds, fd = int(argv[0]), int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    result_pipe = os.fdopen(fd, "wb")
    try:
        target, args, kwargs = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our parent
        module_name, _, function_name = target.partition(":")
        function = getattr(importlib.import_module(module_name), function_name)
        outcome = ("ok", function(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except ImportError as exc:
        # A shared library that cannot be mapped under RLIMIT_AS ("failed to map segment").
        outcome = ("memory", None) if "map" in str(exc) or "allocate" in str(exc) else ("error", exc)
    except Exception as exc:  # handed to the parent, which raises it
        outcome = ("error", exc)
    try:
        # Straight into the pipe: large arrays are written without a second copy in memory.
        pickle.dump(outcome, result_pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return _EXIT_MEMORY  # the parent reads a truncated pickle and reports memory from the exit code
    except Exception as exc:  # an exception that does not pickle: its text is enough
        pickle.dump(("error", RuntimeError(f"{type(exc).__name__}: {exc}")), result_pipe)
    result_pipe.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
