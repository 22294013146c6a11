"""Forms of the statistics pages: start a sync of a catalogue entry, upload a file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.forms.uploads import upload_within_limit
from reglab.statistics.updates import catalogue_choices


class SyncForm(forms.Form):
    entry = forms.ChoiceField(label=_("Katalogpost"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = catalogue_choices()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PX, JSON-stat 2 (.json), CSV eller XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".px,.json,.csv,.xlsx"}),
    )
    dataset_id = forms.CharField(
        label=_("Spara som dataset-id"),
        required=False,
        max_length=100,
        help_text=_("Tomt: tabellens eget id. Samma id som ett befintligt dataset ger en ny version av det."),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        return upload_within_limit(self.cleaned_data["file"], self.max_bytes)
