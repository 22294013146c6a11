"""Deck import: read a workshop deck, find similar proposals, save the reviewed drafts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.engine.similarity import Item, Match, get_embedder, most_similar
from reglab.programme.audit import log_change
from reglab.programme.models import IdeaRound, ImportBatch, Proposal, ProposalSource
from reglab.programme.selectors.organisations import organisation_for_region
from reglab.programme.services.proposals import record_revision
from reglab.readers.decks import Deck, DeckError, ProposalDraft, parse_proposals, read_deck


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
    from reglab.programme.services.rounds import round_require_collecting

    round_require_collecting(round_)
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
        record_revision(
            proposal, user=user, before=None, comment=_("Importerad från %(file)s") % {"file": deck.filename}
        )
        existing.add(locator)
        created += 1
    batch.created_count, batch.skipped_count = created, skipped
    batch.save(update_fields=["created_count", "skipped_count"])
    log_change(
        user=user,
        action="proposals_import",
        obj=round_,
        changes={"file": deck.filename, "created": created, "skipped": skipped},
    )
    return batch


@dataclass
class ImportPreview:
    deck: Deck
    drafts: list[ProposalDraft]
    similar: list[list[Match]]
