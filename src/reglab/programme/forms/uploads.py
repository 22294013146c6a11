"""The size limit of an uploaded file, checked in the form (the limit comes from settings, via the view)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def upload_within_limit(upload, max_bytes: int | None):
    """The upload, or the one-line form error when it is larger than `max_bytes`."""
    if upload and max_bytes is not None and upload.size > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise forms.ValidationError(_("Filen är för stor (högst %(mb)s MB).") % {"mb": mb})
    return upload


class LimitedFileForm(forms.Form):
    """A form whose `file` field takes at most `max_bytes`."""

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        return upload_within_limit(self.cleaned_data["file"], self.max_bytes)
