"""Optimistic locking for edit forms: a save based on an outdated version is refused, nothing is lost.

The form carries the `updated_at` the editor loaded; the service locks the row and compares. An edit
of a stored object that arrives without that version (an old page, a hand-made request) is refused by
the form rather than saved over whatever is stored now.
"""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone saved the object after this editor opened it; nothing was saved."""


class VersionedFormMixin(forms.Form):
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and getattr(instance, "updated_at", None):
            self.fields["loaded_version"].initial = instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and getattr(instance, "updated_at", None):
            value = data.get("loaded_version") or ""
            if not value or parse_datetime(value) is None:
                raise forms.ValidationError(
                    _(
                        "Sidan saknar uppgift om vilken version du ändrade, så inget sparades. "
                        "Öppna sidan igen och gör ändringen på nytt."
                    ),
                    code="missing_version",
                )
        return data

    def loaded_updated_at(self):
        """The `updated_at` the editor loaded, or None when the form did not carry one."""
        value = self.cleaned_data.get("loaded_version") or ""
        return parse_datetime(value) if value else None


def ensure_unchanged(instance, expected_updated_at, *, what: str) -> None:
    """Lock the stored row (inside a transaction) and refuse if it changed since the editor loaded it."""
    if expected_updated_at is None:
        return
    current = type(instance).objects.select_for_update().only("updated_at").get(pk=instance.pk)
    if current.updated_at != expected_updated_at:
        raise EditConflict(
            _(
                "%(what)s ändrades av någon annan efter att du öppnade sidan. Dina ändringar sparades inte: "
                "kopiera det du vill behålla, öppna sidan igen och gör ändringen på nytt."
            )
            % {"what": what}
        )
