"""Prioritisation pages: focus areas, ballots (cast dots / ranking), results after close."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from reglab.core.permissions import require
from reglab.programme.errors import ServiceError, error_text
from reglab.programme.forms.ballots import BallotCastForm, BallotForm, FocusAreaEditForm, FocusAreaForm
from reglab.programme.models import Ballot, FocusArea, IdeaRound
from reglab.programme.selectors.consequences import ballot_close_consequences
from reglab.programme.selectors.organisations import acting_organisations, voting_organisations
from reglab.programme.services import ballots as ballot_services
from reglab.programme.views.confirm import confirm_page, is_confirmed
from reglab.programme.views.form_page import service_form_page


def ballot_list(request):
    require(request, "programme.view_ballot")
    ballots = Ballot.objects.select_related("round").prefetch_related("options")
    areas = FocusArea.objects.select_related("round").prefetch_related("proposals")
    return render(request, "programme/ballot_list.html", {"ballots": ballots, "focus_areas": areas})


def _chosen_round(request) -> IdeaRound | None:
    """The round a focus area or ballot is made for: ?round=, else the newest round."""
    pk = request.GET.get("round") or request.POST.get("round") or ""
    if pk.isdigit():
        return get_object_or_404(IdeaRound, pk=pk)
    return IdeaRound.objects.first()


def _round_context(round_: IdeaRound) -> dict:
    return {"round": round_, "other_rounds": IdeaRound.objects.exclude(pk=round_.pk)}


def focus_area_create(request):
    require(request, "programme.manage_ballot")
    round_ = _chosen_round(request)
    if round_ is None:
        messages.error(request, _("Skapa en idérunda först; sakområden hör till en runda."))
        return redirect("programme:index")
    form = FocusAreaForm(request.POST or None, round=round_)
    return service_form_page(
        request,
        form,
        ballot_services.focus_area_create,
        title=_("Nytt sakområde"),
        success=_("Sakområdet ”%(title)s” skapades."),
        to=round_,
        context=_round_context(round_),
    )


def focus_area_edit(request, pk: int):
    area = get_object_or_404(FocusArea.objects.select_related("round"), pk=pk)
    require(request, "programme.manage_ballot", area)
    if area.round is None:
        messages.error(request, _("Sakområdet hör inte till någon runda och kan bara ändras i admin."))
        return redirect("programme:ballot-list")
    initial = {
        "title": area.title,
        "description": area.description,
        "proposals": list(area.proposals.values_list("pk", flat=True)),
    }
    form = FocusAreaEditForm(request.POST or None, round=area.round, initial=initial)
    return service_form_page(
        request,
        form,
        partial(ballot_services.focus_area_update, area=area),
        title=_("Ändra sakområdet ”%(title)s”") % {"title": area.title},
        success=_("Sakområdet ”%(title)s” sparades."),
        to=area.round,
        context={"round": area.round},
    )


@require_POST
def focus_areas_from_clusters(request, pk: int):
    round_ = get_object_or_404(IdeaRound, pk=pk)
    require(request, "programme.manage_ballot", round_)
    try:
        created = ballot_services.focus_areas_from_clusters(user=request.user, round=round_)
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s sakområde skapades av klustren; ändra titel och förslag vid behov.",
                "%(n)s sakområden skapades av klustren; ändra titel och förslag vid behov.",
                len(created),
            )
            % {"n": len(created)},
        )
    return redirect(round_)


def ballot_create(request):
    require(request, "programme.manage_ballot")
    round_ = _chosen_round(request)
    if round_ is None:
        messages.error(request, _("Skapa en idérunda först; en omröstning hör till en runda."))
        return redirect("programme:index")
    form = BallotForm(request.POST or None, round=round_)
    success = (
        _("Omröstningen ”%(title)s” är skapad och öppen för medlemmarna.")
        if form.is_bound and form.data.get("open_now")
        else _("Omröstningen skapades. Öppna den när medlemmarna kan rösta.")
    )
    return service_form_page(
        request,
        form,
        ballot_services.ballot_create,
        title=_("Ny omröstning"),
        success=success,
        context=_round_context(round_),
    )


def _policy_refusal(request, ballot: Ballot) -> str | None:
    """Why the ballot's policy keeps this user from casting, when the user acts for an organisation."""
    organisation = acting_organisations(request.user).first()
    if organisation is None or not ballot.is_open:
        return None
    return ballot_services.ballot_policy_refusal(ballot, user=request.user, organisation=organisation)


