"""The programme's one audit path: the change log (who, when, what).

Every service that changes data calls ``log_change``; pages read it with ``changes_for`` (one object)
and ``recent_changes`` (the log page). Proposals also keep their own revision history (``ProposalRevision``)
and merge log (``ProposalMerge``) for the proposal page; those are written next to the change log entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reglab.programme.models import ChangeLog


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def log_change(*, user, action: str, obj: models.Model, changes: dict[str, Any] | None = None) -> ChangeLog:
    """Append one entry. ``changes`` is e.g. {"status": ["planned", "running"]} or the created fields."""
    return ChangeLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=_jsonable(changes or {}),
    )


def apply_changes(obj: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set on ``obj`` (unsaved) the fields whose value differs; returns {name: [old, new]} for the log."""
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes


def changes_for(obj: models.Model):
    return ChangeLog.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).select_related(
        "user"
    )


def recent_changes(limit: int = 500):
    """The latest entries of the whole programme, newest first."""
    return ChangeLog.objects.select_related("user")[:limit]


# --- reading the log as sentences ------------------------------------------------------------------
#
# The log stores field names and raw values (JSON). People read sentences in their language: the
# field's verbose name, choice labels instead of codes, names instead of ids. Nothing internal (a
# field name, an action code, a dict) is shown.

ACTION_LABELS = {
    "activity_create": _("Aktivitet skapad"),
    "activity_update": _("Aktivitet ändrad"),
    "activity_transition": _("Aktivitetens status ändrad"),
    "activity_set_organisations": _("Organisationer ändrade"),
    "activity_result_add": _("Resultat tillagt"),
    "lesson_add": _("Lärdom tillagd"),
    "evaluation_submit": _("Utvärdering inskickad"),
    "evaluation_update": _("Utvärdering ändrad"),
    "ballot_create": _("Omröstning skapad"),
    "ballot_open": _("Omröstning öppnad"),
    "ballot_close": _("Omröstning stängd"),
    "ballot_cast": _("Röst lagd"),
    "ballot_recast": _("Röst ändrad"),
    "focus_area_create": _("Sakområde skapat"),
    "focus_area_set_proposals": _("Sakområdets förslag ändrade"),
    "focus_area_update": _("Sakområde ändrat"),
    "round_create": _("Idérunda skapad"),
    "round_advance": _("Idérundans fas ändrad"),
    "meeting_create": _("Möte skapat"),
    "meeting_cancel": _("Möte inställt"),
    "meeting_register": _("Anmälan till möte"),
    "meeting_update_minutes": _("Minnesanteckningar sparade"),
    "meeting_document_add": _("Dokument tillagt"),
    "registration_cancel": _("Avanmälan"),
    "registration_promote": _("Flyttad från väntelistan"),
    "registration_set_attendance": _("Närvaro registrerad"),
    "programme_create": _("Program skapat"),
    "programme_decide": _("Styrelsebeslut registrerat"),
    "proposal_create": _("Förslag skapat"),
    "proposal_update": _("Förslag ändrat"),
    "proposal_answer": _("Officiellt svar"),
    "proposal_unmerge": _("Sammanföring återställd"),
    "proposals_merge": _("Förslag sammanförda"),
    "proposals_import": _("Presentation importerad"),
    "round_clusters_save": _("Ämneskluster sparade"),
    "comment_add": _("Kommentar"),
    "comment_reply": _("Svar på kommentar"),
    "comment_edit": _("Kommentar ändrad"),
    "comment_hide": _("Kommentar dold"),
    "comment_unhide": _("Kommentar visas igen"),
    "network_member_add": _("Organisation tillagd i nätverket"),
    "network_member_remove": _("Organisation borttagen ur nätverket"),
    "demo_build": _("Exempeldata skapade"),
}

# Readable names for keys that are not fields of the logged model.
EXTRA_LABELS = {
    "answer": _("svar"),
    "after_voting_started": _("efter att röstningen börjat"),
    "attended": _("närvarade"),
    "comment": _("kommentar"),
    "created": _("nya förslag"),
    "decision": _("beslut/motivering"),
    "document": _("dokument"),
    "file": _("fil"),
    "hidden_reason": _("skäl att dölja"),
    "lesson": _("lärdom"),
    "minutes_chars": _("minnesanteckningar (antal tecken)"),
    "model_version": _("modellversion"),
    "organisation": _("organisation"),
    "originals": _("ursprungliga förslag"),
    "rating": _("betyg"),
    "result": _("resultat"),
    "round": _("idérunda"),
    "skipped": _("redan importerade"),
    "source": _("källa"),
    "state": _("läge"),
    "status": _("status"),
    "user": _("användare"),
}

TEXT_LIMIT = 80


def _key_choices() -> dict[str, dict[str, Any]]:
    from reglab.programme.models import ActivityFormat, ProposalState, RegistrationStatus

    formats = _labels(ActivityFormat.choices)
    return {
        "format": formats,
        "formats": formats,
        "state": _labels(ProposalState.choices),
        "status": _labels(RegistrationStatus.choices),
    }


def _labels(choices) -> dict[str, Any]:
    return {value: label for value, label in choices}


