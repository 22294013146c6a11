"""Prioritisation: focus areas, ballots (open → closed), casting dots/rankings, tallies.

Votes stay on what they were cast on; results are computed only from closed ballots for display
(``ballot_tally``), so nobody sees a running count while voting is open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.accounts.models import Membership, Organisation, Role
from reglab.accounts.predicates import acts_for
from reglab.engine.voting import Ballot as EngineBallot
from reglab.engine.voting import FullTally, tally_all
from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import (
    Ballot,
    BallotCast,
    BallotState,
    FocusArea,
    IdeaRound,
    Proposal,
    Vote,
    VoterPolicy,
)
from reglab.programme.selectors.organisations import voting_organisations
from reglab.programme.services import notices
from reglab.programme.services.rounds import round_require_prioritising


def require_same_round(round: IdeaRound | None, items: Iterable, *, what: str) -> None:
    """Refuse a selection that mixes rounds: a focus area, ballot or programme holds one round's items.

    ``what`` names the items in the message ("Förslaget", "Sakområdet")."""
    if round is None:
        return
    for item in items:
        if item.round_id != round.pk:
            other = item.round.title if item.round_id else _("ingen runda")
            raise ServiceError(
                _(
                    "%(what)s ”%(title)s” hör till rundan ”%(other)s”, inte till ”%(round)s”. Välj bara "
                    "sådant som hör till samma runda."
                )
                % {"what": what, "title": item.title, "other": other, "round": round.title}
            )


@transaction.atomic
def focus_area_create(
    *, user, round: IdeaRound | None, title: str, description: str = "", proposals: Iterable[Proposal] = ()
) -> FocusArea:
    title = title.strip()
    if not title:
        raise ServiceError(_("Sakområdet behöver en titel."))
    proposals = list(proposals)
    require_same_round(round, proposals, what=_("Förslaget"))
    position = FocusArea.objects.filter(round=round).count() + 1
    area = FocusArea.objects.create(
        round=round, title=title, description=description, position=position, created_by=user
    )
    area.proposals.set(proposals)
    log_change(
        user=user, action="focus_area_create", obj=area, changes={"title": title, "proposals": proposals}
    )
    return area


@transaction.atomic
def focus_area_set_proposals(*, user, area: FocusArea, proposals: Iterable[Proposal]) -> FocusArea:
    """Change which proposals a focus area groups. Refused once it has votes: votes are never moved
    silently (the merge lesson); make a new focus area and ballot instead."""
    if Vote.objects.filter(option=area).exists():
        raise ServiceError(
            _(
                "Sakområdet har redan fått röster och kan inte ändras. Skapa ett nytt sakområde och en ny "
                "omröstning i stället."
            )
        )
    before = list(area.proposals.all())
    proposals = list(proposals)
    require_same_round(area.round, proposals, what=_("Förslaget"))
    area.proposals.set(proposals)
    log_change(
        user=user, action="focus_area_set_proposals", obj=area, changes={"proposals": [before, proposals]}
    )
    return area


@transaction.atomic
def focus_area_update(
    *, user, area: FocusArea, title: str, description: str = "", proposals: Iterable[Proposal] = ()
) -> FocusArea:
    """Edit a focus area (e.g. one made from a cluster): title, description and its proposals."""
    title = title.strip()
    if not title:
        raise ServiceError(_("Sakområdet behöver en titel."))
    proposals = list(proposals)
    if set(p.pk for p in proposals) != set(area.proposals.values_list("pk", flat=True)):
        focus_area_set_proposals(user=user, area=area, proposals=proposals)
    changes = {
        name: [getattr(area, name), value]
        for name, value in (("title", title), ("description", description))
        if getattr(area, name) != value
    }
    if changes:
        area.title, area.description = title, description
        area.save(update_fields=["title", "description", "updated_at"])
        log_change(user=user, action="focus_area_update", obj=area, changes=changes)
    return area


@transaction.atomic
def focus_areas_from_clusters(*, user, round: IdeaRound) -> list[FocusArea]:
    """One focus area per suggested topic cluster of the round (title = the cluster's label), in one
    step; each stays editable. Clusters whose proposals already form a focus area are skipped, so a
    second click does not duplicate them."""
    taken = {frozenset(area.proposals.values_list("pk", flat=True)) for area in round.focus_areas.all()}
    created = []
    for cluster in round.clusters.prefetch_related("proposals"):
        members = list(cluster.proposals.all())
        if not members or frozenset(p.pk for p in members) in taken:
            continue
        created.append(focus_area_create(user=user, round=round, title=cluster.label, proposals=members))
    if not created:
        raise ServiceError(
            _("Det finns inga nya kluster att göra sakområden av. Beräkna klustren först på klustersidan.")
        )
    return created


@transaction.atomic
def ballot_create(
    *,
    user,
    round: IdeaRound,
    title: str,
    options: Sequence[FocusArea],
    use_dots: bool = True,
    dots_per_voter: int = 8,
    max_dots_per_option: int | None = None,
    use_ranking: bool = False,
    voter_policy: str = VoterPolicy.ORGANISATION,
    secretariat_votes: bool = False,
    instructions: str = "",
    open_now: bool = False,
    closes_at: datetime | None = None,
) -> Ballot:
    options = list(options)
    require_same_round(round, options, what=_("Sakområdet"))
    if len(options) < 2:
        raise ServiceError(_("En omröstning behöver minst två alternativ."))
    if not (use_dots or use_ranking):
        raise ServiceError(_("Välj prickröstning, rangordning eller båda."))
    if use_dots and dots_per_voter < 1:
        raise ServiceError(_("Antalet prickar måste vara minst 1."))
    ballot = Ballot.objects.create(
        round=round,
        title=title.strip(),
        instructions=instructions,
        use_dots=use_dots,
        dots_per_voter=dots_per_voter,
        max_dots_per_option=max_dots_per_option,
        use_ranking=use_ranking,
        voter_policy=voter_policy,
        secretariat_votes=secretariat_votes,
        closes_at=closes_at,
        created_by=user,
    )
    ballot.options.set(options)
    log_change(
        user=user,
        action="ballot_create",
        obj=ballot,
        changes={
            "options": list(options),
            "use_dots": use_dots,
            "dots_per_voter": dots_per_voter,
            "use_ranking": use_ranking,
            "voter_policy": voter_policy,
            "secretariat_votes": secretariat_votes,
            "closes_at": closes_at.isoformat() if closes_at else None,
        },
    )
    if open_now:
        ballot = ballot_open(user=user, ballot=ballot)  # the same move, and the same notices
    return ballot


# A ballot's moves, by change-log action: from which state, to which, and the refusal from any other.
BALLOT_MOVES = {
    "ballot_open": (
        BallotState.DRAFT,
        BallotState.OPEN,
        gettext_lazy("Bara en omröstning i utkastläge kan öppnas."),
    ),
    "ballot_close": (
        BallotState.OPEN,
        BallotState.CLOSED,
        gettext_lazy("Bara en öppen omröstning kan stängas."),
    ),
}


def _set_state(*, user, ballot: Ballot, action: str) -> Ballot:
    frm, to, refusal = BALLOT_MOVES[action]
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)  # the stored state, not a stale copy
    if ballot.state != frm:
        raise ServiceError(str(refusal))
    if to == BallotState.OPEN:
        round_require_prioritising(ballot.round)
    old = ballot.state
    ballot.state = to
    if to == BallotState.OPEN:
        ballot.opened_at = timezone.now()
    if to == BallotState.CLOSED:
        ballot.closed_at = timezone.now()
    ballot.save(update_fields=["state", "opened_at", "closed_at", "updated_at"])
    log_change(user=user, action=action, obj=ballot, changes={"state": [old, to]})
    return ballot


@transaction.atomic
def ballot_open(*, user, ballot: Ballot) -> Ballot:
    """Open the ballot and tell everyone who may vote (on the site, and by e-mail after commit)."""
    ballot = _set_state(user=user, ballot=ballot, action="ballot_open")
    notices.notify_ballot_opened(ballot)
    return ballot


@transaction.atomic
def ballot_close(*, user, ballot: Ballot) -> Ballot:
    return _set_state(user=user, ballot=ballot, action="ballot_close")


def ballot_policy_refusal(ballot: Ballot, *, user, organisation: Organisation) -> str | None:
    """Why the ballot's voting policy does not let ``user`` cast for ``organisation`` (None: it does).

    One ballot per member organisation by default, cast by its members; the secretariat casts (for its
    own organisation) only when the ballot says so."""
    if organisation in voting_organisations(user, ballot):
        return None
    if Membership.objects.filter(user=user, organisation=organisation, role=Role.SECRETARIAT).exists():
        return _(
            "Sekretariatet röstar inte i den här omröstningen: den är till för medlemsorganisationerna. "
            "Sekretariatet leder omröstningen."
        )
    return _("Bara medlemsorganisationer röstar.")


def _voter_key(ballot: Ballot, *, user, organisation: Organisation) -> str:
    if ballot.voter_policy == VoterPolicy.PERSON:
        return f"user:{user.pk}"
    return f"org:{organisation.pk}"


def ballot_cast_for(ballot: Ballot, *, user, organisation: Organisation) -> BallotCast | None:
    """The cast this user would replace (their organisation's, or their own under the person policy)."""
    key = _voter_key(ballot, user=user, organisation=organisation)
    return ballot.casts.filter(voter_key=key).prefetch_related("votes").first()


@transaction.atomic
def ballot_cast(
    *,
    user,
    ballot: Ballot,
    organisation: Organisation,
    dots: Mapping[int, int] | None = None,
    ranking: Sequence[int] = (),
) -> BallotCast:
    """Cast (or, while open, replace) the ballot for ``organisation``. Keys are FocusArea ids."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.state != BallotState.OPEN:
        raise ServiceError(_("Omröstningen är inte öppen."))
    if not acts_for(user, organisation):
        raise ServiceError(_("Du kan bara rösta för din egen organisation."))
    refusal = ballot_policy_refusal(ballot, user=user, organisation=organisation)
    if refusal:
        raise ServiceError(refusal)
    option_ids = set(ballot.options.values_list("pk", flat=True))
    dots = {int(k): int(v) for k, v in (dots or {}).items() if int(v) != 0} if ballot.use_dots else {}
    ranking = [int(r) for r in ranking] if ballot.use_ranking else []
    if set(dots) - option_ids or set(ranking) - option_ids:
        raise ServiceError(_("Rösten gäller ett alternativ som inte finns i omröstningen."))
    if any(v < 0 for v in dots.values()):
        raise ServiceError(_("Antalet prickar kan inte vara negativt."))
    total = sum(dots.values())
    if total > ballot.dots_per_voter:
        raise ServiceError(
            _("Du har fördelat %(total)s prickar men har bara %(max)s.")
            % {"total": total, "max": ballot.dots_per_voter}
        )
    if ballot.max_dots_per_option and any(v > ballot.max_dots_per_option for v in dots.values()):
        raise ServiceError(_("Högst %(max)s prickar per alternativ.") % {"max": ballot.max_dots_per_option})
    if len(set(ranking)) != len(ranking):
        raise ServiceError(_("Varje alternativ kan bara rangordnas en gång."))
    if not dots and not ranking:
        raise ServiceError(_("Rösten är tom: fördela prickar eller rangordna minst ett alternativ."))

    key = _voter_key(ballot, user=user, organisation=organisation)
    cast, created = BallotCast.objects.get_or_create(
        ballot=ballot, voter_key=key, defaults={"organisation": organisation, "cast_by": user}
    )
    if not created:
        cast.cast_by = user
        cast.organisation = organisation
        cast.save(update_fields=["cast_by", "organisation", "updated_at"])
        cast.votes.all().delete()
    rank_of = {option: i for i, option in enumerate(ranking, start=1)}
    Vote.objects.bulk_create(
        Vote(cast=cast, option_id=option, dots=dots.get(option, 0), rank=rank_of.get(option))
        for option in sorted(set(dots) | set(ranking))
    )
    log_change(
        user=user,
        action="ballot_cast" if created else "ballot_recast",
        obj=ballot,
        # The log records that a cast happened, not its content, so the log cannot leak the tally early.
        changes={"organisation": organisation},
    )
    return cast


def _option_names(options: Sequence[FocusArea]) -> dict[int, str]:
    seen: dict[str, int] = {}
    for area in options:
        seen[area.title] = seen.get(area.title, 0) + 1
    return {
        area.pk: area.title if seen[area.title] == 1 else f"{area.title} (#{area.pk})" for area in options
    }


def ballot_tally(*, ballot: Ballot) -> tuple[FullTally, dict[str, FocusArea]]:
    """Dots, Borda and Schulze over the ballot's casts. Callers show it only once the ballot is closed."""
    options = list(ballot.options.order_by("position", "pk"))
    names = _option_names(options)
    engine_ballots = []
    for cast in ballot.casts.select_related("organisation").prefetch_related("votes"):
        votes = list(cast.votes.all())
        ranked = sorted((v for v in votes if v.rank), key=lambda v: v.rank or 0)  # all ranked here
        engine_ballots.append(
            EngineBallot(
                voter=cast.voter_key,
                group=cast.organisation.name,
                ranking=tuple(names[v.option_id] for v in ranked),
                dots={names[v.option_id]: v.dots for v in votes if v.dots},
            )
        )
    tally = tally_all([names[o.pk] for o in options], engine_ballots)
    return tally, {names[o.pk]: o for o in options}
