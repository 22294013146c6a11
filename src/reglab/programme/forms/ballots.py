"""Focus areas, ballots and casting. Validation of rules lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.programme.models import Ballot, FocusArea, IdeaRound, Proposal, VoterPolicy


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
    closes_at = forms.DateTimeField(
        label=_("Planerad stängning"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Valfritt. De som inte har röstat får en påminnelse i förväg; du stänger omröstningen själv."
        ),
    )


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
