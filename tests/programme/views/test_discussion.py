"""The discussion on a proposal page and the official answer, through the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reglab.programme.models import ProposalAnswer, ProposalComment

pytestmark = pytest.mark.django_db


def _post_comment(client, proposal, text, parent=None):
    data = {"text": text}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(reverse("programme:proposal-comment", args=[proposal.pk]), data)


def test_member_of_another_organisation_comments_and_the_text_is_escaped(client, users, proposals):
    proposal = proposals[0]  # Region Skåne's
    client.force_login(users["member2"])  # Region Örebro län
    response = _post_comment(client, proposal, '<script>alert("x")</script> Vi är med!')
    comment = ProposalComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#kommentar-{comment.pk}")
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Vi är med!" in html
    assert '<script>alert("x")</script>' not in html
    assert "Region Örebro län" in html  # who wrote, for which organisation


def test_comment_without_csrf_token_is_refused(users, proposals):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["member"])
    response = _post_comment(client, proposals[0], "Utan token")
    assert response.status_code == 403
    assert not ProposalComment.objects.exists()


def test_viewer_reads_but_cannot_comment(client, users, proposals):
    client.force_login(users["viewer"])
    html = client.get(proposals[0].get_absolute_url()).content.decode()
    assert "Medlemsorganisationernas användare kan kommentera." in html
    assert _post_comment(client, proposals[0], "Läsare").status_code == 403


def test_replies_are_one_level_and_the_author_edits_only_within_the_window(
    client, users, proposals, settings
):
    settings.REGLAB_COMMENT_EDIT_MINUTES = 15
    proposal = proposals[0]
    client.force_login(users["member"])
    _post_comment(client, proposal, "Första")
    first = ProposalComment.objects.get()
    _post_comment(client, proposal, "Svar", parent=first)
    reply = ProposalComment.objects.exclude(pk=first.pk).get()
    _post_comment(client, proposal, "Svar på svar", parent=reply)
    assert ProposalComment.objects.filter(parent=first).count() == 2
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert html.count('name="parent" value=') == 1  # only the top-level comment offers "Svara"
    edit_url = reverse("programme:comment-edit", args=[first.pk])
    assert edit_url in html
    response = client.post(edit_url, {"text": "Första, rättad"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.text == "Första, rättad"
    ProposalComment.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(minutes=20))
    assert edit_url not in client.get(proposal.get_absolute_url()).content.decode()
    assert client.post(edit_url, {"text": "För sent"}).status_code == 403
    client.force_login(users["member2"])
    assert client.get(reverse("programme:comment-edit", args=[reply.pk])).status_code == 403


def test_secretariat_hides_a_comment_with_a_reason_shown_to_everyone(client, users, proposals):
    proposal = proposals[0]
    comment = ProposalComment.objects.create(proposal=proposal, author=users["member2"], text="Osaklig text")
    client.force_login(users["secretariat"])
    url = reverse("programme:comment-moderate", args=[comment.pk])
    client.post(url, {"action": "hide", "reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden  # no reason, no hiding
    client.post(url, {"action": "hide", "reason": "Personangrepp"})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.force_login(users["member"])
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Dold av sekretariatet: Personangrepp" in html
    assert "Osaklig text" not in html
    assert client.post(url, {"action": "unhide"}).status_code == 403


def test_secretariat_answers_and_the_proposing_organisation_reads_state_and_answer(client, users, proposals):
    proposal = proposals[1]  # Region Örebro län's
    client.force_login(users["secretariat"])
    url = reverse("programme:proposal-answer", args=[proposal.pk])
    assert 'value="received" selected' in client.get(url).content.decode()
    response = client.post(url, {"state": "not_taken_forward", "text": ""})
    assert response.status_code == 200 and not ProposalAnswer.objects.exists()
    response = client.post(
        url, {"state": "not_taken_forward", "text": "Sakområdet fick för få prickar; tas upp nästa år."}
    )
    assert response.status_code == 302
    client.force_login(users["member2"])
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="proposal-state">Går inte vidare<' in html
    assert "Sakområdet fick för få prickar; tas upp nästa år." in html
    assert url not in html  # only the secretariat answers
