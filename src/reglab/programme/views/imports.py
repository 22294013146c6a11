"""Deck import with a review screen: upload, check each draft next to its source, save."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from reglab.core.permissions import require
from reglab.engine.similarity import Item
from reglab.programme.forms.imports import DraftForm, UploadForm
from reglab.programme.models import IdeaRound
from reglab.programme.selectors.proposals import active_proposals, proposal_item
from reglab.programme.services import imports as import_services
from reglab.programme.uploads import SizeLimitUploadHandler
from reglab.readers.decks import Deck, DeckError, ProposalDraft
from reglab.readers.decks.parse import parse_text_block
from reglab.reference.organisations import regional_organisations

SESSION_KEY = "programme_imports"


def _drafts_store(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _draft_state(request, round_: IdeaRound, token: str) -> dict:
    state = request.session.get(SESSION_KEY, {}).get(token)
    if not state or state.get("round") != round_.pk:
        raise Http404
    return state


@csrf_exempt  # CSRF is checked by _import_upload, after the size-limiting upload handler is in place
@require_http_methods(["GET", "POST"])
def import_upload(request, round_pk: int):
    # Checked before the body is read, so nobody without the right makes the server parse an upload.
    require(request, "programme.import_proposals", get_object_or_404(IdeaRound, pk=round_pk))
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, settings.REGLAB_MAX_UPLOAD_BYTES))
    return _import_upload(request, round_pk)


@csrf_protect
def _import_upload(request, round_pk: int):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    require(request, "programme.import_proposals", round_)
    limit = settings.REGLAB_MAX_UPLOAD_BYTES
    upload_error = ""
    files = request.FILES if request.method == "POST" else None  # parses the body (size-limited)
    if getattr(request, "upload_too_large", False):
        form = UploadForm(max_bytes=limit)
        upload_error = _("Filen är för stor (högst %(mb)s MB).") % {"mb": limit // 2**20}
    else:
        form = UploadForm(request.POST or None, files or None, max_bytes=limit)
    if not upload_error and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(limit + 1)
            deck, drafts = import_services.deck_extract(data=data, filename=upload.name, max_bytes=limit)
        except DeckError as exc:
            form.add_error("file", import_services.deck_error_message(exc))
        else:
            token = secrets.token_urlsafe(12)
            store = _drafts_store(request)
            store.clear()  # one pending import per session keeps the session small
            store[token] = {
                "round": round_.pk,
                "deck": {
                    "filename": deck.filename,
                    "kind": deck.kind,
                    "sha256": deck.sha256,
                    "size": deck.size,
                    "slides": len(deck.slides),
                },
                "drafts": [d.to_dict() for d in drafts],
            }
            request.session.modified = True
            return redirect("programme:import-review", round_pk=round_.pk, token=token)
    context = {"form": form, "round": round_, "limit_mb": limit // 2**20, "upload_error": upload_error}
    return render(request, "programme/import_upload.html", context)


def _draft_from_form(form: DraftForm, previous: dict) -> dict:
    data = form.cleaned_data
    draft = dict(previous)
    lan = data.get("region_lan") or None
    names = {r.lan: r.name for r in regional_organisations()}
    emails = [e for e in previous.get("emails", []) if e != previous.get("contact_email")]
    if data.get("contact_email"):
        emails = [data["contact_email"], *[e for e in emails if e != data["contact_email"]]]
    draft.update(
        title=data["title"],
        region_lan=lan,
        region_name=names.get(lan) if lan else None,
        region_guessed=previous.get("region_guessed", False) and lan == previous.get("region_lan"),
        formats=list(data.get("formats") or []),
        contact_name=data.get("contact_name", ""),
        emails=emails,
        description=data.get("description", ""),
        needs=data.get("needs", ""),
        strategy_links=[s.strip() for s in data.get("strategy_text", "").splitlines() if s.strip()],
        include=bool(data.get("include")),
    )
    return draft


def _draft_initial(draft: dict) -> dict:
    return {
        "include": draft.get("include", True),
        "title": draft["title"],
        "region_lan": draft.get("region_lan") or "",
        "formats": draft.get("formats", []),
        "contact_name": draft.get("contact_name", ""),
        "contact_email": (draft.get("emails") or [""])[0],
        "description": draft.get("description", ""),
        "needs": draft.get("needs", ""),
        "strategy_text": "\n".join(draft.get("strategy_links", [])),
    }


def _join(first: dict, second: dict) -> dict:
    joined = dict(first)
    joined["slides"] = sorted(set(first.get("slides", [])) | set(second.get("slides", [])))
    joined["description"] = "\n\n".join(x for x in (first.get("description"), second.get("description")) if x)
    joined["needs"] = "\n".join(x for x in (first.get("needs"), second.get("needs")) if x)
    joined["source_text"] = "\n\n".join(x for x in (first.get("source_text"), second.get("source_text")) if x)
    joined["notes"] = "\n\n".join(x for x in (first.get("notes"), second.get("notes")) if x)
    for key in ("formats", "emails", "strategy_links"):
        joined[key] = list(dict.fromkeys([*first.get(key, []), *second.get(key, [])]))
    if not joined.get("region_lan") and second.get("region_lan"):
        joined["region_lan"], joined["region_name"] = second["region_lan"], second.get("region_name")
    return joined


def _split(draft: dict, at_line: int) -> list[dict] | None:
    """Split a draft's source text before line `at_line` (1-based) and re-parse both parts."""
    lines = draft.get("source_text", "").split("\n")
    if not 1 < at_line <= len(lines):
        return None
    slides = draft.get("slides") or [1]
    kind = draft.get("locator_kind", "bild")
    parts = []
    for text, number in (
        ("\n".join(lines[: at_line - 1]), slides[0]),
        ("\n".join(lines[at_line - 1 :]), slides[-1]),
    ):
        parsed = parse_text_block(text, number=number, locator_kind=kind)
        if parsed is None:
            return None
        data = parsed.to_dict()
        data["source_text"] = text.strip("\n")
        data["include"] = True
        parts.append(data)
    if len(slides) > 1:
        parts[0]["slides"], parts[1]["slides"] = slides[:1], slides[1:]
    if parts[0]["slides"] == parts[1]["slides"]:
        # Same slide, two proposals: keep the re-import key unique ("bild 7", "bild 7b").
        parts[1]["locator_suffix"] = "b"
    return parts


