"""Discussion on a proposal (comments, replies, moderation) and the secretariat's official answer."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text, form_error_text
from reglab.programme.forms.discussion import CommentForm, CommentHideForm, ProposalAnswerForm
from reglab.programme.models import Proposal, ProposalComment
from reglab.programme.selectors.organisations import primary_organisation
from reglab.programme.selectors.states import proposal_state
from reglab.programme.services import discussion as discussion_services
from reglab.programme.services import states as state_services
from reglab.programme.views.form_page import service_form_page


class CommentEditForm(forms.Form):
    text = CommentForm.base_fields["text"]


def _comments_url(proposal: Proposal, anchor: str = "kommentarer") -> str:
    return f"{proposal.get_absolute_url()}#{anchor}"


def discussion_context(request, proposal: Proposal) -> dict:
    """What the proposal page shows of the discussion and the answer, with what the user may do."""
    user = request.user
    replies = ProposalComment.objects.select_related("author", "organisation").order_by("created_at", "pk")
    threads = list(
        proposal.comments.filter(parent__isnull=True)
        .select_related("author", "organisation")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    for comment in threads:
        for c in [comment, *comment.replies.all()]:
            c.can_edit = user.has_perm("programme.change_comment", c)  # type: ignore[attr-defined]
    answers = list(proposal.answers.select_related("answered_by"))
    return {
        "threads": threads,
        "comment_form": CommentForm(),
        "can_comment": user.has_perm("programme.add_comment", proposal),
        "can_moderate": user.has_perm("programme.moderate_comment"),
        "can_answer": user.has_perm("programme.answer_proposal", proposal),
        "state": proposal_state(proposal),
        "answer": answers[0] if answers else None,
        "earlier_answers": answers[1:],
    }


@require_POST
def proposal_comment(request, pk: int):
    proposal = get_object_or_404(Proposal, pk=pk)
    require(request, "programme.add_comment", proposal)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(_comments_url(proposal))
    parent = None
    if form.cleaned_data.get("parent"):
        parent = proposal.comments.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            messages.error(request, _("Kommentaren du svarar på finns inte längre. Ladda om sidan."))
            return redirect(_comments_url(proposal))
    try:
        comment = discussion_services.comment_add(
            proposal=proposal,
            user=request.user,
            text=form.cleaned_data["text"],
            parent=parent,
            organisation=primary_organisation(request.user),
        )
    except ServiceError as exc:
        messages.error(request, error_text(exc))
        return redirect(_comments_url(proposal))
    messages.success(request, _("Kommentaren är publicerad."))
    return redirect(_comments_url(proposal, f"kommentar-{comment.pk}"))


def comment_edit(request, pk: int):
    comment = get_object_or_404(ProposalComment.objects.select_related("proposal"), pk=pk)
    require(request, "programme.change_comment", comment)
    form = CommentEditForm(request.POST or None, initial={"text": comment.text})
    return service_form_page(
        request,
        form,
        partial(discussion_services.comment_edit, comment=comment),
        title=_("Ändra kommentar"),
        success=_("Kommentaren är ändrad."),
        to=_comments_url(comment.proposal, f"kommentar-{comment.pk}"),
    )


@require_POST
def comment_moderate(request, pk: int):
    comment = get_object_or_404(ProposalComment.objects.select_related("proposal"), pk=pk)
    require(request, "programme.moderate_comment", comment)
    try:
        if request.POST.get("action") == "unhide":
            discussion_services.comment_unhide(comment=comment, user=request.user)
            messages.success(request, _("Kommentaren visas igen."))
        else:
            form = CommentHideForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            discussion_services.comment_hide(comment=comment, user=request.user, reason=reason)
            messages.success(request, _("Kommentaren är dold."))
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    return redirect(_comments_url(comment.proposal, f"kommentar-{comment.pk}"))


ANSWER_TITLE = gettext_lazy("Officiellt svar på ”%(title)s”")


def proposal_answer(request, pk: int):
    proposal = get_object_or_404(Proposal, pk=pk)
    require(request, "programme.answer_proposal", proposal)
    form = ProposalAnswerForm(request.POST or None, initial={"state": proposal_state(proposal).value})
    return service_form_page(
        request,
        form,
        partial(state_services.answer_proposal, proposal=proposal),
        title=ANSWER_TITLE % {"title": proposal.title},
        success=_("Svaret är sparat."),
        to=_comments_url(proposal, "svar"),
    )
