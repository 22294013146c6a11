"""The settings form: e-mail on or off per kind (on-site notifications are always on), and the language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reglab.notifications.models import Kind


class NotificationSettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Skicka e-post när"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Alla meddelanden syns alltid här på webbplatsen; e-post kan du välja bort."),
    )
    language = forms.ChoiceField(label=_("Språk i meddelanden och e-post"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
