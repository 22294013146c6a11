"""The proposal form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import Organisation
from reglab.core.concurrency import VersionedFormMixin
from reglab.programme.forms.uploads import upload_within_limit
from reglab.programme.models import ActivityFormat, Proposal
from reglab.programme.uploads import UPLOAD_HELP


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ProposalForm(VersionedFormMixin, forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Föreslaget format"),
        choices=ActivityFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    strategy_text = forms.CharField(
        label=_("Strategier och program som förslaget hänvisar till (en per rad)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    topics_text = forms.CharField(label=_("Ämnen (kommaseparerade)"), required=False)
    attachment = forms.FileField(label=_("Bilaga (valfri)"), required=False, help_text=UPLOAD_HELP)

    class Meta:
        model = Proposal
        fields = ["title", "organisations", "description", "needs", "contact_name", "contact_email", "notes"]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisations=None, max_bytes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        queryset = organisations if organisations is not None else Organisation.objects.all()
        organisations_field = self.fields["organisations"]
        assert isinstance(organisations_field, forms.ModelMultipleChoiceField)  # the model's many-to-many
        organisations_field.queryset = queryset
        organisations_field.required = True
        if self.instance.pk:
            self.fields["formats"].initial = self.instance.formats
            self.fields["strategy_text"].initial = "\n".join(self.instance.strategy_links)
            self.fields["topics_text"].initial = ", ".join(self.instance.topics)
        elif queryset is not None and queryset.count() == 1:
            self.fields["organisations"].initial = list(queryset)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Ange en titel."))
        return title

    def clean_attachment(self):
        return upload_within_limit(self.cleaned_data.get("attachment"), self.max_bytes)

    def proposal_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "needs": data.get("needs", ""),
            "contact_name": data.get("contact_name", ""),
            "contact_email": data.get("contact_email", ""),
            "notes": data.get("notes", ""),
            "formats": list(data.get("formats") or []),
            "strategy_links": _lines(data.get("strategy_text", "")),
            "topics": [t.strip() for t in data.get("topics_text", "").split(",") if t.strip()],
        }
