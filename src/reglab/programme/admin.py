"""Admin for the idea workshop (part 1). For looking things up and fixing typos; merges, imports
and clusters have rules and belong in the app's pages, so their logs are read-only here."""

from django.contrib import admin

from reglab.programme.models import (
    IdeaRound,
    ImportBatch,
    Proposal,
    ProposalAttachment,
    ProposalMerge,
    ProposalRevision,
    TopicCluster,
)


@admin.register(IdeaRound)
class IdeaRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "programme_year", "workshop_date", "phase"]
    list_filter = ["phase"]


class AttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    readonly_fields = ["original_name", "size_bytes", "uploaded_at", "uploaded_by"]


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
