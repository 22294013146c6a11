from django.contrib import admin

from reglab.statistics.models import Dataset, DatasetVersion, Source, SyncFailure


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["kind", "name", "attribution", "licence"]


class VersionInline(admin.TabularInline):
    model = DatasetVersion
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in DatasetVersion._meta.fields]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["external_id", "title", "source", "attribution"]
    list_filter = ["source"]
    search_fields = ["external_id", "title"]
    inlines = [VersionInline]


@admin.register(SyncFailure)
class SyncFailureAdmin(admin.ModelAdmin):
    list_display = ["happened_at", "source_kind", "external_id", "message"]
    list_filter = ["source_kind"]
    readonly_fields = ["dataset", "source_kind", "external_id", "happened_at", "message", "hint"]
