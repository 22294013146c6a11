"""notify(): on-site rows in each recipient's language, e-mail queued at commit and sent by the worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from reglab.notifications.models import Kind, Notification, NotificationSettings
from reglab.notifications.services import notification_settings_save, notify

MAIL_TASK = "reglab.operations.tasks.send_notification_email"
MAY = timezone.make_aware(dt.datetime(2027, 5, 12, 10, 0))


def _notify(users, **extra):
    return notify(
        users,
        kind=Kind.MEETING_CHANGED,
        subject=_("Ändrat möte: %(meeting)s"),
        body=_(
            "Mötet %(meeting)s (%(activity)s) har ändrats.\nNu: %(when)s, %(place)s\n"
            "Tidigare: %(old_when)s, %(old_place)s"
        ),
        params={
            "meeting": "Vårträff",
            "activity": "Nätverk",
            "when": MAY,
            "place": "Växjö",
            "old_when": MAY - dt.timedelta(days=1),
            "old_place": "Lund",
        },
        url="/program/moten/1/",
        **extra,
    )


@pytest.mark.django_db(transaction=True)
def test_each_recipient_gets_a_notification_and_one_mail_from_the_worker(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    NotificationSettings.objects.create(user=people["member2"], language="en")
    written = _notify([people["member"], people["member2"], people["member"]])  # a repeat counts once
    assert len(written) == 2
    swedish = Notification.objects.get(user=people["member"])
    english = Notification.objects.get(user=people["member2"])
    # The date is written the way the recipient's language writes it (Django's own locale data).
    assert "12 maj 2027 10:00" in swedish.body and "11 maj 2027" in swedish.body
    assert "May 12, 2027" in english.body
    assert swedish.subject == "Ändrat möte: Vårträff" and swedish.url == "/program/moten/1/"
    assert mail.outbox == []
    call_command("worker", "--once")
    assert sorted(m.to[0] for m in mail.outbox) == ["orebro@example.se", "skane@example.se"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees another recipient's address
    [to_skane] = [m for m in mail.outbox if m.to == ["skane@example.se"]]
    assert to_skane.body.startswith(swedish.body)
    assert "Läs mer: /program/moten/1/" in to_skane.body  # no REGLAB_SITE_URL: the path
    assert "/meddelanden/installningar/" in to_skane.body


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_tells_nobody(people):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([people["member"]])
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=MAIL_TASK).exists()


@pytest.mark.django_db(transaction=True)
def test_email_off_for_a_kind_keeps_the_notification_on_the_site(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    others = [kind for kind in Kind.values if kind != Kind.MEETING_CHANGED]
    notification_settings_save(user=people["member"], email_kinds=others, language="sv")
    people["member3"].email = ""
    people["member3"].save(update_fields=["email"])
    _notify([people["member"], people["member2"], people["member3"]])
    call_command("worker", "--once")
    assert [m.to for m in mail.outbox] == [["orebro@example.se"]]
    assert Notification.objects.count() == 3


@pytest.mark.django_db
def test_a_key_tells_each_person_once_and_inactive_users_never(people, django_capture_on_commit_callbacks):
    people["member3"].is_active = False
    people["member3"].save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks() as first:
        assert len(_notify([people["member"], people["member3"]], key="event:1")) == 1
    with django_capture_on_commit_callbacks() as second:
        assert _notify([people["member"], people["member3"]], key="event:1") == []
    assert len(first) == 1 and second == []
    assert len(_notify([people["member"]], key="event:2")) == 1


@pytest.mark.django_db
def test_unknown_kind_or_language_is_refused(people):
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify([people["member"]], kind="gossip", subject="s", body="b")
    with pytest.raises(ValueError, match="unknown language"):
        notification_settings_save(user=people["member"], email_kinds=[], language="xx")
    assert not Notification.objects.exists()
