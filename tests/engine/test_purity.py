"""The Django-free core stays Django-free: importing every module of it loads no Django."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PURE_PACKAGES = ["reglab.engine", "reglab.clients", "reglab.readers", "reglab.reference"]

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
