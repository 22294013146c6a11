"""Must show (issue 13): cancelling a meeting sends one e-mail to each registered person (locmem
backend, sent by the worker) and the page no longer offers registration."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reglab.notifications.models import Kind, Notification
from reglab.programme.errors import ServiceError
from reglab.programme.models import RegistrationStatus
from reglab.programme.services.meetings import meeting_register

pytestmark = pytest.mark.django_db(transaction=True)


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_cancelling_a_meeting_mails_each_registered_person_once(client, people, orgs, meeting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REGLAB_SITE_URL = "https://reglab.example.se"
    for name in ("member", "member2", "member3"):  # two seats: Kronoberg ends on the waiting list
        meeting_register(user=people[name], meeting=meeting, organisation=None)
    statuses = {r.user.username: r.status for r in meeting.registrations.select_related("user")}
    assert statuses == {
        "skane": RegistrationStatus.REGISTERED,
        "orebro": RegistrationStatus.REGISTERED,
        "kronoberg": RegistrationStatus.WAITING,
    }
    call_command("worker", "--once")  # the registration confirmations
    mail.outbox.clear()

    client.force_login(people["secretariat"])
    url = reverse("programme:meeting-call-off", args=[meeting.pk])
    page = client.get(url).content.decode()  # the confirmation page says who will be told
    assert "2 anmälda deltagare får ett meddelande." in page
    assert "1 person på väntelistan får också ett meddelande." in page
    meeting.refresh_from_db()
    assert not meeting.is_cancelled  # looking is not doing

    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert mail.outbox == []  # nothing is sent inside the request: the worker sends
    queued = DBTaskResult.objects.filter(task_path="reglab.operations.tasks.send_notification_email")
    assert queued.filter(status="READY").count() == 3

    call_command("worker", "--once")

    registered = ["skane@example.se", "orebro@example.se"]
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [*registered, "kronoberg@example.se"]
    )
    for address in registered:
        [message] = _mails_to(address)
        assert message.subject == "Inställt: Vårträff"
        assert "Mötet Vårträff (Nätverk för analytiker)" in message.body and "är inställt" in message.body
        assert f"https://reglab.example.se/program/moten/{meeting.pk}/" in message.body
    # Nobody else hears about it: not the secretariat, not the viewer.
    assert not _mails_to("sekretariat@example.se") and not _mails_to("lasare@example.se")
    assert Notification.objects.filter(kind=Kind.MEETING_CANCELLED).count() == 3

    # The page shows the meeting as cancelled and offers no registration: not to the registered, not to
    # someone who may register (the secretariat), and the service refuses a registration sent anyway.
    for who in ("member", "secretariat"):
        client.force_login(people[who])
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-testid="meeting-cancelled"' in page
        assert "Anmäl mig" not in page and "Avanmäl mig" not in page
    response = client.post(reverse("programme:meeting-register", args=[meeting.pk]), follow=True)
    assert "Mötet är inställt." in response.content.decode()
    assert not meeting.registrations.filter(user=people["secretariat"]).exists()
    with pytest.raises(ServiceError, match="Mötet är inställt"):
        meeting_register(user=people["secretariat"], meeting=meeting)

    # Cancelling again is refused and tells nobody a second time.
    client.force_login(people["secretariat"])
    client.post(url, {"confirmed": "1"})
    call_command("worker", "--once")
    assert len(mail.outbox) == 3
