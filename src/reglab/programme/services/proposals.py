"""Writing proposals: create, edit (with revision history), attachments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation
from reglab.core.concurrency import ensure_unchanged
from reglab.programme.audit import log_change
from reglab.programme.models import IdeaRound, Proposal, ProposalAttachment, ProposalRevision, ProposalSource

TRACKED_FIELDS = [
    "title",
    "description",
    "needs",
    "contact_name",
    "contact_email",
    "contacts",
    "formats",
    "topics",
    "strategy_links",
    "notes",
]


def snapshot(proposal: Proposal) -> dict:
    data = {name: getattr(proposal, name) for name in TRACKED_FIELDS}
    data["organisations"] = sorted(proposal.organisations.values_list("pk", flat=True)) if proposal.pk else []
    return data


def record_revision(proposal: Proposal, *, user, before: dict | None, comment: str = "") -> ProposalRevision:
    after = snapshot(proposal)
    changed = sorted(k for k in after if before is None or before.get(k) != after.get(k))
    number = (proposal.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ProposalRevision.objects.create(
        proposal=proposal,
        number=number,
        editor=user if getattr(user, "is_authenticated", False) else None,
        changed_fields=changed,
        snapshot=after,
        comment=comment,
    )


@transaction.atomic
def proposal_create(*, round_: IdeaRound, user, organisations: Sequence, **fields) -> Proposal:
    from reglab.programme.services.rounds import round_require_collecting

    round_require_collecting(round_)
    proposal = Proposal.objects.create(
        round=round_,
        source=ProposalSource.WEB_FORM,
        created_by=user if user and user.is_authenticated else None,
        **fields,
    )
    proposal.organisations.set(organisations)
    record_revision(proposal, user=user, before=None, comment=_("Skapad"))
    log_change(user=user, action="proposal_create", obj=proposal, changes=snapshot(proposal))
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    user,
    organisations: Iterable[Organisation] | None = None,
    comment: str = "",
    expected_updated_at=None,
    **fields,
) -> Proposal:
    """Change a proposal and record the revision.

    `expected_updated_at` is the version the editor saw; if the stored proposal has changed since,
    `EditConflict` is raised and the stored version stays as it is (optimistic locking).
    """
    ensure_unchanged(proposal, expected_updated_at, what=_("Förslaget"))
    proposal.refresh_from_db()
    before = snapshot(proposal)
    for name, value in fields.items():
        if name not in TRACKED_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(proposal, name, value)
    proposal.save()
    if organisations is not None:
        proposal.organisations.set(organisations)
    after = snapshot(proposal)
    if after != before:
        record_revision(proposal, user=user, before=before, comment=comment)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        log_change(user=user, action="proposal_update", obj=proposal, changes=changes)
    return proposal


def proposal_attach(*, proposal: Proposal, user, upload) -> ProposalAttachment:
    """Store an uploaded file with the proposal (size is checked by the form; the download view serves it
    as its allow-listed type or as a plain download, never as a page)."""
    return ProposalAttachment.objects.create(
        proposal=proposal,
        file=upload,
        original_name=upload.name[:300],
        size_bytes=upload.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
