"""Run the real `reglab` command in a subprocess with its own data directory (and database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REGLAB_", "DATABASE_URL", "DJANGO_", "PYTEST"))
    }
    env.update({"PYTHONPATH": str(SRC), "REGLAB_DATA_DIR": str(data_dir), "REGLAB_DEBUG": "1"})
    env.update(extra)
    return env


def reglab(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reglab.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
