"""Follow-up of an activity: results, lessons and participants' evaluations."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.accounts.models import Organisation
from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import Activity, ActivityResult, Lesson, ParticipantEvaluation


@transaction.atomic
def activity_result_add(
    *, user, activity: Activity, title: str, description: str = "", link: str = ""
) -> ActivityResult:
    if not title.strip():
        raise ServiceError(_("Resultatet behöver en titel."))
    result = ActivityResult.objects.create(
        activity=activity, title=title.strip(), description=description, link=link, created_by=user
    )
    log_change(user=user, action="activity_result_add", obj=activity, changes={"result": result.title})
    return result


@transaction.atomic
def lesson_add(*, user, activity: Activity, text: str, organisation: Organisation | None = None) -> Lesson:
    if not text.strip():
        raise ServiceError(_("Skriv lärdomen."))
    lesson = Lesson.objects.create(
        activity=activity, text=text.strip(), organisation=organisation, created_by=user
    )
    log_change(user=user, action="lesson_add", obj=activity, changes={"lesson": lesson.text[:200]})
    return lesson


@transaction.atomic
def evaluation_submit(
    *,
    user,
    activity: Activity,
    rating: int,
    useful: str = "",
    improve: str = "",
    organisation: Organisation | None = None,
) -> ParticipantEvaluation:
    if not 1 <= int(rating) <= 5:
        raise ServiceError(_("Betyget ska vara mellan 1 och 5."))
    evaluation, created = ParticipantEvaluation.objects.update_or_create(
        activity=activity,
        user=user,
        defaults={"rating": int(rating), "useful": useful, "improve": improve, "organisation": organisation},
    )
    log_change(
        user=user,
        action="evaluation_submit" if created else "evaluation_update",
        obj=activity,
        changes={"rating": int(rating)},
    )
    return evaluation