def _model(object_type: str):
    from django.apps import apps

    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_multi(field) -> bool:
    return field is not None and (
        field.many_to_many or field.one_to_many or isinstance(field, models.JSONField)
    )


def field_label(model, name: str) -> str:
    field = _field(model, name)
    label = getattr(field, "verbose_name", None)
    if label is None and field is not None and field.is_relation:
        label = field.related_model._meta.verbose_name_plural
    if label is None:
        label = EXTRA_LABELS.get(name, name.replace("_", " "))
    return capfirst(str(label))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"


def value_text(model, name: str, value: Any, *, names: dict[int, str] | None = None) -> str:
    """One stored value as a person reads it: labels for codes, names for objects, dates as dates."""
    field = _field(model, name)
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if isinstance(value, list):
        return ", ".join(value_text(model, name, v, names=names) for v in value)
    if isinstance(value, dict):
        if "name" in value or "email" in value:
            return " ".join(str(value.get(k) or "") for k in ("name", "email")).strip() or "–"
        return "; ".join(value_text(model, name, v, names=names) for v in value.values())
    if isinstance(value, int) and names is not None and field is not None and field.is_relation:
        return names.get(value, str(value))
    choices = dict(field.flatchoices) if field is not None and field.choices else _key_choices().get(name, {})
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and isinstance(field, models.DateField | models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if isinstance(field, models.DateTimeField):
            return date_format(
                timezone.localtime(moment) if timezone.is_aware(moment) else moment, "Y-m-d H:i"
            )
        return date_format(moment.date(), "Y-m-d")
    return _short(str(value))


def _is_pair(field, value: Any) -> bool:
    """An update is stored as [old, new]; a created multi-valued field as its list of values."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    if _is_multi(field) or field is None:
        both_lists = all(isinstance(v, list) for v in value)
        scalars = all(v is None or isinstance(v, str | int | float | bool) for v in value)
        return both_lists or (field is None and scalars)
    return True


def change_sentence(model, name: str, value: Any, *, names: dict[int, str] | None = None) -> str:
    label = field_label(model, name)
    field = _field(model, name)
    if _is_pair(field, value):
        old, new = (value_text(model, name, v, names=names) for v in value)
        long_text = any(isinstance(v, str) and len(v) > TEXT_LIMIT for v in value)
        if long_text:
            return gettext("%(field)s ändrad") % {"field": label}
        return gettext("%(field)s ändrad från ”%(old)s” till ”%(new)s”") % {
            "field": label,
            "old": old,
            "new": new,
        }
    return gettext("%(field)s: %(value)s") % {
        "field": label,
        "value": value_text(model, name, value, names=names),
    }


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    # An action added elsewhere without a label: say what kind of change it was, never the code.
    for suffix, label in (("_create", _("Skapad")), ("_add", _("Tillagd")), ("_delete", _("Borttagen"))):
        if action.endswith(suffix):
            return str(label)
    return str(_("Ändring"))


def object_label(entry: ChangeLog) -> str:
    model = _model(entry.object_type)
    kind = capfirst(str(model._meta.verbose_name)) if model is not None else ""
    return f"{kind}: {entry.object_repr}" if kind else entry.object_repr


def change_lines(entry: ChangeLog) -> list[str]:
    """The entry's changes as sentences ("Titel ändrad från ”a” till ”b”")."""
    model = _model(entry.object_type)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    names = _organisation_names(model, changes)
    return [
        change_sentence(model, name, value, names=names)
        for name, value in changes.items()
        # A created object's empty fields say nothing.
        if _is_pair(_field(model, name), value) or value not in (None, "", [], {})
    ]


def _organisation_names(model, values: dict) -> dict[int, str] | None:
    """Names for organisation ids stored in snapshots (proposals store their organisations' ids)."""
    field = _field(model, "organisations")
    if field is None or "organisations" not in values:
        return None
    from reglab.accounts.models import Organisation

    ids: set[int] = set()
    stack = [values["organisations"]]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            ids.add(item)
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def proposal_history(proposal) -> list[dict]:
    """The proposal's revisions, newest first, each with its changes as sentences."""
    from reglab.programme.models import Proposal

    revisions = list(proposal.revisions.select_related("editor").order_by("number"))
    history = []
    previous: dict | None = None
    for revision in revisions:
        after = revision.snapshot if isinstance(revision.snapshot, dict) else {}
        if previous is None:
            # The first revision records a creation; one that changed only some fields follows a
            # version that was never recorded, so its old values are unknown.
            partial = set(revision.changed_fields) < set(after)
            lines: list[str] = (
                [
                    gettext("%(field)s ändrad") % {"field": field_label(Proposal, k)}
                    for k in revision.changed_fields
                ]
                if partial
                else []
            )
        else:
            changed = set(revision.changed_fields)
            pairs = {k: [previous.get(k), after[k]] for k in after if k in changed}
            names = _organisation_names(Proposal, pairs)
            lines = [change_sentence(Proposal, k, v, names=names) for k, v in pairs.items()]
        # Comments were stored in the language of the request that saved them; the Swedish ones are
        # msgids, so they read in the reader's language.
        history.append(
            {
                "revision": revision,
                "comment": gettext(revision.comment) if revision.comment else "",
                "lines": lines,
            }
        )
        previous = after
    return history[::-1]
