"""Admin for the programme part 2 (loaded from ProgrammeConfig.ready so part 1's admin.py merges cleanly).

Writes that have rules (ballot states, activity status) belong in the app's pages; the admin is for
looking things up and fixing typos. The change log is read-only.
"""

from django.contrib import admin

from reglab.programme.models import (
    Activity,
    Ballot,
    BallotCast,
    ChangeLog,
    FocusArea,
    Meeting,
    Programme,
    Registration,
)


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "position"]
    list_filter = ["round"]
    filter_horizontal = ["proposals"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "state", "use_dots", "dots_per_voter", "use_ranking", "voter_policy"]
    readonly_fields = ["state", "opened_at", "closed_at"]


@admin.register(BallotCast)
class BallotCastAdmin(admin.ModelAdmin):
    list_display = ["ballot", "organisation", "cast_by", "cast_at"]
    readonly_fields = ["ballot", "organisation", "cast_by", "voter_key"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "decided_on", "is_published"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "format", "status"]
    list_filter = ["programme", "format", "status"]
    readonly_fields = ["status"]  # moves go through activity_transition (enforced rules)
    filter_horizontal = ["lead_organisations", "participating_organisations", "source_proposals"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    readonly_fields = ["user", "status", "registered_at", "promoted_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "activity", "starts_at", "capacity"]
    inlines = [RegistrationInline]


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
