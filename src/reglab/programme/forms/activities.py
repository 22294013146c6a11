"""Activity forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.programme.models import ActivityFormat, FocusArea, Programme


def _organisations():
    return Organisation.objects.order_by("name")


class ActivityForm(forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Program"))
    focus_area = forms.ModelChoiceField(FocusArea.objects.all(), label=_("Sakområde"), required=False)
    title = forms.CharField(label=_("Titel"), max_length=300)
    format = forms.ChoiceField(label=_("Format"), choices=ActivityFormat.choices)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    goals = forms.CharField(label=_("Mål"), widget=forms.Textarea, required=False)
    lead_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Ledande organisation(er)"), required=False
    )
    participating_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Deltagande organisationer"), required=False
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Kontaktens e-post"), required=False)
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Slut"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_sek = forms.DecimalField(label=_("Budget (kr)"), min_value=0, decimal_places=0, required=False)
    capacity = forms.IntegerField(label=_("Antal platser"), min_value=1, required=False)


class ActivityEditForm(ActivityForm):
    """The activity's details; organisations and status have their own pages/buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("programme", "lead_organisations", "participating_organisations"):
            del self.fields[name]


class ActivityOrganisationsForm(forms.Form):
    lead_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Ledande organisation(er)"), required=False
    )
    participating_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Deltagande organisationer"), required=False
    )
