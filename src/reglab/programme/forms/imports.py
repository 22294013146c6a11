"""Deck upload and the review of one draft."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.forms.uploads import LimitedFileForm
from reglab.programme.models import ActivityFormat
from reglab.reference.organisations import regional_organisations


class UploadForm(LimitedFileForm):
    file = forms.FileField(label=_("Presentation eller dokument (PPTX, PDF, DOCX, TXT)"))


def region_choices():
    return [("", _("– okänd –"))] + [(r.lan, r.name) for r in regional_organisations()]


class DraftForm(forms.Form):
    """One extracted proposal on the review screen."""

    include = forms.BooleanField(label=_("Importera"), required=False, initial=True)
    title = forms.CharField(label=_("Titel"), max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    region_lan = forms.ChoiceField(label=_("Föreslås av"), required=False)
    formats = forms.MultipleChoiceField(
        label=_("Format"), choices=ActivityFormat.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    needs = forms.CharField(label=_("Behov"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    strategy_text = forms.CharField(
        label=_("Strategier/program (en per rad)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_lan"].choices = region_choices()
