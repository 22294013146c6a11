from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.accounts.predicates import is_secretariat, organisation_ids
from reglab.core.concurrency import VersionedFormMixin
from reglab.plans.models import ActionPlan, FollowUp, Goal, Measure


class ActionPlanForm(VersionedFormMixin, forms.ModelForm):
    document_url = forms.URLField(label=_("Länk till planen"), required=False, assume_scheme="https")

    class Meta:
        model = ActionPlan
        fields = [
            "organisation",
            "title",
            "theme",
            "description",
            "start_year",
            "end_year",
            "adopted_on",
            "document_url",
            "status",
        ]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Members plan for their own organisation only; the secretariat for anyone.
        if user is not None and not is_secretariat(user):
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids(user))

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", "Slutåret kan inte ligga före startåret.")
        return data


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "title",
            "description",
            "indicator",
            "indicator_label",
            "unit",
            "direction",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "responsible", "due_year", "status", "comment"]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["year", "value", "source", "comment"]
