"""Writes for the idea workshop: proposals, imports, merges, clusters. Shared by views, commands and tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.core.concurrency import ensure_unchanged
from reglab.engine.similarity import Item, Match, cluster_items, get_embedder, most_similar, thresholds_for
from reglab.programme.models import (
    IdeaRound,
    ImportBatch,
    MergeAction,
    Proposal,
    ProposalAttachment,
    ProposalMerge,
    ProposalRevision,
    ProposalSource,
    TopicCluster,
)
from reglab.programme.selectors import (
    active_proposals,
    organisation_for_region,
    proposal_item,
    voting_started,
)
from reglab.readers.decks import Deck, DeckError, ProposalDraft, parse_proposals, read_deck

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


class MergeRefused(ValueError):
    """A merge that the rules do not allow (message is translated, one line)."""


# ---------------------------------------------------------------- deck import


def deck_error_message(error: DeckError) -> str:
    """The translated one-line message for a DeckError code."""
    messages = {
        "empty": _("Filen är tom."),
        "too_large": _("Filen är för stor."),
        "unknown_type": _("Okänt filformat: använd PPTX, PDF, DOCX eller text (.txt)."),
        "encrypted": _("Filen är lösenordsskyddad eller krypterad och kan inte läsas."),
        "corrupt": _("Filen är skadad och kan inte läsas."),
        "zip_bomb": _("Filen packas upp till orimligt mycket data och läses inte."),
        "no_text": _("Dokumentet innehåller ingen text (är det en skannad PDF?)."),
        "no_proposals": _("Inga förslag kunde kännas igen i dokumentet."),
        "old_format": _("Äldre Office-format (.ppt/.doc) eller krypterad Office-fil: spara som PPTX/DOCX."),
    }
    return messages.get(error.code, str(error))


def deck_extract(*, data: bytes, filename: str, max_bytes: int) -> tuple[Deck, list[ProposalDraft]]:
    """Read and parse a deck; DeckError('no_proposals') when nothing looks like a proposal."""
    deck = read_deck(data, filename, max_bytes=max_bytes)
    drafts = parse_proposals(deck.slides)
    if not drafts:
        raise DeckError("no_proposals")
    return deck, drafts


def draft_group(draft: ProposalDraft) -> str | None:
    return f"lan:{draft.region_lan}" if draft.region_lan else None


def drafts_similar(
    drafts: Sequence[ProposalDraft], *, existing: Sequence[Item] = (), k: int = 3, embedder=None
) -> list[list[Match]]:
    """For each draft, the most similar drafts/existing proposals from OTHER organisations."""
    items = [
        Item(key=f"d{i}", title=d.title, text=" ".join([d.description, d.needs]), group=draft_group(d))
        for i, d in enumerate(drafts)
    ]
    result = most_similar([*items, *existing], embedder=embedder or get_embedder(), k=k)
    return [result[item.key] for item in items]


def _snapshot(proposal: Proposal) -> dict:
    data = {name: getattr(proposal, name) for name in TRACKED_FIELDS}
    data["organisations"] = sorted(proposal.organisations.values_list("pk", flat=True)) if proposal.pk else []
    return data


def _record_revision(proposal: Proposal, *, user, before: dict | None, comment: str = "") -> ProposalRevision:
    after = _snapshot(proposal)
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


def _regional_organisation(lan: str | None):
    """The region's Organisation; created from the reference list (as organisations_load() would,
    same slug) when the database does not have it yet, so the slide's region is never lost."""
    if not lan:
        return None
    org = organisation_for_region(lan)
    if org is not None:
        return org
    from django.utils.text import slugify

    from reglab.accounts.models import Organisation, OrganisationKind
    from reglab.geography.models import Region
    from reglab.reference.organisations import regional_organisations

    ref = next((r for r in regional_organisations() if r.lan == lan), None)
    if ref is None:
        return None
    org, _created = Organisation.objects.get_or_create(
        slug=slugify(ref.name),
        defaults={
            "name": ref.name,
            "kind": OrganisationKind.REGION,
            "region": Region.objects.filter(code=lan).first(),
            "aliases": sorted({*ref.aliases, *ref.short} - {ref.name}),
        },
    )
    return org


