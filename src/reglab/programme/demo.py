"""A walk-through of the whole programme cycle for newcomers: round → proposals → focus areas → ballot →
results → programme → activities → meeting. Used by ``reglab demo [--from-file FILE]``.

Proposals come from the user's document when given, read by the secretariat's deck importer
(``reglab.programme.services.imports``). Without a file, a few invented example proposals are used.
Nothing here reads the shared data folder by itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
from reglab.programme.audit import log_change
from reglab.programme.errors import TransitionError
from reglab.programme.models import ActivityFormat, ActivityStatus, IdeaRound, Programme, Proposal, RoundPhase
from reglab.programme.services.activities import activity_create, activity_transition
from reglab.programme.services.ballots import (
    ballot_cast,
    ballot_close,
    ballot_create,
    ballot_open,
    ballot_tally,
    focus_area_create,
)
from reglab.programme.services.imports import deck_extract, proposals_import_save
from reglab.programme.services.meetings import meeting_create, meeting_register
from reglab.programme.services.overlaps import round_clusters_save
from reglab.programme.services.programmes import programme_create
from reglab.programme.services.rounds import round_advance

# Invented examples (not from any real deck): title, region, proposed format, text.
EXAMPLES = [
    (
        "Kompetensförsörjning i små kommuner",
        "Region Jämtland Härjedalen",
        "larprojekt",
        "Matchning och kompetens.",
    ),
    ("Matchningsindikatorer i praktiken", "Region Kronoberg", "workshop", "Arbetsmarknadens matchning."),
    ("BRP+ och hållbar tillväxt", "Region Örebro län", "larprojekt", "Att räkna på hållbar tillväxt."),
    (
        "Klimat i regionala handlingsplaner",
        "Region Blekinge",
        "natverk",
        "Miljö och klimat i tillväxtarbetet.",
    ),
    ("Provrum för cirkulär upphandling", "Region Skåne", "provrum", "Testa hållbar upphandling."),
    ("Socialt företagande", "Region Kronoberg", "erfa", "Innovation och socialt företagande."),
    (
        "Smart specialisering – uppföljning",
        "Region Värmland",
        "erfa",
        "Innovationsstrategier och näringsliv.",
    ),
    ("Regionalt utvecklingsledarskap", "Region Uppsala", "seminarium", "Ledarskap i regionbildning."),
]

THEMES = [
    ("Kompetensförsörjning och matchning", ("kompetens", "matchning", "arbetsmarknad", "utbildning")),
    ("Hållbar tillväxt", ("hållbar", "miljö", "klimat", "bioekonomi", "brp", "cirkulär")),
    ("Innovation och näringsliv", ("innovation", "företag", "näringsliv", "smart", "specialisering")),
    ("Regional utveckling och ledarskap", ("region", "ledarskap", "planering", "infrastruktur", "samverkan")),
]


@dataclass
class DemoSummary:
    round: IdeaRound
    programme: Programme
    proposals: int
    source: str
    ballot_id: int
    winners: dict[str, list[str]]
    activities: list[str]
    refused: list[str] = field(default_factory=list)
    meeting_url: str = ""


def _organisation(name: str) -> Organisation:
    org = Organisation.objects.filter(name=name).first()
    if org:
        return org
    slug = slugify(name)[:80] or f"org-{Organisation.objects.count() + 1}"
    return Organisation.objects.create(name=name, slug=slug, kind=OrganisationKind.REGION)


def _user(username: str, organisation: Organisation, role: str, password: str | None):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def _theme(text: str) -> str:
    lowered = text.lower()
    for title, words in THEMES:
        if any(word in lowered for word in words):
            return title
    return "Övrigt"


def _load_proposals(round_: IdeaRound, source_path: Path | None, secretariat) -> str:
    if source_path is None:
        for title, region, fmt, text in EXAMPLES:
            p = Proposal.objects.create(
                round=round_, title=title, description=text, formats=[fmt], created_by=secretariat
            )
            p.organisations.add(_organisation(region))
        return "exempel"
    # The same extraction and saving as the secretariat's import (review skipped: this is a demo).
    deck, drafts = deck_extract(
        data=source_path.read_bytes(), filename=source_path.name, max_bytes=settings.REGLAB_MAX_UPLOAD_BYTES
    )
    proposals_import_save(round_=round_, deck=deck, drafts=drafts, user=secretariat)
    return source_path.name


@transaction.atomic
def demo_build(
    *, source_path: Path | None = None, year: int | None = None, password: str | None = None
) -> DemoSummary:
    """Build a demonstration round and walk it to a programme. Raises ValueError on unusable input."""
    year = year or timezone.localdate().year + 1
    secretariat_org, _ = Organisation.objects.get_or_create(
        slug="reglab", defaults={"name": "Reglab", "kind": OrganisationKind.NETWORK, "is_member": False}
    )
    secretariat = _user("demo-sekretariat", secretariat_org, Role.SECRETARIAT, password)

    round_ = IdeaRound.objects.create(
        title=f"Demo: idéworkshop inför {year}", programme_year=year, created_by=secretariat
    )
    source = _load_proposals(round_, source_path, secretariat)
    proposals = list(round_.proposals.prefetch_related("organisations"))
    if len(proposals) < 2:
        raise ValueError("Dokumentet gav färre än två förslag; demon behöver minst två.")

    # Consolidation: a deck's proposals are grouped by the topic clustering the secretariat sees; the
    # built-in examples keep their fixed themes so the demo tells the same story every time.
    round_ = round_advance(user=secretariat, round_=round_, to_phase=RoundPhase.REVIEWING)
    groups: dict[str, list[Proposal]] = {}
    if source_path is not None:
        for cluster in round_clusters_save(round_=round_, user=secretariat):
            members = list(cluster.proposals.all())
            if members:
                groups.setdefault(cluster.label[:1].upper() + cluster.label[1:], []).extend(members)
    if len(groups) < 2:
        groups = {}
        for p in proposals:
            groups.setdefault(_theme(f"{p.title} {p.description}"), []).append(p)
    if len(groups) < 2:  # everything in one theme: split in two so there is something to prioritise
        only = next(iter(groups.values()))
        groups = {"Sakområde 1": only[: len(only) // 2], "Sakområde 2": only[len(only) // 2 :]}
    areas = [
        focus_area_create(user=secretariat, round=round_, title=title, proposals=items)
        for title, items in groups.items()
    ]

    # Prioritisation: each proposing region casts 5 dots and a ranking, favouring its own areas.
    round_ = round_advance(user=secretariat, round_=round_, to_phase=RoundPhase.PRIORITISING)
    ballot = ballot_create(
        user=secretariat,
        round=round_,
        title=f"Prioritering inför {year}",
        options=areas,
        dots_per_voter=5,
        use_ranking=True,
    )
    ballot_open(user=secretariat, ballot=ballot)
    regions = sorted({o for p in proposals for o in p.organisations.all()}, key=lambda o: o.name)
    for index, org in enumerate(regions):
        voter = _user(f"demo-{org.slug}"[:150], org, Role.MEMBER, password)
        own = [a for a in areas if a.proposals.filter(organisations=org).exists()]
        others = [a for a in areas if a not in own]
        rotated = others[index % len(others) :] + others[: index % len(others)] if others else []
        ranking = own + rotated
        dots = {ranking[0].pk: 3, ranking[1 % len(ranking)].pk: 2} if len(ranking) > 1 else {ranking[0].pk: 5}
        ballot_cast(user=voter, ballot=ballot, organisation=org, dots=dots, ranking=[a.pk for a in ranking])
    ballot = ballot_close(user=secretariat, ballot=ballot)
    tally, by_name = ballot_tally(ballot=ballot)
    round_ = round_advance(user=secretariat, round_=round_, to_phase=RoundPhase.PLANNING)

    # Programme: the top areas (Schulze order, dots as tie-break) become activities.
    programme = Programme.objects.filter(year=year).first() or programme_create(
        user=secretariat, year=year, round=round_, description="Demonstrationsprogram byggt av `reglab demo`."
    )
    round_ = round_advance(user=secretariat, round_=round_, to_phase=RoundPhase.CLOSED)
    order = sorted(tally.options, key=lambda n: (tally.schulze.order.index(n), -tally.dots.scores[n]))
    activities, refused = [], []
    for name in order[:3]:
        area = by_name[name]
        area_proposals = list(area.proposals.prefetch_related("organisations"))
        formats = Counter(f for p in area_proposals for f in p.formats if f in ActivityFormat.values)
        fmt = formats.most_common(1)[0][0] if formats else ActivityFormat.LEARNING_PROJECT
        orgs = list(dict.fromkeys(o for p in area_proposals for o in p.organisations.all()))
        activity = activity_create(
            user=secretariat,
            programme=programme,
            title=area.title,
            format=fmt,
            focus_area=area,
            goals="Erfarenhetsutbyte och gemensamma lärdomar mellan regionerna.",
            lead_organisations=orgs[:1],
            participating_organisations=orgs[1:],
            contact_email=next((p.contact_email for p in area_proposals if p.contact_email), ""),
        )
        activity = activity_transition(user=secretariat, activity=activity, to_status=ActivityStatus.PLANNED)
        try:
            activity = activity_transition(
                user=secretariat, activity=activity, to_status=ActivityStatus.RUNNING
            )
        except TransitionError as exc:
            refused.append(f"{activity.title}: {' '.join(exc.messages)}")
        activities.append(activity)

    # A provrum proposed by a single region shows the start rule: it stays planned, and says why.
    provrum = next((p for p in proposals if ActivityFormat.PROVRUM in p.formats), None)
    if provrum is not None:
        activity = activity_create(
            user=secretariat,
            programme=programme,
            title=provrum.title,
            format=ActivityFormat.PROVRUM,
            lead_organisations=list(provrum.organisations.all())[:1],
            participating_organisations=list(provrum.organisations.all())[:1],
            source_proposals=[provrum],
        )
        activity = activity_transition(user=secretariat, activity=activity, to_status=ActivityStatus.PLANNED)
        try:
            activity = activity_transition(
                user=secretariat, activity=activity, to_status=ActivityStatus.RUNNING
            )
        except TransitionError as exc:
            refused.append(f"{activity.title}: {' '.join(exc.messages)}")
        activities.append(activity)

    first = activities[0]
    starts = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=45), dt.time(10))
    )
    meeting = meeting_create(
        user=secretariat,
        activity=first,
        title="Uppstartsmöte",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="Digitalt",
        online_url="https://example.org/reglab-demo",
        agenda="1. Presentation\n2. Mål för året\n3. Nästa steg",
        capacity=max(2, len(regions) - 1),
    )
    for org in regions:
        voter = get_user_model().objects.get(username=f"demo-{org.slug}"[:150])
        meeting_register(user=voter, meeting=meeting, organisation=org)
    log_change(
        user=secretariat, action="demo_build", obj=programme, changes={"round": round_, "source": source}
    )
    return DemoSummary(
        round=round_,
        programme=programme,
        proposals=len(proposals),
        source=source,
        ballot_id=ballot.pk,
        winners={"dots": tally.dots.winners, "borda": tally.borda.winners, "schulze": tally.schulze.winners},
        activities=[
            f"{a.title} ({a.get_format_display()}, {ActivityStatus(a.status).label})" for a in activities
        ],
        refused=refused,
        meeting_url=meeting.get_absolute_url(),
    )
