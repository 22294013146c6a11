"""Must-show: malformed inputs give one clear line and a non-zero exit, and store nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reglab.statistics.models import DatasetVersion, Observation, SyncFailure

REPO = Path(__file__).resolve().parents[2]


def make_bad_files(folder: Path, px_dir: Path) -> dict[str, Path]:
    births = (px_dir / "BE0101D1.px").read_bytes()
    files = {
        "truncated.px": births[: int(len(births) * 0.7)],
        "wrong-codepage.px": b'CODEPAGE="utf-8";\n' + births,
        "inconsistent.json": json.dumps(
            {
                "version": "2.0",
                "class": "dataset",
                "id": ["Region", "Tid"],
                "size": [2, 2],
                "dimension": {
                    "Region": {"category": {"index": {"00": 0, "01": 1}}},
                    "Tid": {"category": {"index": {"2020": 0, "2021": 1}}},
                },
                "value": [1, 2, 3],
            }
        ).encode(),
        "empty.px": b"",
        "empty.csv": b"",
        "garbage.px": os.urandom(50 * 1024 * 1024),
        "garbage.csv": os.urandom(5 * 1024 * 1024),
    }
    paths = {}
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        paths[name] = path
    return paths


EXPECTED = {
    "truncated.px": "values but the variables give 46176",
    "wrong-codepage.px": "UTF-8",
    "inconsistent.json": "3 values but the sizes give 4",
    "empty.px": "empty",
    "empty.csv": "empty",
    "garbage.px": "Not a PX file",
    "garbage.csv": "binary",
}


@pytest.mark.django_db
def test_malformed_files_raise_command_error_and_store_nothing(geography, px_dir, tmp_path):
    for name, path in make_bad_files(tmp_path, px_dir).items():
        with pytest.raises(CommandError) as info:
            call_command("data_import", str(path), "--no-progress")
        message = str(info.value)
        assert "\n" not in message and EXPECTED[name] in message, (name, message)
    assert Observation.objects.count() == 0
    assert DatasetVersion.objects.count() == 0
    assert SyncFailure.objects.count() == len(EXPECTED)


def test_malformed_files_through_the_cli(px_dir, tmp_path):
    """The real `reglab data import` in a fresh process: one line on stderr, exit 1, no traceback."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
    }
    env.pop("DATABASE_URL")
    (tmp_path / "var").mkdir()
    run = [sys.executable, "-m", "reglab.cli"]
    subprocess.run([*run, "manage", "migrate", "-v0"], env=env, check=True, cwd=tmp_path, timeout=120)
    bad = make_bad_files(tmp_path, px_dir)
    for name, path in bad.items():
        done = subprocess.run(
            [*run, "data", "import", "--no-progress", str(path)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode != 0, name
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in done.stderr, (name, done.stderr)
        assert EXPECTED[name] in lines[0], (name, lines[0])
    status = subprocess.run(
        [*run, "data", "status"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "truncated" in status.stdout and "Inga dataset ännu" in status.stdout
