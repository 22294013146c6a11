from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reglab.programme.errors import ServiceError
from reglab.programme.models import ChangeLog, ProposalComment
from reglab.programme.services.discussion import comment_add, comment_edit, comment_hide, comment_unhide


def test_a_reply_to_a_reply_joins_the_thread_one_level_deep(users, orgs, proposals):
    proposal = proposals[0]
    first = comment_add(
        proposal=proposal, user=users["member2"], text="Vi vill vara med.", organisation=orgs["orebro"]
    )
    reply = comment_add(proposal=proposal, user=users["member"], text="Välkomna!", parent=first)
    deeper = comment_add(proposal=proposal, user=users["member3"], text="Vi med.", parent=reply)
    assert reply.parent == first and deeper.parent == first
    assert list(first.replies.order_by("pk")) == [reply, deeper]
    assert first.organisation == orgs["orebro"]
    assert ChangeLog.objects.filter(action="comment_reply", object_id=proposal.pk).count() == 2


def test_empty_and_too_long_comments_are_refused_and_nothing_is_saved(users, proposals):
    with pytest.raises(ServiceError, match="Skriv en kommentar"):
        comment_add(proposal=proposals[0], user=users["member"], text="   ")
    with pytest.raises(ServiceError, match="för lång"):
        comment_add(proposal=proposals[0], user=users["member"], text="x" * 5001)
    assert not ProposalComment.objects.exists()


def test_reply_to_a_comment_of_another_proposal_is_refused(users, proposals):
    other = comment_add(proposal=proposals[1], user=users["member"], text="Annat förslag")
    with pytest.raises(ServiceError, match="annat förslag"):
        comment_add(proposal=proposals[0], user=users["member"], text="Svar", parent=other)


def test_author_edits_within_the_window_and_not_after(users, proposals, settings):
    settings.REGLAB_COMMENT_EDIT_MINUTES = 15
    comment = comment_add(proposal=proposals[0], user=users["member"], text="Först")
    comment_edit(comment=comment, user=users["member"], text="Rättad")
    comment.refresh_from_db()
    assert comment.text == "Rättad" and comment.edited_at is not None
    with pytest.raises(ServiceError, match="Bara den som skrev"):
        comment_edit(comment=comment, user=users["member2"], text="Kapad")
    ProposalComment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    with pytest.raises(ServiceError, match="inom 15 minuter"):
        comment_edit(comment=comment, user=users["member"], text="För sent")
    comment.refresh_from_db()
    assert comment.text == "Rättad"


def test_hidden_comment_keeps_its_text_needs_a_reason_and_cannot_be_answered(users, proposals):
    comment = comment_add(proposal=proposals[0], user=users["member"], text="Osakligt")
    with pytest.raises(ServiceError, match="Skriv varför"):
        comment_hide(comment=comment, user=users["secretariat"], reason=" ")
    comment_hide(comment=comment, user=users["secretariat"], reason="Personangrepp")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.text == "Osakligt" and comment.hidden_reason == "Personangrepp"
    with pytest.raises(ServiceError, match="dold"):
        comment_add(proposal=proposals[0], user=users["member2"], text="Svar", parent=comment)
    with pytest.raises(ServiceError, match="dold"):
        comment_edit(comment=comment, user=users["member"], text="Ändrad")
    comment_unhide(comment=comment, user=users["secretariat"])
    comment.refresh_from_db()
    assert not comment.is_hidden
