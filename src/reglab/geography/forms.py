from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.geography.models import Region, RegionKind


class RegionGroupForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Län och kommuner som ingår"),
        queryset=Region.objects.filter(kind__in=[RegionKind.LAN, RegionKind.KOMMUN]).order_by("kind", "code"),
        widget=forms.SelectMultiple(attrs={"size": 14}),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
