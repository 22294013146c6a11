"""Two `reglab data import` runs at the same time on one SQLite file: both finish, or the one that
cannot says so in one clear line; never a traceback, never a half-visible version."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_import_memory import write_px


def test_two_imports_at_once_finish_or_say_try_again(tmp_path):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the SQLite write lock is what this test is about")
    reglab = Path(sys.executable).with_name("reglab")
    env = {**os.environ, "REGLAB_DATA_DIR": str(tmp_path / "data"), "REGLAB_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(reglab), "setup"], env=env, check=True, capture_output=True, timeout=300)
    # 220 000 cells each: long enough for the two runs to overlap.
    write_px(tmp_path / "a.px", 220_000, matrix="CONCA", years=2)
    write_px(tmp_path / "b.px", 220_000, matrix="CONCB", years=2)
    runs = [
        subprocess.Popen(
            [str(reglab), "data", "import", str(tmp_path / name), "--no-progress"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a.px", "b.px")
    ]
    results = [(run.wait(timeout=300), run.stdout.read(), run.stderr.read()) for run in runs]
    for code, out, err in results:
        print(code, out.strip(), err.strip()[-500:])
        assert "Traceback" not in err and "OperationalError" not in err
        if code != 0:
            assert "försök igen om en stund" in err and len(err.strip().splitlines()) == 1
    with sqlite3.connect(tmp_path / "data" / "reglab.sqlite3") as db:
        states = db.execute(
            "SELECT d.external_id, v.status, v.row_count, "
            "(SELECT COUNT(*) FROM statistics_observation o WHERE o.version_id = v.id) "
            "FROM statistics_datasetversion v JOIN statistics_dataset d ON d.id = v.dataset_id"
        ).fetchall()
    print(states)
    assert all(status != "building" for _, status, _, _ in states)
    for _, status, row_count, stored in states:
        assert stored == (row_count if status == "current" else 0) or status == "superseded"
    assert sum(code == 0 for code, _, _ in results) >= 1
