#!/usr/bin/env python
import contextlib
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from reglab.core.datadir import data_dir_create

    # The SQLite database lives in the data directory. Without valid settings Django reports the
    # configuration error itself, where the command needs settings.
    with contextlib.suppress(ImproperlyConfigured):
        data_dir_create()
    execute_from_command_line(sys.argv)
