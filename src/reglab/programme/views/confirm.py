"""The confirmation page of a destructive action: GET (or a POST without `confirmed`) shows what will
happen; only a POST with `confirmed=1`, sent by that page's button, acts."""

from __future__ import annotations

from collections.abc import Iterable

from django.shortcuts import render


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirmed") == "1"


def confirm_page(
    request,
    *,
    title: str,
    question: str,
    consequences: Iterable[str],
    confirm_label: str,
    back: str,
    hidden: dict[str, str] | None = None,
):
    context = {
        "title": title,
        "question": question,
        "consequences": list(consequences),
        "confirm_label": confirm_label,
        "back": back,
        "hidden": sorted((hidden or {}).items()),
        "action": request.path,
    }
    return render(request, "programme/confirm.html", context)
