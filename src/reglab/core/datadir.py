"""The data directory (`REGLAB_DATA_DIR`): SQLite database, uploads, static files.

Created by the entry points that use the database (`manage.py`, the WSGI/ASGI application, `reglab`
commands that need a database), not when Django starts, so commands that only read files never leave
a data directory behind.
"""

from __future__ import annotations

from pathlib import Path


def data_dir_create() -> Path:
    from django.conf import settings

    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir
