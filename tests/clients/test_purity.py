from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_readers_and_clients_do_not_import_django():
    code = (
        f"import sys; sys.path.insert(0, {str(SRC)!r})\n"
        "import reglab.readers, reglab.readers.px, reglab.readers.jsonstat, reglab.readers.tabular\n"
        "import reglab.clients._http, reglab.clients.pxweb, reglab.clients.kolada\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
