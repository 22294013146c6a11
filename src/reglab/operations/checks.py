"""System checks for a deployment (`reglab manage check --deploy`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks


def static_files_collected(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With debug off every page needs collectstatic's manifest, or it answers 500."""
    backend = str(settings.STORAGES.get("staticfiles", {}).get("BACKEND", ""))
    if settings.DEBUG or "Manifest" not in backend:
        return []
    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return []
    return [
        checks.Warning(
            f"Static files are not collected in {settings.STATIC_ROOT}: with debug off pages answer 500.",
            hint="Use `reglab serve --production` (it collects them) or run `manage.py collectstatic`.",
            id="reglab.W001",
        )
    ]
