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


def indicator_choices() -> list:
    """The measure catalogue as grouped choices: only measures with stored values can follow up a goal."""
    from reglab.analysis.catalogue import measure_catalogue

    groups: dict[str, list[tuple[str, str]]] = {}
    names = {"brp": "BRP+", "brp_indicator": _("BRP+-indikatorer"), "stat": _("Statistik")}
    for entry in measure_catalogue():
        if entry.key:
            label = entry.title if entry.kind == "brp" else f"{entry.ident} – {entry.title}"
            groups.setdefault(str(names.get(entry.kind, entry.kind)), []).append((entry.key, label[:150]))
    return [("", _("– ingen indikator –")), *groups.items()]


class GoalForm(forms.ModelForm):
    indicator = forms.ChoiceField(label=_("Indikator"), required=False)

    class Meta:
        model = Goal
        fields = [
            "title",
            "description",
            "indicator",
            "indicator_note",
            "indicator_label",
            "unit",
            "direction",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = indicator_choices()
        current = self.instance.indicator if self.instance and self.instance.pk else ""
        if current and not any(current == k for _g, opts in choices[1:] for k, _l in opts):
            choices.append((current, current))  # a key whose data is gone stays selectable
        self.fields["indicator"].choices = choices
        self.fields["indicator"].help_text = _(
            "Ur måttkatalogen: BRP+-index och lagrad statistik. Utvecklingen räknas från de lagrade värdena."
        )

    def clean(self):
        data = super().clean()
        key = data.get("indicator") or ""
        if key and not (data.get("indicator_label") and data.get("unit")):
            from reglab.analysis.measures import MeasureError, measure_resolve

            try:
                measure = measure_resolve(key)
            except MeasureError as exc:
                self.add_error("indicator", str(exc))
                return data
            data["indicator_label"] = data.get("indicator_label") or measure.label[:300]
            data["unit"] = data.get("unit") or measure.unit[:50]
        return data


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "responsible", "due_year", "status", "comment"]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["year", "value", "source", "comment"]