def ballot_detail(request, pk: int):
    ballot = get_object_or_404(Ballot.objects.select_related("round"), pk=pk)
    require(request, "programme.view_ballot", ballot)
    organisations = list(voting_organisations(request.user, ballot))
    can_cast = request.user.has_perm("programme.cast_ballot", ballot) and bool(organisations)
    form = None
    existing = None
    if can_cast:
        org = organisations[0]
        existing = ballot_services.ballot_cast_for(ballot, user=request.user, organisation=org)
        initial = {"organisation": org.pk}
        if existing:
            for vote in existing.votes.all():
                initial[f"dots_{vote.option_id}"] = vote.dots
                if vote.rank:
                    initial[f"rank_{vote.option_id}"] = vote.rank
        form = BallotCastForm(ballot=ballot, organisations=organisations, initial=initial)
    refusal = None if can_cast else _policy_refusal(request, ballot)
    return _ballot_page(request, ballot, form=form, existing=existing, policy_refusal=refusal)


def _ballot_page(request, ballot: Ballot, *, status: int = 200, **context):
    context = {
        "ballot": ballot,
        "cast_count": ballot.casts.count(),
        "can_manage": request.user.has_perm("programme.manage_ballot", ballot),
        "options": ballot.options.order_by("position", "pk").prefetch_related("proposals"),
        **context,
    }
    return render(request, "programme/ballot_detail.html", context, status=status)


@require_POST
def ballot_cast(request, pk: int):
    ballot = get_object_or_404(Ballot, pk=pk)
    if request.user.is_authenticated and not request.user.has_perm("programme.cast_ballot", ballot):
        refusal = _policy_refusal(request, ballot)
        if refusal:  # e.g. the secretariat on a ballot for the member organisations: say why, with 403
            return _ballot_page(request, ballot, status=403, form=None, policy_refusal=refusal)
    require(request, "programme.cast_ballot", ballot)
    organisations = voting_organisations(request.user, ballot)
    form = BallotCastForm(request.POST, ballot=ballot, organisations=organisations)
    if form.is_valid():
        try:
            ballot_services.ballot_cast(
                user=request.user,
                ballot=ballot,
                organisation=form.cleaned_data["organisation"],
                dots=form.cleaned_data["dots"],
                ranking=form.cleaned_data["ranking"],
            )
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Rösten för %(org)s är registrerad. Resultatet visas när omröstningen stängs.")
                % {"org": form.cleaned_data["organisation"].name},
            )
            return redirect(ballot)
    return _ballot_page(request, ballot, status=400, form=form)


def _state_change(request, pk: int, service, done: str):
    ballot = get_object_or_404(Ballot, pk=pk)
    require(request, "programme.manage_ballot", ballot)
    try:
        service(user=request.user, ballot=ballot)
    except ServiceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect(ballot)


@require_POST
def ballot_open(request, pk: int):
    return _state_change(request, pk, ballot_services.ballot_open, _("Omröstningen är öppen."))


@require_http_methods(["GET", "POST"])
def ballot_close(request, pk: int):
    """Close after a confirmation page that says who has not voted yet."""
    ballot = get_object_or_404(Ballot.objects.select_related("round"), pk=pk)
    require(request, "programme.manage_ballot", ballot)
    if not ballot.is_open:
        messages.error(request, _("Bara en öppen omröstning kan stängas."))
        return redirect(ballot)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Stäng omröstningen ”%(title)s”?") % {"title": ballot.title},
            question=_("När omröstningen stängs räknas rösterna och resultatet publiceras."),
            consequences=ballot_close_consequences(ballot),
            confirm_label=_("Ja, stäng omröstningen"),
            back=ballot.get_absolute_url(),
        )
    return _state_change(
        request, pk, ballot_services.ballot_close, _("Omröstningen är stängd och resultatet publicerat.")
    )


