"""Choosing proposals to merge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.models import Proposal


class MergeForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Förslag att sammanföra"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Titel på det gemensamma förslaget"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Beskrivning (tom = originalens texter)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    decision = forms.CharField(
        label=_("Beslut och motivering (krävs när röstningen har börjat; loggas)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = queryset
