"""Forms of the discussion: comment, reply, moderation, official answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.programme.models import ProposalState
from reglab.programme.services.discussion import MAX_COMMENT_CHARS
from reglab.programme.services.states import MAX_ANSWER_CHARS


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_COMMENT_CHARS
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentHideForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), max_length=300)


class ProposalAnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Läge"), choices=ProposalState.choices)
    text = forms.CharField(
        label=_("Officiellt svar"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_ANSWER_CHARS,
        help_text=_("Visas på förslagets sida för dem som lämnade förslaget och för medlemmarna."),
    )
