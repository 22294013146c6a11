"""The programme's one audit path: the change log (who, when, what).

Every service that changes data calls ``log_change``; pages read it with ``changes_for`` (one object)
and ``recent_changes`` (the log page). Proposals also keep their own revision history (``ProposalRevision``)
and merge log (``ProposalMerge``) for the proposal page; those are written next to the change log entry.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from reglab.programme.models import ChangeLog


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def log_change(*, user, action: str, obj: models.Model, changes: dict[str, Any] | None = None) -> ChangeLog:
    """Append one entry. ``changes`` is e.g. {"status": ["planned", "running"]} or the created fields."""
    return ChangeLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=_jsonable(changes or {}),
    )


def apply_changes(obj: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set on ``obj`` (unsaved) the fields whose value differs; returns {name: [old, new]} for the log."""
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes


def changes_for(obj: models.Model):
    return ChangeLog.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).select_related(
        "user"
    )


def recent_changes(limit: int = 500):
    """The latest entries of the whole programme, newest first."""
    return ChangeLog.objects.select_related("user")[:limit]
