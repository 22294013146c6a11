"""Search and filter forms (GET) for proposals, activities and the lessons bank; network members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.programme.models import ActivityFormat, ActivityStatus, IdeaRound, ProposalState
from reglab.programme.services.networks import NEW_MEMBER_KINDS

ANY = [("", _("Alla"))]


class SearchForm(forms.Form):
    """The filters shared by the three lists; ``kind`` picks proposals or activities."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=200)
    round = forms.ModelChoiceField(IdeaRound.objects.all(), label=_("Idérunda"), required=False)
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"), label=_("Organisation"), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=ANY + list(ActivityFormat.choices), required=False)


class ProposalSearchForm(SearchForm):
    state = forms.ChoiceField(label=_("Läge"), choices=ANY + list(ProposalState.choices), required=False)


class ActivitySearchForm(SearchForm):
    status = forms.ChoiceField(label=_("Status"), choices=ANY + list(ActivityStatus.choices), required=False)


class LessonSearchForm(SearchForm):
    theme = forms.ChoiceField(label=_("Tema (sakområde)"), required=False)

    def __init__(self, *args, themes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ChoiceField)
        theme.choices = ANY + [(t, t) for t in themes]


class NetworkMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"), label=_("Befintlig organisation"), required=False
    )
    name = forms.CharField(
        label=_("eller en ny organisation"),
        required=False,
        max_length=200,
        help_text=_("Till exempel Sundsvalls kommun eller Länsstyrelsen Västernorrland."),
    )
    kind = forms.ChoiceField(
        label=_("Sort (för en ny organisation)"),
        required=False,
        choices=[(kind.value, kind.label) for kind in NEW_MEMBER_KINDS],
    )
