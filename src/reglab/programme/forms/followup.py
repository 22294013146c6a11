"""Follow-up forms: results, lessons, evaluations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Resultat"), max_length=300)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    link = forms.URLField(label=_("Länk"), required=False, assume_scheme="https")


class LessonForm(forms.Form):
    text = forms.CharField(label=_("Lärdom"), widget=forms.Textarea)


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Betyg"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )
    useful = forms.CharField(label=_("Vad var mest användbart?"), widget=forms.Textarea, required=False)
    improve = forms.CharField(label=_("Vad kan bli bättre?"), widget=forms.Textarea, required=False)
