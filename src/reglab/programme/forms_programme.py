"""Forms for ballots, the programme, meetings and follow-up. Validation of rules lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.programme.models import (
    ActivityFormat,
    Ballot,
    FocusArea,
    IdeaRound,
    Programme,
    Proposal,
    VoterPolicy,
)


class FocusAreaForm(forms.Form):
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"))
    title = forms.CharField(label=_("Titel"), max_length=300)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    proposals = forms.ModelMultipleChoiceField(
        Proposal.objects.select_related("round"),
        label=_("Förslag som ingår"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class BallotForm(forms.Form):
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"))
    title = forms.CharField(label=_("Titel"), max_length=200)
    instructions = forms.CharField(label=_("Instruktioner"), widget=forms.Textarea, required=False)
    options = forms.ModelMultipleChoiceField(
        FocusArea.objects.all(), label=_("Sakområden att rösta om"), widget=forms.CheckboxSelectMultiple
    )
    use_dots = forms.BooleanField(label=_("Prickröstning"), required=False, initial=True)
    dots_per_voter = forms.IntegerField(label=_("Prickar per röst"), min_value=1, max_value=100, initial=8)
    max_dots_per_option = forms.IntegerField(
        label=_("Högst antal prickar per alternativ (tomt = ingen gräns)"), min_value=1, required=False
    )
    use_ranking = forms.BooleanField(label=_("Rangordning"), required=False)
    voter_policy = forms.ChoiceField(label=_("Vem röstar"), choices=VoterPolicy.choices)


class BallotCastForm(forms.Form):
    """One number field per option for dots and/or rank (1 = högst prioriterad)."""

    def __init__(self, *args, ballot: Ballot, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        self.option_list = list(ballot.options.order_by("position", "pk"))
        organisations = list(organisations)
        self.fields["organisation"] = forms.ModelChoiceField(
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            label=_("Röstar för"),
            initial=organisations[0].pk if organisations else None,
        )
        for option in self.option_list:
            if ballot.use_dots:
                self.fields[f"dots_{option.pk}"] = forms.IntegerField(
                    label=_("Prickar för %(title)s") % {"title": option.title},
                    min_value=0,
                    max_value=ballot.max_dots_per_option or ballot.dots_per_voter,
                    required=False,
                    initial=0,
                )
            if ballot.use_ranking:
                self.fields[f"rank_{option.pk}"] = forms.IntegerField(
                    label=_("Placering för %(title)s") % {"title": option.title},
                    min_value=1,
                    max_value=len(self.option_list),
                    required=False,
                )

    def option_rows(self):
        for option in self.option_list:
            yield {
                "option": option,
                "dots": self[f"dots_{option.pk}"] if self.ballot.use_dots else None,
                "rank": self[f"rank_{option.pk}"] if self.ballot.use_ranking else None,
            }

    def clean(self):
        data = super().clean()
        dots, ranks = {}, {}
        for option in self.option_list:
            if self.ballot.use_dots and data.get(f"dots_{option.pk}"):
                dots[option.pk] = data[f"dots_{option.pk}"]
            if self.ballot.use_ranking and data.get(f"rank_{option.pk}"):
                ranks[option.pk] = data[f"rank_{option.pk}"]
        if len(set(ranks.values())) != len(ranks):
            raise forms.ValidationError(_("Två alternativ har samma placering; ge varje alternativ en egen."))
        data["dots"] = dots
        data["ranking"] = [pk for pk, _rank in sorted(ranks.items(), key=lambda item: item[1])]
        return data


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"), required=False)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    is_published = forms.BooleanField(label=_("Publicera"), required=False)


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


class ProgrammeDecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Styrelsens beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    publish = forms.BooleanField(
        label=_("Publicera programmet och kalendern för alla"), required=False, initial=True
    )


class ActivityOrganisationsForm(forms.Form):
    lead_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Ledande organisation(er)"), required=False
    )
    participating_organisations = forms.ModelMultipleChoiceField(
        _organisations(), label=_("Deltagande organisationer"), required=False
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Börjar"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Slutar"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Plats"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Dagordning"), widget=forms.Textarea, required=False)
    capacity = forms.IntegerField(label=_("Antal platser (tomt = obegränsat)"), min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            raise forms.ValidationError(_("Ange en plats eller en länk."))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minnesanteckningar"), widget=forms.Textarea, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300, required=False)
    file = forms.FileField(label=_("Fil"))

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.max_bytes:
            raise forms.ValidationError(
                _("Filen är för stor (högst %(mb)s MB).") % {"mb": self.max_bytes // (1024 * 1024)}
            )
        return file


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
