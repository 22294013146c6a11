"""Search timings: proposals (text + state filter), activities and the lessons bank.

    REGLAB_DATA_DIR=$(mktemp -d) python benchmarks/bench_search.py [--proposals 3000] [--repeat 5]
    DATABASE_URL=postgres://… python benchmarks/bench_search.py

Creates (once, in its own round "Bench search") N proposals, N/10 activities with a lesson and a result
each, and prints the median wall time of each search as the search page runs it (count all hits, fetch the
first 100; the lessons bank fetches all) on the configured database: SQLite's icontains fallback
or PostgreSQL's Swedish full-text search.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

WORDS = [
    "kompetensförsörjning",
    "glesbygd",
    "smart",
    "specialisering",
    "besöksnäring",
    "data",
    "uppföljning",
    "indikatorer",
    "regionbildning",
    "erfarenhetsutbyte",
    "goda",
    "exempel",
    "nätverk",
    "kommuner",
    "myndigheter",
    "landsbygd",
    "innovation",
    "cirkulär",
    "ekonomi",
    "upphandling",
    "hållbar",
    "tillväxt",
    "miljö",
    "näringsliv",
    "statistik",
    "analys",
    "strategi",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    os.environ.setdefault("REGLAB_DEBUG", "1")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from reglab.programme.models import (
        Activity,
        ActivityFormat,
        ActivityResult,
        IdeaRound,
        Lesson,
        Programme,
        Proposal,
        ProposalAnswer,
    )
    from reglab.programme.selectors.search import lessons_bank, search_activities, search_proposals

    call_command("migrate", verbosity=0)
    round_, created = IdeaRound.objects.get_or_create(title="Bench search", defaults={"programme_year": 2099})
    rng = random.Random(7)
    if created:
        Proposal.objects.bulk_create(
            Proposal(
                round=round_,
                title=_text(rng, 4),
                description=_text(rng, 40),
                formats=[rng.choice(ActivityFormat.values)],
            )
            for _ in range(args.proposals)
        )
        ids = list(round_.proposals.values_list("pk", flat=True))
        ProposalAnswer.objects.bulk_create(
            ProposalAnswer(proposal_id=pk, state="not_taken_forward", text="Nej.") for pk in ids[::7]
        )
        programme = Programme.objects.create(year=2099, title="Bench", round=round_, is_published=True)
        activities = Activity.objects.bulk_create(
            Activity(
                programme=programme,
                title=_text(rng, 4),
                description=_text(rng, 30),
                format=ActivityFormat.NETWORK,
            )
            for _ in range(args.proposals // 10)
        )
        Lesson.objects.bulk_create(Lesson(activity=a, text=_text(rng, 25)) for a in activities)
        ActivityResult.objects.bulk_create(
            ActivityResult(activity=a, title=_text(rng, 4), description=_text(rng, 20)) for a in activities
        )
    anonymous = AnonymousUser()

    def page(queryset) -> int:
        # What the search page does: count all hits, show the first 100.
        list(queryset[:100])
        return queryset.count()

    cases = {
        "proposals: 'goda exempel'": lambda: page(search_proposals(query="goda exempel", round_=round_)),
        "proposals: 'glesbygd' + state": lambda: page(
            search_proposals(query="glesbygd", round_=round_, state="not_taken_forward")
        ),
        "proposals: format filter only": lambda: page(search_proposals(round_=round_, format="natverk")),
        "activities: 'kommuner'": lambda: page(search_activities(user=anonymous, query="kommuner")),
        "lessons bank: 'erfarenhetsutbyte'": lambda: len(
            lessons_bank(user=anonymous, query="erfarenhetsutbyte")
        ),
    }
    print(
        f"database: {connection.vendor}; {round_.proposals.count()} proposals, "
        f"{Lesson.objects.count()} lessons"
    )
    for name, run in cases.items():
        times, hits = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            hits = run()
            times.append(time.perf_counter() - start)
        print(f"{name:40s} {statistics.median(times) * 1000:8.1f} ms  ({hits} hits)")


if __name__ == "__main__":
    main()
