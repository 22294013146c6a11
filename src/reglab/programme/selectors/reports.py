"""The yearly programme report (page, XLSX, print)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reglab.programme.models import Activity, ActivityStatus, Programme, RegistrationStatus
from reglab.writers.spreadsheet import append_row


@dataclass
class ActivityReportRow:
    activity: Activity
    leads: list[str]
    participants: list[str]
    proposals: list[str]
    meetings: int
    registered: int
    attended: int
    organisations_attending: list[str]
    results: list[str]
    lessons: list[str]
    evaluations: int
    average_rating: float | None


@dataclass
class ProgrammeReport:
    programme: Programme
    rows: list[ActivityReportRow] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    organisations: list[tuple[str, int]] = field(default_factory=list)  # (name, activities taken part in)


def programme_report(programme: Programme) -> ProgrammeReport:
    """What ran, who took part, from which proposals, what was learned."""
    activities = (
        programme.activities.select_related("focus_area")
        .prefetch_related(
            "lead_organisations",
            "participating_organisations",
            "source_proposals__organisations",
            "results",
            "lessons",
            "evaluations",
        )
        .annotate(
            n_meetings=Count("meetings", distinct=True),
            n_registered=Count(
                "meetings__registrations",
                filter=Q(meetings__registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            n_attended=Count(
                "meetings__registrations", filter=Q(meetings__registrations__attended=True), distinct=True
            ),
        )
        .order_by("focus_area__position", "title")
    )
    report = ProgrammeReport(programme=programme)
    org_counts: dict[str, int] = {}
    for activity in activities:
        leads = [o.name for o in activity.lead_organisations.all()]
        participants = [o.name for o in activity.participating_organisations.all()]
        for name in set(leads) | set(participants):
            org_counts[name] = org_counts.get(name, 0) + 1
        attending = sorted(
            {
                r.organisation.name
                for m in activity.meetings.all()
                for r in m.registrations.filter(attended=True).select_related("organisation")
                if r.organisation
            }
        )
        evaluations = list(activity.evaluations.all())
        report.rows.append(
            ActivityReportRow(
                activity=activity,
                leads=leads,
                participants=participants,
                proposals=[
                    f"{p.title} ({', '.join(o.name for o in p.organisations.all()) or '–'})"
                    for p in activity.source_proposals.all()
                ],
                meetings=activity.n_meetings,
                registered=activity.n_registered,
                attended=activity.n_attended,
                organisations_attending=attending,
                results=[r.title for r in activity.results.all()],
                lessons=[lesson.text for lesson in activity.lessons.all()],
                evaluations=len(evaluations),
                average_rating=round(sum(e.rating for e in evaluations) / len(evaluations), 1)
                if evaluations
                else None,
            )
        )
        label = str(ActivityStatus(activity.status).label)
        report.by_status[label] = report.by_status.get(label, 0) + 1
    report.organisations = sorted(org_counts.items(), key=lambda item: (-item[1], item[0]))
    return report


def report_workbook(report: ProgrammeReport) -> bytes:
    """The yearly report as XLSX: activities, lessons, participation.

    Every row goes through `append_row`: names and texts typed by members (an activity called
    `=HYPERLINK(...)`) are string cells, never formulas.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = _("Aktiviteter")[:31]
    header = [
        _("Aktivitet"),
        _("Sakområde"),
        _("Format"),
        _("Status"),
        _("Ledande"),
        _("Deltagande"),
        _("Från förslag"),
        _("Möten"),
        _("Anmälda"),
        _("Närvarande"),
        _("Resultat"),
        _("Utvärderingar"),
        _("Medelbetyg"),
        _("Budget (kr)"),
    ]
    append_row(ws, header)
    for row in report.rows:
        a = row.activity
        append_row(
            ws,
            [
                a.title,
                a.focus_area.title if a.focus_area else "",
                str(a.get_format_display()),
                str(a.get_status_display()),
                "; ".join(row.leads),
                "; ".join(row.participants),
                "; ".join(row.proposals),
                row.meetings,
                row.registered,
                row.attended,
                "; ".join(row.results),
                row.evaluations,
                row.average_rating,
                float(a.budget_sek) if a.budget_sek is not None else None,
            ],
        )
    lessons = wb.create_sheet(_("Lärdomar")[:31])
    append_row(lessons, [_("Aktivitet"), _("Lärdom")])
    for row in report.rows:
        for text in row.lessons:
            append_row(lessons, [row.activity.title, text])
    orgs = wb.create_sheet(_("Deltagande")[:31])
    append_row(orgs, [_("Organisation"), _("Antal aktiviteter")])
    for name, count in report.organisations:
        append_row(orgs, [name, count])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(sheet.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
