"""The real CLI path: `python -m reglab.cli brp compute --input --out` with an unreachable database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from reglab.indicators.models import BrpConfigVersion
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict, write_rows

SRC = Path(__file__).resolve().parents[2] / "src"


def test_cli_compute_without_database(tmp_path):
    cfg = load_config_dict()
    path = tmp_path / "in.csv"
    write_rows(kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict()), path)
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "REGLAB_DEBUG": "1",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",  # any DB access would fail
    }
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reglab.cli",
            "brp",
            "compute",
            "--input",
            str(path),
            "--out",
            str(out),
            "--lag",
            "5",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "lag 5" in proc.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "1.kolada_totalindex_kommun2025.csv",
        "2.kolada_temaindex_kommun2025.csv",
        "3.kolada_totalindex_region2025.csv",
        "4.kolada_temaindex_region2025.csv",
    ]


@pytest.mark.django_db
def test_brp_load_command():
    call_command("brp_load")
    assert BrpConfigVersion.objects.get(stampelar=2025).indicators.count() == 84
