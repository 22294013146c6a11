"""Focus areas, ballots and casting. Validation of rules lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.programme.models import Ballot, FocusArea, IdeaRound, Proposal, RoundPhase, VoterPolicy


def model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """The form's model choice field ``name`` (single or multiple), to narrow its queryset."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # ModelMultipleChoiceField is a subclass
    return field


class RoundScopedForm(forms.Form):
    """A form for one idea round: the round is fixed (hidden) and the choices are that round's own."""

    round = forms.ModelChoiceField(IdeaRound.objects.all(), widget=forms.HiddenInput)

    def __init__(self, *args, round: IdeaRound, **kwargs):
        kwargs.setdefault("initial", {})["round"] = round.pk
        super().__init__(*args, **kwargs)
        self.idea_round = round
        # The round is the one in the URL; a posted other round is ignored, not trusted.
        model_field(self, "round").queryset = IdeaRound.objects.filter(pk=round.pk)


class FocusAreaForm(RoundScopedForm):
    title = forms.CharField(label=_("Titel"), max_length=300)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    proposals = forms.ModelMultipleChoiceField(
        Proposal.objects.none(),
        label=_("Förslag som ingår"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Merged originals are represented by their joint proposal.
        proposals = self.idea_round.proposals.filter(merged_into__isnull=True).order_by("pk")
        model_field(self, "proposals").queryset = proposals


class FocusAreaEditForm(FocusAreaForm):
    """The same fields for an existing focus area (its round never changes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["round"]


class BallotForm(RoundScopedForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    instructions = forms.CharField(label=_("Instruktioner"), widget=forms.Textarea, required=False)
    options = forms.ModelMultipleChoiceField(
        FocusArea.objects.none(), label=_("Sakområden att rösta om"), widget=forms.CheckboxSelectMultiple
    )
    use_dots = forms.BooleanField(label=_("Prickröstning"), required=False, initial=True)
    dots_per_voter = forms.IntegerField(label=_("Prickar per röst"), min_value=1, max_value=100, initial=8)
    max_dots_per_option = forms.IntegerField(
        label=_("Högst antal prickar per alternativ (tomt = ingen gräns)"), min_value=1, required=False
    )
    use_ranking = forms.BooleanField(label=_("Rangordning"), required=False)
    voter_policy = forms.ChoiceField(label=_("Vem röstar"), choices=VoterPolicy.choices)
    secretariat_votes = forms.BooleanField(
        label=_("Sekretariatet röstar också"),
        required=False,
        help_text=_("Normalt röstar bara medlemsorganisationerna; sekretariatet leder omröstningen."),
    )
    open_now = forms.BooleanField(label=_("Öppna omröstningen direkt"), required=False)

    closes_at = forms.DateTimeField(
        label=_("Planerad stängning"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Valfritt. De som inte har röstat får en påminnelse i förväg; du stänger omröstningen själv."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = self.idea_round.focus_areas.order_by("position", "pk")
        model_field(self, "options").queryset = areas
        # Sensible defaults: every focus area of the round, opened at once while the round prioritises.
        self.initial.setdefault("options", [a.pk for a in areas])
        self.initial.setdefault(
            "title", _("Prioritering %(year)s") % {"year": self.idea_round.programme_year}
        )
        self.initial.setdefault("open_now", self.idea_round.phase == RoundPhase.PRIORITISING)


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
