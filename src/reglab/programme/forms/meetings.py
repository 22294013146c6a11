"""Meeting forms: plan, minutes, documents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.forms.uploads import LimitedFileForm
from reglab.programme.uploads import UPLOAD_HELP


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Börjar"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Slutar"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Plats"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Dagordning"), widget=forms.Textarea, required=False)
    capacity = forms.IntegerField(label=_("Antal platser (tomt = obegränsat)"), min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            raise forms.ValidationError(_("Ange en plats eller en länk."))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minnesanteckningar"), widget=forms.Textarea, required=False)


class DocumentForm(LimitedFileForm):
    title = forms.CharField(label=_("Titel"), max_length=300, required=False)
    file = forms.FileField(label=_("Fil"), help_text=UPLOAD_HELP)