def _tie_sentences(tally, option_by_name) -> list[str]:
    sentences = []
    for label, method in ((_("Prickar"), tally.dots), (_("Borda"), tally.borda)):
        if not method.winners:
            continue
        for position, tier in enumerate(method.tiers, start=1):
            if len(tier) > 1:
                sentences.append(
                    _("%(method)s: %(options)s delar plats %(position)s med %(score)s var.")
                    % {
                        "method": label,
                        "options": ", ".join(tier),
                        "position": position,
                        "score": method.scores[tier[0]],
                    }
                )
    schulze = tally.schulze
    for position, tier in enumerate(schulze.tiers, start=1):
        if len(tier) > 1 and schulze.winners:
            pairs = [c for c in schulze.tied_pairs if c.a in tier]
            detail = "; ".join(
                _("starkaste vägen %(a)s→%(b)s är %(s)s, lika stark som %(b)s→%(a)s")
                % {"a": c.a, "b": c.b, "s": c.strength}
                for c in pairs
            )
            sentences.append(
                _(
                    "Schulze: %(options)s delar plats %(position)s eftersom inget av dem slår det andra "
                    "(%(detail)s)."
                )
                % {"options": ", ".join(tier), "position": position, "detail": detail}
            )
    return sentences


def _place(tiers, name) -> int:
    for position, tier in enumerate(tiers, start=1):
        if name in tier:
            return position
    return 0


def ballot_results(request, pk: int):
    ballot = get_object_or_404(Ballot.objects.select_related("round"), pk=pk)
    require(request, "programme.view_ballot", ballot)
    if not request.user.has_perm("programme.view_ballot_results", ballot):
        # Hidden until close: no counts, no partial tallies (avoids bandwagon effects).
        return render(request, "programme/ballot_results_hidden.html", {"ballot": ballot}, status=403)
    tally, option_by_name = ballot_services.ballot_tally(ballot=ballot)
    rows: list[dict[str, Any]] = []
    for name in tally.options:
        rows.append(
            {
                "name": name,
                "option": option_by_name[name],
                "dots": tally.dots.scores[name],
                "dots_place": _place(tally.dots.tiers, name),
                "borda": tally.borda.scores[name],
                "borda_place": _place(tally.borda.tiers, name),
                "schulze_wins": tally.schulze.wins[name],
                "schulze_place": _place(tally.schulze.tiers, name),
                "is_dots_winner": name in tally.dots.winners,
                "is_borda_winner": name in tally.borda.winners,
                "is_schulze_winner": name in tally.schulze.winners,
            }
        )
    primary = tally.dots if ballot.use_dots and not ballot.use_ranking else tally.schulze
    if not primary.winners:
        primary = tally.dots if tally.dots.winners else tally.borda
    rows.sort(key=lambda r: (_place(primary.tiers, r["name"]), r["name"]))
    groups = [
        {
            "name": group,
            "cells": [{"dots": data["dots"][n], "borda": data["borda"][n]} for n in tally.options],
        }
        for group, data in tally.groups.items()
    ]
    matrix = [
        {"name": a, "cells": [tally.schulze.d[a, b] if a != b else None for b in tally.options]}
        for a in tally.options
    ]
    context = {
        "ballot": ballot,
        "tally": tally,
        "rows": rows,
        "groups": groups,
        "matrix": matrix,
        "ties": _tie_sentences(tally, option_by_name),
        "top": option_by_name[rows[0]["name"]] if rows and primary.winners else None,
        "can_plan": request.user.has_perm("programme.manage_programme"),
    }
    return render(request, "programme/ballot_results.html", context)
