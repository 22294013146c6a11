"""URL patterns of the programme part 2 (ballots, programme, activities, meetings, follow-up, feeds).

Included by ``programme/urls.py`` with one line so part 1's patterns merge cleanly.
"""

from django.urls import path

from reglab.programme import views_activities as act
from reglab.programme import views_ballots as bal

urlpatterns = [
    path("prioritering/", bal.ballot_list, name="ballot-list"),
    path("prioritering/sakomraden/ny/", bal.focus_area_create, name="focus-area-create"),
    path("prioritering/ny/", bal.ballot_create, name="ballot-create"),
    path("prioritering/<int:pk>/", bal.ballot_detail, name="ballot-detail"),
    path("prioritering/<int:pk>/rosta/", bal.ballot_cast, name="ballot-cast"),
    path("prioritering/<int:pk>/oppna/", bal.ballot_open, name="ballot-open"),
    path("prioritering/<int:pk>/stang/", bal.ballot_close, name="ballot-close"),
    path("prioritering/<int:pk>/resultat/", bal.ballot_results, name="ballot-results"),
    path("ar/", act.programme_list, name="programme-list"),
    path("ar/ny/", act.programme_create, name="programme-create"),
    path("ar/<int:year>/", act.programme_detail, name="programme-detail"),
    path("ar/<int:year>/beslut/", act.programme_decide, name="programme-decide"),
    path("ar/<int:year>/kalender.ics", act.programme_ical, name="programme-ical"),
    path("ar/<int:year>/rapport/", act.programme_report_view, name="programme-report"),
    path("ar/<int:year>/rapport.xlsx", act.programme_report_xlsx, name="programme-report-xlsx"),
    path("aktiviteter/ny/", act.activity_create, name="activity-create"),
    path("aktiviteter/<int:pk>/", act.activity_detail, name="activity-detail"),
    path("aktiviteter/<int:pk>/andra/", act.activity_edit, name="activity-edit"),
    path("aktiviteter/<int:pk>/status/", act.activity_transition, name="activity-transition"),
    path("aktiviteter/<int:pk>/organisationer/", act.activity_organisations, name="activity-organisations"),
    path("aktiviteter/<int:pk>/uppfoljning/", act.activity_followup, name="activity-followup"),
    path("aktiviteter/<int:pk>/kalender.ics", act.activity_ical, name="activity-ical"),
    path("aktiviteter/<int:pk>/moten/nytt/", act.meeting_create, name="meeting-create"),
    path("moten/<int:pk>/", act.meeting_detail, name="meeting-detail"),
    path("moten/<int:pk>/anmal/", act.meeting_register, name="meeting-register"),
    path("moten/<int:pk>/avanmal/", act.meeting_cancel, name="meeting-cancel"),
    path("moten/<int:pk>/installt/", act.meeting_call_off, name="meeting-call-off"),
    path("moten/<int:pk>/narvaro/", act.meeting_attendance, name="meeting-attendance"),
    path("moten/<int:pk>/anteckningar/", act.meeting_minutes, name="meeting-minutes"),
    path("moten/<int:pk>/dokument/", act.meeting_document, name="meeting-document"),
    path("organisationer/<slug:slug>/kalender.ics", act.organisation_ical, name="organisation-ical"),
    path("logg/", act.changelog, name="changelog"),
]