@transaction.atomic
def proposals_import_save(
    *,
    round_: IdeaRound,
    deck: Deck,
    drafts: Sequence[ProposalDraft],
    user=None,
    locators: Sequence[str] | None = None,
    slide_count: int | None = None,
) -> ImportBatch:
    """Save reviewed drafts. Idempotent: a (file hash, slide) already in the round is skipped.

    The region and contact on the slide are the proposal's author, not the user who imports.
    `locators` overrides the drafts' own (after a reviewer split one slide into two).
    """
    locators = list(locators) if locators is not None else [d.locator for d in drafts]
    batch = ImportBatch.objects.create(
        round=round_,
        filename=deck.filename[:300],
        sha256=deck.sha256,
        kind=deck.kind,
        size_bytes=deck.size,
        slide_count=slide_count if slide_count is not None else len(deck.slides),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    existing = set(
        round_.proposals.filter(
            source=ProposalSource.DOCUMENT, source_document_sha256=deck.sha256
        ).values_list("source_locator", flat=True)
    )
    created = skipped = 0
    for draft, locator in zip(drafts, locators, strict=True):
        if locator in existing:
            skipped += 1
            continue
        proposal = Proposal.objects.create(
            round=round_,
            title=(draft.title or _("(utan titel)"))[:300],
            description=draft.description,
            needs=draft.needs,
            contact_name=draft.contact_name[:200],
            contact_email=draft.contact_email[:254],
            contacts=[{"name": "", "email": e} for e in draft.emails[1:]],
            formats=draft.formats,
            strategy_links=draft.strategy_links,
            source=ProposalSource.DOCUMENT,
            source_document=deck.filename[:300],
            source_document_sha256=deck.sha256,
            source_locator=locator,
            source_text=draft.source_text,
            notes=draft.notes,
            import_batch=batch,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        org = _regional_organisation(draft.region_lan)
        if org is not None:
            proposal.organisations.add(org)
        _record_revision(
            proposal, user=user, before=None, comment=_("Importerad från %(file)s") % {"file": deck.filename}
        )
        existing.add(locator)
        created += 1
    batch.created_count, batch.skipped_count = created, skipped
    batch.save(update_fields=["created_count", "skipped_count"])
    return batch


# ---------------------------------------------------------------- proposals


@transaction.atomic
def proposal_create(*, round_: IdeaRound, user, organisations: Sequence, **fields) -> Proposal:
    proposal = Proposal.objects.create(
        round=round_,
        source=ProposalSource.WEB_FORM,
        created_by=user if user and user.is_authenticated else None,
        **fields,
    )
    proposal.organisations.set(organisations)
    _record_revision(proposal, user=user, before=None, comment=_("Skapad"))
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    user,
    organisations: Sequence | None = None,
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
    before = _snapshot(proposal)
    for name, value in fields.items():
        if name not in TRACKED_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(proposal, name, value)
    proposal.save()
    if organisations is not None:
        proposal.organisations.set(organisations)
    if _snapshot(proposal) != before:
        _record_revision(proposal, user=user, before=before, comment=comment)
    return proposal


def proposal_attach(*, proposal: Proposal, user, upload) -> ProposalAttachment:
    """Store an uploaded file with the proposal (size is checked by the form)."""
    return ProposalAttachment.objects.create(
        proposal=proposal,
        file=upload,
        original_name=upload.name[:300],
        size_bytes=upload.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )


# ---------------------------------------------------------------- merge


@transaction.atomic
def proposals_merge(
    *, originals: Sequence[Proposal], user, title: str, description: str = "", decision: str = ""
) -> Proposal:
    """Merge proposals into a new joint proposal. Nothing is deleted; every original stays linked.

    After voting has started a merge is refused unless `decision` records an explicit decision
    (e.g. "Beslut på mötet 3/10: rösterna redovisas per ursprungligt förslag"); it is logged.
    Votes are never moved: they stay on the originals they were cast on.
    """
    originals = list(originals)
    if len(originals) < 2:
        raise MergeRefused(_("Välj minst två förslag att sammanföra."))
    rounds = {p.round_id for p in originals}
    if len(rounds) != 1:
        raise MergeRefused(_("Förslagen tillhör olika idérundor."))
    if any(p.merged_into_id for p in originals):
        raise MergeRefused(_("Ett av förslagen är redan sammanfört med ett annat."))
    round_ = originals[0].round
    started = voting_started(round_)
    if started and not decision.strip():
        raise MergeRefused(
            _("Röstningen har börjat: sammanföring kräver ett uttryckligt beslut som skrivs in och loggas.")
        )
    title = title.strip() or " / ".join(p.title for p in originals)
    joint = Proposal.objects.create(
        round=round_,
        title=title[:300],
        description=description.strip()
        or "\n\n".join(f"{p.title}: {p.description}".strip() for p in originals),
        needs="\n".join(p.needs for p in originals if p.needs),
        contact_name=originals[0].contact_name,
        contact_email=originals[0].contact_email,
        contacts=[
            {"name": p.contact_name, "email": p.contact_email}
            for p in originals[1:]
            if p.contact_name or p.contact_email
        ]
        + [c for p in originals for c in p.contacts],
        formats=list(dict.fromkeys(f for p in originals for f in p.formats)),
        topics=list(dict.fromkeys(t for p in originals for t in p.topics)),
        strategy_links=list(dict.fromkeys(s for p in originals for s in p.strategy_links)),
        is_joint=True,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    joint.organisations.set({o for p in originals for o in p.organisations.all()})
    Proposal.objects.filter(pk__in=[p.pk for p in originals]).update(merged_into=joint)
    log = ProposalMerge.objects.create(
        joint=joint,
        action=MergeAction.MERGE,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
        round_phase=round_.phase,
        after_voting_started=started,
        decision=decision.strip(),
    )
    log.originals.set(originals)
    _record_revision(joint, user=user, before=None, comment=_("Sammanfört förslag"))
    return joint


@transaction.atomic
def proposal_unmerge(*, joint: Proposal, user, decision: str = "") -> list[Proposal]:
    """Reverse a merge: the originals stand alone again; the joint proposal and the log stay."""
    if not joint.is_joint:
        raise MergeRefused(_("Förslaget är inte ett sammanfört förslag."))
    originals = list(joint.merged_from.all())
    started = voting_started(joint.round)
    if started and not decision.strip():
        raise MergeRefused(
            _("Röstningen har börjat: att dela upp kräver ett uttryckligt beslut som skrivs in och loggas.")
        )
    joint.merged_from.update(merged_into=None)
    log = ProposalMerge.objects.create(
        joint=joint,
        action=MergeAction.UNMERGE,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
        round_phase=joint.round.phase,
        after_voting_started=started,
        decision=decision.strip(),
    )
    log.originals.set(originals)
    return originals


# ---------------------------------------------------------------- overlaps and clusters


def round_overlaps(
    round_: IdeaRound, *, k: int = 3, embedder=None
) -> tuple[list[Proposal], dict[str, list[Match]]]:
    from reglab.programme.embeddings import stored_embedder

    proposals = list(active_proposals(round_))
    items = [proposal_item(p) for p in proposals]
    return proposals, most_similar(items, embedder=embedder or stored_embedder(), k=k)


@transaction.atomic
def round_clusters_save(*, round_: IdeaRound, user, embedder=None) -> list[TopicCluster]:
    """Recompute the round's topic clusters (replacing the previous suggestion, not proposals)."""
    from reglab.programme.embeddings import stored_embedder

    embedder = embedder or stored_embedder()
    proposals = list(active_proposals(round_))
    items = [proposal_item(p) for p in proposals]
    by_key = {f"p{p.pk}": p for p in proposals}
    threshold = thresholds_for(embedder.model_version).related
    clusters = cluster_items(items, embedder=embedder)
    round_.clusters.all().delete()  # suggestions only; proposals are untouched
    saved = []
    for cluster in clusters:
        topic = TopicCluster.objects.create(
            round=round_,
            label=cluster.label[:200],
            terms=cluster.terms,
            model_version=embedder.model_version,
            threshold=threshold,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        topic.proposals.set([by_key[k] for k in cluster.keys])
        saved.append(topic)
    return saved


@dataclass
class ImportPreview:
    deck: Deck
    drafts: list[ProposalDraft]
    similar: list[list[Match]]
