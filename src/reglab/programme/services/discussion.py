"""Discussion of proposals: comments, one level of replies, edits within a window, moderation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation
from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import Proposal, ProposalComment

MAX_COMMENT_CHARS = 5000


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Skriv en kommentar."))
    if len(text) > MAX_COMMENT_CHARS:
        raise ServiceError(
            _("Kommentaren är för lång (%(n)s tecken; högst %(max)s). Korta den och försök igen.")
            % {"n": len(text), "max": MAX_COMMENT_CHARS}
        )
    return text


@transaction.atomic
def comment_add(
    *,
    proposal: Proposal,
    user,
    text: str,
    parent: ProposalComment | None = None,
    organisation: Organisation | None = None,
) -> ProposalComment:
    """A comment, or a reply to one. Replies stay one level deep: a reply to a reply joins its thread."""
    text = _clean_text(text)
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ServiceError(_("Kommentaren du svarar på hör till ett annat förslag."))
        if parent.parent is not None:
            parent = parent.parent
        if parent.is_hidden:
            raise ServiceError(_("Kommentaren är dold av sekretariatet och kan inte besvaras."))
    comment = ProposalComment.objects.create(
        proposal=proposal, parent=parent, author=user, organisation=organisation, text=text, created_by=user
    )
    log_change(
        user=user,
        action="comment_reply" if parent else "comment_add",
        obj=proposal,
        changes={"comment": text[:200]},
    )
    return comment


@transaction.atomic
def comment_edit(*, comment: ProposalComment, user, text: str) -> ProposalComment:
    """The author's correction, within REGLAB_COMMENT_EDIT_MINUTES of writing and while not hidden."""
    comment = ProposalComment.objects.select_for_update().get(pk=comment.pk)
    text = _clean_text(text)
    if comment.author_id != getattr(user, "pk", None):
        raise ServiceError(_("Bara den som skrev kommentaren kan ändra den."))
    if comment.is_hidden:
        raise ServiceError(_("Kommentaren är dold av sekretariatet och kan inte ändras."))
    minutes = settings.REGLAB_COMMENT_EDIT_MINUTES
    if timezone.now() - comment.created_at > dt.timedelta(minutes=minutes):
        raise ServiceError(
            _("En kommentar kan bara ändras inom %(minutes)s minuter. Skriv en ny kommentar i stället.")
            % {"minutes": minutes}
        )
    if text != comment.text:
        old = comment.text
        comment.text = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["text", "edited_at", "updated_at"])
        log_change(user=user, action="comment_edit", obj=comment.proposal, changes={"comment": [old, text]})
    return comment


@transaction.atomic
def comment_hide(*, comment: ProposalComment, user, reason: str) -> ProposalComment:
    """Moderation: the comment is hidden with a reason (kept, never deleted); its replies stay."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Skriv varför kommentaren döljs."))
    comment = ProposalComment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden_at = timezone.now()
    comment.hidden_by = user
    comment.hidden_reason = reason[:300]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    log_change(
        user=user,
        action="comment_hide",
        obj=comment.proposal,
        changes={"hidden_reason": comment.hidden_reason},
    )
    return comment


@transaction.atomic
def comment_unhide(*, comment: ProposalComment, user) -> ProposalComment:
    comment = ProposalComment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden:
        comment.hidden_at = None
        comment.hidden_by = None
        comment.save(update_fields=["hidden_at", "hidden_by", "updated_at"])
        log_change(user=user, action="comment_unhide", obj=comment.proposal, changes={})
    return comment
