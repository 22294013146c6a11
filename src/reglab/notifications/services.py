"""Telling people: one on-site notification per recipient, and an e-mail sent later by the worker.

    from django.utils.translation import gettext_lazy as _
    from reglab.notifications.services import notify

    notify(
        users,
        kind=Kind.MEETING_CANCELLED,
        subject=_("Inställt: %(meeting)s"),
        body=_("Mötet %(meeting)s den %(when)s är inställt."),
        params={"meeting": meeting.title, "when": meeting.starts_at},
        url=meeting.get_absolute_url(),
    )

Subject and body are lazy translations with named placeholders; each recipient's copy is rendered in
their language (NotificationSettings.language, else Swedish), dates and times included. The e-mail
is a `send_notification_email` job enqueued when the caller's transaction commits, so a rolled-back
change tells nobody and no mail is ever sent inside the request.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from reglab.notifications.models import Kind, Notification, NotificationPreference, NotificationSettings
from reglab.operations.jobs import enqueue

logger = logging.getLogger(__name__)

__all__ = [
    "absolute_url",
    "language_for",
    "notification_mark_read",
    "notification_settings_save",
    "notifications_mark_all_read",
    "notify",
]


def absolute_url(path: str) -> str:
    """The link for an e-mail: REGLAB_SITE_URL + path (just the path when the site URL is not set)."""
    base = settings.REGLAB_SITE_URL.rstrip("/")
    return f"{base}{path}" if base and path.startswith("/") else path


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_for(user) -> str:
    """The language a user's messages are written in: their choice, else Swedish (the site's language)."""
    chosen = NotificationSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen if chosen in _languages() else settings.LANGUAGE_CODE


def _text(value: Any) -> str:
    """A placeholder value as text in the active language: dates as the locale writes them."""
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _render(message: Any, params: Mapping[str, Any]) -> str:
    text = str(message)  # a lazy translation resolves in the active language here
    return text % {name: _text(value) for name, value in params.items()} if params else text


def _email_text(body: str, url: str) -> str:
    parts = [body]
    if url:
        parts.append(_("Läs mer: %(url)s") % {"url": absolute_url(url)})
    parts.append(
        "-- \n"
        + _("Du får det här meddelandet från Reglab. Välj vilka meddelanden du vill få med e-post: %(url)s")
        % {"url": absolute_url(reverse("notifications:settings"))}
    )
    return "\n\n".join(parts)


def notify(
    users: Iterable,
    *,
    kind: str,
    subject: Any,
    body: Any,
    url: str = "",
    params: Mapping[str, Any] | None = None,
    key: str = "",
) -> list[Notification]:
    """Write an on-site notification for each active user and queue their e-mail (if they want it).

    `key` names the event: a user who already has a notification of this kind and key is skipped, so a
    job that runs again (the ballot reminder) tells nobody twice. Returns the notifications written.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    params = params or {}
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if key:
        told = Notification.objects.filter(user__in=recipients, kind=kind, key=key).values_list(
            "user", flat=True
        )
        for user_id in set(told):
            recipients.pop(user_id, None)
    if not recipients:
        return []
    languages = dict(
        NotificationSettings.objects.filter(user__in=recipients).values_list("user_id", "language")
    )
    no_email = set(
        NotificationPreference.objects.filter(user__in=recipients, kind=kind, email=False).values_list(
            "user_id", flat=True
        )
    )
    known = _languages()
    rows = []
    mails = []
    for user_id, user in sorted(recipients.items()):
        language = languages.get(user_id) or ""
        with translation.override(language if language in known else settings.LANGUAGE_CODE):
            subject_text = _render(subject, params)[:300]
            body_text = _render(body, params)
            if user.email and user_id not in no_email:
                mails.append((user.email, subject_text, _email_text(body_text, url)))
        rows.append(
            Notification(user=user, kind=kind, subject=subject_text, body=body_text, url=url, key=key)
        )
    created = Notification.objects.bulk_create(rows)
    if mails:
        transaction.on_commit(partial(_enqueue_mails, mails))
    logger.info("notified %d users (%s), %d e-mails queued", len(created), kind, len(mails))
    return created


def _enqueue_mails(mails: list[tuple[str, str, str]]) -> None:
    """One job per person (nobody sees another recipient's address; a failing address is retried
    alone), all stored in one transaction: one write instead of one per recipient."""
    from reglab.operations.tasks import send_notification_email

    with transaction.atomic():
        for address, subject, text in mails:
            enqueue(send_notification_email, [address], subject, text)


def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_settings_save(*, user, email_kinds: Iterable[str], language: str) -> None:
    """Store which kinds come by e-mail (the rest only on the site) and the language of messages."""
    wanted = set(email_kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise ValueError(f"unknown notification kinds {sorted(unknown)}")
    if language and language not in _languages():
        raise ValueError(f"unknown language {language!r}")
    for kind in Kind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": kind in wanted}
        )
    NotificationSettings.objects.update_or_create(user=user, defaults={"language": language})
