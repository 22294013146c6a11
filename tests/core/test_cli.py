import subprocess
import sys
from pathlib import Path

import pytest

from reglab.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "reglab serve" in out and "reglab geography load" in out


def test_unknown_command_is_a_clear_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_domain_without_verb_explains_usage(capsys):
    assert main(["geography"]) == 2
    assert "usage: reglab geography <verb>" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_command_uses_the_same_data_directory(tmp_path):
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "manage", "migrate", "-v0"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reglab.sqlite3").exists()


def test_domain_command_prepares_a_fresh_data_directory_without_configuration(tmp_path):
    """`reglab geography load` works in a new checkout with no environment variables set."""
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "geography", "load", "--no-geometry"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "riket 1, län 21, kommun 290, fa 60, groups 0" in result.stdout
    assert (tmp_path / "var" / "reglab.sqlite3").exists()


def test_unexpected_errors_are_one_line(tmp_path):
    env = {
        "PYTHONPATH": str(SRC),
        "PATH": "/usr/bin:/bin",
        "REGLAB_DEBUG": "1",
        "REGLAB_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reglab.cli", "data", "export", "no-such-dataset"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
