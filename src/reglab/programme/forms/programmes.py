"""Creating a programme and recording the board's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.models import IdeaRound


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"), required=False)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    is_published = forms.BooleanField(label=_("Publicera"), required=False)


class ProgrammeDecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Styrelsens beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    publish = forms.BooleanField(
        label=_("Publicera programmet och kalendern för alla"), required=False, initial=True
    )
