"""Proposals: read, write and edit one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reglab.accounts.models import Organisation
from reglab.accounts.predicates import is_secretariat
from reglab.core.concurrency import EditConflict
from reglab.core.permissions import require
from reglab.programme.audit import proposal_history
from reglab.programme.forms.proposals import ProposalForm
from reglab.programme.models import ActivityFormat, IdeaRound, Proposal, ProposalAttachment
from reglab.programme.selectors.organisations import acting_organisations
from reglab.programme.services import overlaps as overlap_services
from reglab.programme.services import proposals as proposal_services
from reglab.programme.uploads import download_response
from reglab.programme.views.discussion import discussion_context

FORMAT_LABELS = dict(ActivityFormat.choices)


def proposal_detail(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("round", "merged_into"), pk=pk)
    require(request, "programme.view_round", proposal.round)
    similar = []
    if proposal.merged_into_id is None:
        proposals, matches = overlap_services.round_overlaps(proposal.round, k=3)
        by_key = {f"p{p.pk}": p for p in proposals}
        similar = [(by_key.get(m.key), m) for m in matches.get(f"p{proposal.pk}", [])]
    return render(
        request,
        "programme/proposal_detail.html",
        {
            "proposal": proposal,
            "formats": [FORMAT_LABELS.get(f, f) for f in proposal.formats],
            "history": proposal_history(proposal),
            "merged_from": proposal.merged_from.prefetch_related("organisations"),
            "merge_log": proposal.merge_log.select_related("decided_by").prefetch_related("originals"),
            "can_edit": request.user.has_perm("programme.change_proposal", proposal),
            "can_merge": request.user.has_perm("programme.merge_proposals", proposal.round),
            "attachments": proposal.attachments.all(),
            "similar": similar,
            **discussion_context(request, proposal),
        },
    )


def proposal_attachment(request, pk: int, attachment_pk: int):
    """An attachment, for those who may read its proposal, as a download (never rendered)."""
    attachment = get_object_or_404(
        ProposalAttachment.objects.select_related("proposal__round"), pk=attachment_pk, proposal_id=pk
    )
    require(request, "programme.view_round", attachment.proposal.round)
    return download_response(attachment.file, attachment.original_name)


@require_http_methods(["GET", "POST"])
def proposal_create(request, round_pk: int):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    require(request, "programme.add_proposal", round_)
    orgs = Organisation.objects.all() if is_secretariat(request.user) else acting_organisations(request.user)
    limit = settings.REGLAB_MAX_UPLOAD_BYTES
    form = ProposalForm(request.POST or None, request.FILES or None, organisations=orgs, max_bytes=limit)
    if request.method == "GET" and not is_secretariat(request.user):
        form.initial["organisations"] = list(orgs)
    if request.method == "POST" and form.is_valid():
        proposal = proposal_services.proposal_create(
            round_=round_,
            user=request.user,
            organisations=form.cleaned_data["organisations"],
            **form.proposal_fields(),
        )
        if form.cleaned_data.get("attachment"):
            proposal_services.proposal_attach(
                proposal=proposal, user=request.user, upload=form.cleaned_data["attachment"]
            )
        messages.success(request, _("Förslaget är sparat."))
        return redirect(proposal)
    return render(request, "programme/proposal_form.html", {"form": form, "round": round_, "proposal": None})


@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    require(request, "programme.change_proposal", proposal)
    secretariat = is_secretariat(request.user)
    orgs = Organisation.objects.all() if secretariat else acting_organisations(request.user)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        organisations=orgs,
        max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES,
    )
    if request.method == "POST" and form.is_valid():
        # A member cannot remove organisations they do not act for.
        chosen = set(form.cleaned_data["organisations"])
        if not secretariat:
            chosen |= set(proposal.organisations.exclude(pk__in=orgs.values("pk")))
        try:
            proposal_services.proposal_update(
                proposal=proposal,
                user=request.user,
                organisations=chosen,
                expected_updated_at=form.loaded_updated_at(),
                **form.proposal_fields(),
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect(proposal)
    return render(
        request, "programme/proposal_form.html", {"form": form, "round": proposal.round, "proposal": proposal}
    )
