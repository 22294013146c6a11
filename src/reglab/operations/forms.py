from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.operations.models import Cadence, ScheduledJob


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduledJob
        fields = ["enabled", "cadence", "time_of_day", "weekday"]
        widgets = {"time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean(self):
        data = super().clean()
        if data.get("cadence") == Cadence.WEEKLY and data.get("weekday") is None:
            self.add_error("weekday", _("Välj en veckodag för ett veckojobb."))
        return data
