"""Thin views: forms in, services out. Permissions via django-rules (see rules.py)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from reglab.accounts.models import Organisation
from reglab.accounts.predicates import is_secretariat
from reglab.core.concurrency import EditConflict
from reglab.engine.similarity import Item
from reglab.programme import services
from reglab.programme.forms import DraftForm, MergeForm, ProposalForm, UploadForm
from reglab.programme.models import ActivityFormat, IdeaRound, Proposal
from reglab.programme.selectors import active_proposals, user_organisations, voting_started
from reglab.programme.uploads import SizeLimitUploadHandler
from reglab.readers.decks import Deck, DeckError, ProposalDraft
from reglab.readers.decks.parse import parse_text_block
from reglab.reference.organisations import regional_organisations

SESSION_KEY = "programme_imports"
FORMAT_LABELS = dict(ActivityFormat.choices)


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def index(request):
    rounds = IdeaRound.objects.all()
    return render(request, "programme/index.html", {"rounds": rounds})


@login_required
def round_detail(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    _require(request, "programme.view_round", round_)
    proposals = (
        round_.proposals.prefetch_related("organisations").select_related("merged_into").order_by("pk")
    )
    return render(
        request,
        "programme/round_detail.html",
        {
            "round": round_,
            "proposals": proposals,
            "can_add": request.user.has_perm("programme.add_proposal", round_),
            "can_import": request.user.has_perm("programme.import_proposals", round_),
            "can_merge": request.user.has_perm("programme.merge_proposals", round_),
            "voting_started": voting_started(round_),
            "clusters": round_.clusters.prefetch_related("proposals"),
        },
    )


@login_required
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("round", "merged_into"), pk=pk)
    _require(request, "programme.view_round", proposal.round)
    similar = []
    if proposal.merged_into_id is None:
        proposals, matches = services.round_overlaps(proposal.round, k=3)
        by_key = {f"p{p.pk}": p for p in proposals}
        similar = [(by_key.get(m.key), m) for m in matches.get(f"p{proposal.pk}", [])]
    return render(
        request,
        "programme/proposal_detail.html",
        {
            "proposal": proposal,
            "formats": [FORMAT_LABELS.get(f, f) for f in proposal.formats],
            "revisions": proposal.revisions.select_related("editor").order_by("-number"),
            "merged_from": proposal.merged_from.prefetch_related("organisations"),
            "merge_log": proposal.merge_log.select_related("decided_by").prefetch_related("originals"),
            "can_edit": request.user.has_perm("programme.change_proposal", proposal),
            "can_merge": request.user.has_perm("programme.merge_proposals", proposal.round),
            "attachments": proposal.attachments.all(),
            "similar": similar,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, round_pk: int):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    _require(request, "programme.add_proposal", round_)
    orgs = Organisation.objects.all() if is_secretariat(request.user) else user_organisations(request.user)
    limit = settings.REGLAB_MAX_UPLOAD_BYTES
    form = ProposalForm(request.POST or None, request.FILES or None, organisations=orgs, max_bytes=limit)
    if request.method == "GET" and not is_secretariat(request.user):
        form.initial["organisations"] = list(orgs)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_create(
            round_=round_,
            user=request.user,
            organisations=form.cleaned_data["organisations"],
            **form.proposal_fields(),
        )
        if form.cleaned_data.get("attachment"):
            services.proposal_attach(
                proposal=proposal, user=request.user, upload=form.cleaned_data["attachment"]
            )
        messages.success(request, _("Förslaget är sparat."))
        return redirect(proposal)
    return render(request, "programme/proposal_form.html", {"form": form, "round": round_, "proposal": None})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    _require(request, "programme.change_proposal", proposal)
    secretariat = is_secretariat(request.user)
    orgs = Organisation.objects.all() if secretariat else user_organisations(request.user)
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
            services.proposal_update(
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


# ---------------------------------------------------------------- import with review


def _drafts_store(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _draft_state(request, round_: IdeaRound, token: str) -> dict:
    state = request.session.get(SESSION_KEY, {}).get(token)
    if not state or state.get("round") != round_.pk:
        raise Http404
    return state


@csrf_exempt  # CSRF is checked by _import_upload, after the size-limiting upload handler is in place
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, round_pk: int):
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, settings.REGLAB_MAX_UPLOAD_BYTES))
    return _import_upload(request, round_pk)


@csrf_protect
def _import_upload(request, round_pk: int):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    _require(request, "programme.import_proposals", round_)
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
            deck, drafts = services.deck_extract(data=data, filename=upload.name, max_bytes=limit)
        except DeckError as exc:
            form.add_error("file", services.deck_error_message(exc))
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


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request, round_pk: int, token: str):
    round_ = get_object_or_404(IdeaRound, pk=round_pk)
    _require(request, "programme.import_proposals", round_)
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
                if parts:
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
                        draft = ProposalDraft.from_dict(d)
                        objects.append((draft, _locator(d)))
                    batch = services.proposals_import_save(
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
    from reglab.programme.selectors import proposal_item

    existing: list[Item] = [proposal_item(p) for p in active_proposals(round_)]
    objects = [ProposalDraft.from_dict(d) for d in drafts]
    if len(objects) + len(existing) < 2:
        return [[] for _ in objects]
    from reglab.programme.embeddings import stored_embedder

    # Reads stored vectors of saved proposals; stores nothing before the reviewer confirms.
    return services.drafts_similar(objects, existing=existing, k=2, embedder=stored_embedder(write=False))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- overlaps, clusters, merge


@login_required
def round_overlaps(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    _require(request, "programme.view_round", round_)
    proposals, matches = services.round_overlaps(round_, k=3)
    by_key = {f"p{p.pk}": p for p in proposals}
    rows = [
        {"proposal": p, "matches": [(by_key.get(m.key), m) for m in matches.get(f"p{p.pk}", [])]}
        for p in proposals
    ]
    return render(request, "programme/overlaps.html", {"round": round_, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def round_clusters(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    _require(request, "programme.view_round", round_)
    if request.method == "POST":
        _require(request, "programme.manage_clusters", round_)
        saved = services.round_clusters_save(round_=round_, user=request.user)
        messages.success(request, _("%(n)s ämneskluster föreslogs.") % {"n": len(saved)})
        return redirect("programme:round-clusters", pk=round_.pk)
    return render(
        request,
        "programme/clusters.html",
        {
            "round": round_,
            "clusters": round_.clusters.prefetch_related("proposals__organisations"),
            "can_manage": request.user.has_perm("programme.manage_clusters", round_),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals_merge(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    _require(request, "programme.merge_proposals", round_)
    queryset = active_proposals(round_)
    form = MergeForm(request.POST or None, queryset=queryset, initial={"proposals": request.GET.getlist("p")})
    if request.method == "POST" and form.is_valid():
        try:
            joint = services.proposals_merge(
                originals=list(form.cleaned_data["proposals"]),
                user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                decision=form.cleaned_data["decision"],
            )
        except services.MergeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Förslagen sammanfördes. Originalen finns kvar och är länkade."))
            return redirect(joint)
    return render(
        request,
        "programme/merge.html",
        {"round": round_, "form": form, "voting_started": voting_started(round_)},
    )


@login_required
@require_http_methods(["POST"])
def proposal_unmerge(request, pk: int):
    joint = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    _require(request, "programme.merge_proposals", joint.round)
    try:
        services.proposal_unmerge(joint=joint, user=request.user, decision=request.POST.get("decision", ""))
    except services.MergeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sammanföringen är upphävd; originalen står för sig själva igen."))
    return redirect(joint)
