"""Search with filters: proposals and activities (one page, two lists) and the lessons bank."""

from __future__ import annotations

from django.shortcuts import render

from reglab.core.permissions import require
from reglab.programme.forms.search import ActivitySearchForm, LessonSearchForm, ProposalSearchForm
from reglab.programme.models import ProposalState
from reglab.programme.selectors import search as search_selectors

RESULT_LIMIT = 100


def _filters(form) -> dict:
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "query": data.get("q", ""),
        "round_": data.get("round"),
        "organisation": data.get("organisation"),
        "format": data.get("format", ""),
    }


def search(request):
    """Proposals (for members' users, like the rounds) or activities (published ones for everyone)."""
    can_view_rounds = request.user.has_perm("programme.view_round")
    kind = request.GET.get("typ") or ("forslag" if can_view_rounds else "aktiviteter")
    kind = "aktiviteter" if kind == "aktiviteter" else "forslag"
    if kind == "forslag":
        require(request, "programme.view_round")
        form = ProposalSearchForm(request.GET or None)
        filters = _filters(form)
        state = form.cleaned_data.get("state", "") if form.is_valid() else ""
        results = search_selectors.search_proposals(**filters, state=state)
    else:
        form = ActivitySearchForm(request.GET or None)
        filters = _filters(form)
        status = form.cleaned_data.get("status", "") if form.is_valid() else ""
        results = search_selectors.search_activities(user=request.user, **filters, status=status)
    total = results.count()
    shown = list(results[:RESULT_LIMIT])
    for item in shown:
        if kind == "forslag":
            item.state_label = ProposalState(item.current_state).label
    context = {
        "kind": kind,
        "form": form,
        "results": shown,
        "total": total,
        "limit": RESULT_LIMIT,
        "can_view_rounds": can_view_rounds,
    }
    return render(request, "programme/search.html", context)


def lessons_bank(request):
    """Results and lessons of all activities the user may read, searchable by text, theme and format."""
    themes = search_selectors.bank_themes(request.user)
    form = LessonSearchForm(request.GET or None, themes=themes)
    filters = _filters(form)
    theme = form.cleaned_data.get("theme", "") if form.is_valid() else ""
    entries = search_selectors.lessons_bank(user=request.user, theme=theme, **filters)
    return render(
        request,
        "programme/lessons_bank.html",
        {"form": form, "entries": entries[:RESULT_LIMIT], "total": len(entries), "limit": RESULT_LIMIT},
    )
