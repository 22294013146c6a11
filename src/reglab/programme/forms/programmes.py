"""Creating a programme and recording the board's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.forms.ballots import model_field
from reglab.programme.models import FocusArea, IdeaRound


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"), required=False)
    focus_areas = forms.ModelMultipleChoiceField(
        FocusArea.objects.none(),
        label=_("Sakområden"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    is_published = forms.BooleanField(label=_("Publicera"), required=False)

    def __init__(self, *args, round: IdeaRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if round is None:
            # Without a chosen round there is nothing to link: focus areas come with their round.
            del self.fields["focus_areas"]
            return
        # Planned from one round: its year, and only its own focus areas (all of them by default).
        model_field(self, "round").queryset = IdeaRound.objects.filter(pk=round.pk)
        self.fields["round"].widget = forms.HiddenInput()
        areas = round.focus_areas.order_by("position", "pk")
        model_field(self, "focus_areas").queryset = areas
        self.initial.setdefault("round", round.pk)
        self.initial.setdefault("year", round.programme_year)
        self.initial.setdefault("focus_areas", [a.pk for a in areas])


class ProgrammeDecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Styrelsens beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    publish = forms.BooleanField(
        label=_("Publicera programmet och kalendern för alla"), required=False, initial=True
    )
