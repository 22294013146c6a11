"""Change log entries as readable text in templates: ``{{ e|change_action }}``, ``e|change_lines``."""

from __future__ import annotations

from django import template

from reglab.programme import audit

register = template.Library()


@register.filter
def change_action(entry) -> str:
    return audit.action_label(entry.action)


@register.filter
def change_object(entry) -> str:
    return audit.object_label(entry)


@register.filter
def change_lines(entry) -> list[str]:
    return audit.change_lines(entry)
