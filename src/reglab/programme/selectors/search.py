"""Search and filters over proposals, activities and the lessons bank (results and lessons).

Text search is PostgreSQL full-text search with the 'swedish' configuration when the database is
PostgreSQL (stemming: "exemplen" finds "exempel"; websearch syntax: quotes, OR, -word), and on SQLite
every word must occur in one of the fields (case-insensitive for ASCII letters only: SQLite's LIKE
does not fold å, ä, ö).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet

from reglab.accounts.models import Organisation
from reglab.accounts.predicates import is_viewer
from reglab.programme.models import Activity, ActivityResult, IdeaRound, Lesson, Proposal
from reglab.programme.selectors.states import with_state


def text_filter(queryset: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """Rows matching ``query`` in any of ``fields`` (full-text on PostgreSQL, icontains elsewhere)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="swedish")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(query, config="swedish", search_type="websearch")
        )
    condition = Q()
    for word in query.replace('"', " ").split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)


def _has_format(field: str, value: str) -> Q:
    """A JSON list field holds ``value`` (PostgreSQL: jsonb containment; SQLite: the quoted value)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


def search_proposals(
    *,
    query: str = "",
    round_: IdeaRound | None = None,
    organisation: Organisation | None = None,
    format: str = "",
    state: str = "",
) -> QuerySet[Proposal]:
    qs = with_state(Proposal.objects.select_related("round").prefetch_related("organisations"))
    if round_ is not None:
        qs = qs.filter(round=round_)
    if organisation is not None:
        qs = qs.filter(pk__in=Proposal.objects.filter(organisations=organisation).values("pk"))
    if format:
        qs = qs.filter(_has_format("formats", format))
    if state:
        qs = qs.filter(**{"current_state": state})  # the annotation of with_state
    qs = text_filter(qs, query, ["title", "description", "needs", "notes"])
    return qs.order_by("-round__programme_year", "title", "pk")


def visible_activities(user) -> QuerySet[Activity]:
    """Activities the user may read: all for members' users, published programmes' for everyone."""
    qs = Activity.objects.all()
    return qs if is_viewer(user) else qs.filter(programme__is_published=True)


def _involving(organisation: Organisation, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead_organisations": organisation}) | Q(
        **{f"{prefix}participating_organisations": organisation}
    )


def search_activities(
    *,
    user,
    query: str = "",
    round_: IdeaRound | None = None,
    organisation: Organisation | None = None,
    format: str = "",
    status: str = "",
) -> QuerySet[Activity]:
    qs = visible_activities(user).select_related("programme", "focus_area")
    if round_ is not None:
        qs = qs.filter(Q(programme__round=round_) | Q(focus_area__round=round_))
    if organisation is not None:
        qs = qs.filter(pk__in=Activity.objects.filter(_involving(organisation)).values("pk"))
    if format:
        qs = qs.filter(format=format)
    if status:
        qs = qs.filter(status=status)
    qs = text_filter(qs, query, ["title", "description", "goals"])
    return qs.prefetch_related("lead_organisations").order_by("-programme__year", "title", "pk")


@dataclass(frozen=True)
class BankEntry:
    """One result or lesson in the lessons bank, with the activity it came from."""

    kind: str  # "result" | "lesson"
    title: str
    text: str
    link: str
    activity: Activity
    organisation: Organisation | None
    created_at: datetime


def lessons_bank(
    *,
    user,
    query: str = "",
    theme: str = "",
    format: str = "",
    organisation: Organisation | None = None,
    round_: IdeaRound | None = None,
) -> list[BankEntry]:
    """Results and lessons of every activity the user may read, newest first.

    The theme is the activity's focus area (by title, so a theme that recurs over the years is one
    choice); the format is the activity's. Text search covers the entry and its activity's title.
    """
    activities = visible_activities(user)
    if theme:
        activities = activities.filter(focus_area__title=theme)
    if format:
        activities = activities.filter(format=format)
    if round_ is not None:
        activities = activities.filter(Q(programme__round=round_) | Q(focus_area__round=round_))
    lessons = Lesson.objects.filter(activity__in=activities)
    results = ActivityResult.objects.filter(activity__in=activities)
    if organisation is not None:
        involved = Activity.objects.filter(_involving(organisation)).values("pk")
        lessons = lessons.filter(Q(organisation=organisation) | Q(activity__in=involved))
        results = results.filter(activity__in=involved)
    lessons = text_filter(lessons, query, ["text", "activity__title"])
    results = text_filter(results, query, ["title", "description", "activity__title"])
    entries = [
        BankEntry("lesson", "", le.text, "", le.activity, le.organisation, le.created_at)
        for le in lessons.select_related("activity__programme", "activity__focus_area", "organisation")
    ] + [
        BankEntry("result", r.title, r.description, r.link, r.activity, None, r.created_at)
        for r in results.select_related("activity__programme", "activity__focus_area")
    ]
    return sorted(entries, key=lambda e: e.created_at, reverse=True)


def bank_themes(user) -> list[str]:
    """Focus-area titles of activities that have results or lessons (the theme filter's choices)."""
    activities = visible_activities(user).filter(Q(lessons__isnull=False) | Q(results__isnull=False))
    titles = activities.exclude(focus_area__isnull=True).values_list("focus_area__title", flat=True)
    return sorted(set(titles))
