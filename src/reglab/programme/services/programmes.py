"""The year's programme: create it and record the board's decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import FocusArea, IdeaRound, Programme


@transaction.atomic
def programme_create(
    *,
    user,
    year: int,
    title: str = "",
    round: IdeaRound | None = None,
    focus_areas: Iterable[FocusArea] = (),
    description: str = "",
    is_published: bool = False,
) -> Programme:
    from reglab.programme.services.ballots import require_same_round

    focus_areas = list(focus_areas)
    require_same_round(round, focus_areas, what=_("Sakområdet"))
    if Programme.objects.filter(year=year).exists():
        raise ServiceError(_("Det finns redan ett program för %(year)s.") % {"year": year})
    programme = Programme.objects.create(
        year=year,
        title=title.strip() or _("Reglabs program %(year)s") % {"year": year},
        round=round,
        description=description,
        is_published=is_published,
        created_by=user,
    )
    programme.focus_areas.set(focus_areas)
    log_change(
        user=user,
        action="programme_create",
        obj=programme,
        changes={"year": year, "focus_areas": focus_areas},
    )
    return programme


@transaction.atomic
def programme_decide(*, user, programme: Programme, decided_on: dt.date, publish: bool = True) -> Programme:
    """The board's decision (usually in November); publishing opens the pages and feeds to everyone."""
    programme.decided_on = decided_on
    programme.is_published = publish
    programme.save(update_fields=["decided_on", "is_published", "updated_at"])
    log_change(
        user=user,
        action="programme_decide",
        obj=programme,
        changes={"decided_on": decided_on.isoformat(), "is_published": publish},
    )
    return programme
