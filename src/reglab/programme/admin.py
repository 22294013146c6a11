"""Admin of the programme: for looking things up and fixing typos.

Writes that have rules (merges, imports, clusters, ballot states, activity status) belong in the app's
pages, so their logs are read-only here, as is the change log.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reglab.programme.models import (
    Activity,
    Ballot,
    BallotCast,
    BallotState,
    ChangeLog,
    FocusArea,
    IdeaRound,
    ImportBatch,
    Meeting,
    Programme,
    Proposal,
    ProposalAttachment,
    ProposalMerge,
    ProposalRevision,
    Registration,
    TopicCluster,
)


@admin.register(IdeaRound)
class IdeaRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "programme_year", "workshop_date", "phase"]
    list_filter = ["phase"]


_ATTACHMENT_FIELDS = ("download", "size_bytes", "uploaded_at", "uploaded_by")


class AttachmentInline(admin.TabularInline):
    """Attachments are added only through the proposal form, which checks the type by content; here they
    are listed with a link to the permission-checked download (/media/ is not served)."""

    model = ProposalAttachment
    extra = 0
    # One tuple for both: Django's stubs type the two attributes differently, and tuples fit either.
    fields = _ATTACHMENT_FIELDS
    readonly_fields = _ATTACHMENT_FIELDS

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fil"))
    def download(self, obj):
        url = reverse("programme:proposal-attachment", args=[obj.proposal_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "source", "source_locator", "is_joint", "merged_into"]
    list_filter = ["round", "source", "is_joint"]
    search_fields = ["title", "description", "contact_email"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["source_document_sha256", "source_text", "import_batch", "merged_into", "is_joint"]
    inlines = [AttachmentInline]

    def has_delete_permission(self, request, obj=None):
        return False  # proposals are never deleted; merges link them


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProposalRevision)
class ProposalRevisionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "editor", "created_at", "comment"]


@admin.register(ProposalMerge)
class ProposalMergeAdmin(ReadOnlyAdmin):
    list_display = ["joint", "action", "decided_by", "decided_at", "after_voting_started"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["filename", "round", "kind", "created_count", "skipped_count", "created_at", "created_by"]


@admin.register(TopicCluster)
class TopicClusterAdmin(admin.ModelAdmin):
    list_display = ["label", "round", "model_version", "threshold"]
    filter_horizontal = ["proposals"]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "position"]
    list_filter = ["round"]
    filter_horizontal = ["proposals"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """A draft ballot can be fixed here; once opened (casts may exist) it is read-only, for everyone.

    Its settings and options decide the published result, so they change only through the services
    (which log) and only before opening; a cast ballot is never deleted.
    """

    list_display = ["title", "round", "state", "use_dots", "dots_per_voter", "use_ranking", "voter_policy"]
    readonly_fields = ["state", "opened_at", "closed_at"]

    @staticmethod
    def _locked(obj) -> bool:
        return obj is not None and (obj.state != BallotState.DRAFT or obj.casts.exists())

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(BallotCast)
class BallotCastAdmin(ReadOnlyAdmin):
    """Casts and their votes are read-only for everyone, superusers too: deleting or changing one would
    change a published result without a change-log entry."""

    list_display = ["ballot", "organisation", "cast_by", "cast_at"]


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
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