def _locator(draft: dict) -> str:
    base = ProposalDraft.from_dict(draft).locator
    return base + draft.get("locator_suffix", "")


@require_http_methods(["GET", "POST"])
def import_review(request, round_pk: int, token: str):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    require(request, "programme.import_proposals", round_)
    state = _draft_state(request, round_, token)
    drafts: list[dict] = state["drafts"]
    forms = [
        DraftForm(request.POST or None, prefix=f"d{i}", initial=_draft_initial(d))
        for i, d in enumerate(drafts)
    ]
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "cancel":
            request.session.get(SESSION_KEY, {}).pop(token, None)
            request.session.modified = True
            messages.info(request, _("Importen avbröts. Inget sparades."))
            return redirect(round_)
        if all(f.is_valid() for f in forms):
            drafts = [_draft_from_form(f, d) for f, d in zip(forms, drafts, strict=True)]
            if action.startswith("join:"):
                index = _int(action[5:])
                if index is not None and 0 < index < len(drafts):
                    drafts[index - 1 : index + 1] = [_join(drafts[index - 1], drafts[index])]
                    messages.info(request, _("Förslagen slogs ihop."))
            elif action.startswith("split:"):
                index = _int(action[6:])
                at_line = _int(request.POST.get(f"split_at_{index}", ""))
                parts = (
                    _split(drafts[index], at_line)
                    if index is not None and index < len(drafts) and at_line
                    else None
                )
                if parts and index is not None:  # parts implies a valid index
                    drafts[index : index + 1] = parts
                    messages.info(request, _("Förslaget delades i två."))
                else:
                    messages.error(request, _("Ange ett radnummer inne i källtexten för att dela."))
            elif action == "save":
                chosen = [d for d in drafts if d.get("include", True)]
                if not chosen:
                    messages.error(request, _("Inga förslag är markerade för import."))
                else:
                    meta = state["deck"]
                    deck = Deck(
                        filename=meta["filename"], kind=meta["kind"], sha256=meta["sha256"], size=meta["size"]
                    )
                    objects = []
                    for d in chosen:
                        objects.append((ProposalDraft.from_dict(d), _locator(d)))
                    batch = import_services.proposals_import_save(
                        round_=round_,
                        deck=deck,
                        drafts=[d for d, _ in objects],
                        locators=[loc for _, loc in objects],
                        slide_count=meta["slides"],
                        user=request.user,
                    )
                    request.session.get(SESSION_KEY, {}).pop(token, None)
                    request.session.modified = True
                    messages.success(
                        request,
                        _("%(created)s förslag sparades; %(skipped)s fanns redan från samma fil och bild.")
                        % {"created": batch.created_count, "skipped": batch.skipped_count},
                    )
                    return redirect(round_)
            state["drafts"] = drafts
            request.session.modified = True
            return redirect("programme:import-review", round_pk=round_.pk, token=token)
        messages.error(request, _("Rätta de markerade fälten."))
    similar = _review_similarity(drafts, round_)
    rows = []
    for i, (form, draft) in enumerate(zip(forms, drafts, strict=True)):
        source_lines = draft.get("source_text", "").split("\n")
        rows.append(
            {
                "index": i,
                "form": form,
                "draft": draft,
                "locator": _locator(draft),
                "source_lines": source_lines,
                "similar": similar[i] if i < len(similar) else [],
            }
        )
    return render(
        request,
        "programme/import_review.html",
        {"round": round_, "token": token, "deck": state["deck"], "rows": rows},
    )


def _review_similarity(drafts: list[dict], round_: IdeaRound):

    existing: list[Item] = [proposal_item(p) for p in active_proposals(round_)]
    objects = [ProposalDraft.from_dict(d) for d in drafts]
    if len(objects) + len(existing) < 2:
        return [[] for _ in objects]
    from reglab.programme.embeddings import stored_embedder

    # Reads stored vectors of saved proposals; stores nothing before the reviewer confirms.
    return import_services.drafts_similar(
        objects, existing=existing, k=2, embedder=stored_embedder(write=False)
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
