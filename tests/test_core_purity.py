"""The Django-free core stays Django-free: no module under engine/, clients/, readers/, reference/ or writers/
imports ``django`` or an app (``reglab.<app>``), read from the source with ``ast`` (imports inside
functions included), and importing all of them in a fresh interpreter loads no Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
CORE = ("engine", "clients", "readers", "reference", "writers")
PURE_PACKAGES = [f"reglab.{name}" for name in CORE]
CORE_FILES = sorted(p for name in CORE for p in (SRC / "reglab" / name).rglob("*.py"))


def _forbidden(module: str) -> bool:
    top, _sep, rest = module.partition(".")
    if top == "django":
        return True
    return top == "reglab" and bool(rest) and rest.split(".")[0] not in CORE


def forbidden_imports(path: Path) -> list[str]:
    """``line: module`` for every import of Django or an app in one source file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from reglab import geography` names the app in the alias, not in the module.
            modules = [node.module] + [
                f"{node.module}.{a.name}" for a in node.names if node.module == "reglab"
            ]
        else:
            continue  # relative imports stay inside their own core package
        found += [f"{node.lineno}: {m}" for m in modules if _forbidden(m)]
    return found


def test_the_core_has_files_to_check():
    assert len(CORE_FILES) > 20 and all((SRC / "reglab" / name).is_dir() for name in CORE)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(SRC / "reglab")))
def test_core_module_imports_no_django_and_no_app(path):
    assert forbidden_imports(path) == []


def test_the_check_finds_django_and_app_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import django.db\n"
        "from reglab import geography\n"
        "from reglab.engine import voting\n"
        "def f():\n"
        "    from reglab.statistics.models import Observation\n"
        "    from .x import y\n"
    )
    assert forbidden_imports(bad) == [
        "1: django.db",
        "2: reglab.geography",
        "5: reglab.statistics.models",
    ]


SCRIPT = """
import importlib, pkgutil, sys
for name in {packages!r}:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print("DJANGO:" + ",".join(loaded))
"""


def test_pure_core_imports_no_django():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(packages=PURE_PACKAGES)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("DJANGO:"), result.stdout
