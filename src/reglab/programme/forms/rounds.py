"""Creating an idea round."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    programme_year = forms.IntegerField(label=_("Programår"), min_value=2000, max_value=2100)
    workshop_date = forms.DateField(
        label=_("Workshopdatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The autumn workshop plans next year's programme.
        year = timezone.localdate().year + 1
        self.initial.setdefault("programme_year", year)
        self.initial.setdefault("title", _("Idéworkshop inför %(year)s") % {"year": year})
