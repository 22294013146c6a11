"""The notification pages: the header's unread count, the list, opening one, settings; per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.notifications.models import Kind, Notification, NotificationPreference, NotificationSettings

pytestmark = pytest.mark.django_db


def _note(user, subject="Inställt: Vårträff", url="/program/"):
    return Notification.objects.create(user=user, kind=Kind.MEETING_CANCELLED, subject=subject, url=url)


@pytest.mark.parametrize("name", ["notifications:list", "notifications:settings"])
def test_anonymous_is_sent_to_login_and_anyone_logged_in_gets_through(client, people, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for role in ("outsider", "viewer", "member", "secretariat"):
        client.force_login(people[role])
        assert client.get(url).status_code == 200


def test_header_counts_unread_and_the_list_shows_only_ones_own(client, people):
    _note(people["member"], "Första")
    _note(people["member"], "Andra")
    _note(people["member2"], "Någon annans")
    client.force_login(people["member"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count">2 olästa<' in page
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Första" in page and "Andra" in page and "Någon annans" not in page


def test_opening_marks_read_and_follows_only_local_links(client, people):
    mine = _note(people["member"], url="/program/ar/")
    outside = _note(people["member"], url="//evil.example/")
    theirs = _note(people["member2"])
    client.force_login(people["member"])
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/program/ar/"
    mine.refresh_from_db()
    assert mine.is_read
    response = client.post(reverse("notifications:open", args=[outside.pk]))
    assert response["Location"] == reverse("notifications:list")
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count"' not in page


def test_mark_all_read(client, people):
    _note(people["member"])
    _note(people["member"])
    other = _note(people["member2"])
    client.force_login(people["member"])
    response = client.post(reverse("notifications:list"), follow=True)
    assert "2 meddelanden markerade som lästa." in response.content.decode()
    assert not Notification.objects.filter(user=people["member"]).unread().exists()
    assert Notification.objects.filter(pk=other.pk).unread().exists()


def test_settings_turn_email_off_per_kind_and_choose_the_language(client, people):
    client.force_login(people["member"])
    url = reverse("notifications:settings")
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == len(Kind.values) and page.count("checked") == len(Kind.values)
    keep = [Kind.MEETING_CANCELLED, Kind.PROMOTED]
    response = client.post(url, {"email_kinds": keep, "language": "en"})
    assert response.status_code == 302
    off = set(
        NotificationPreference.objects.filter(user=people["member"], email=False).values_list(
            "kind", flat=True
        )
    )
    assert off == set(Kind.values) - set(keep)
    assert NotificationSettings.objects.get(user=people["member"]).language == "en"
    # A bad value is a form error; the stored settings stay as they were.
    response = client.post(url, {"email_kinds": ["gossip"], "language": "en"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert NotificationPreference.objects.filter(user=people["member"], email=True).count() == len(keep)
