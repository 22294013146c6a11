from django.contrib import admin

from reglab.operations.models import ScheduledJob, WorkerHeartbeat


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "task_path",
        "cadence",
        "time_of_day",
        "weekday",
        "enabled",
        "last_run_at",
        "next_run_at",
    ]
    list_editable = ["enabled"]
    readonly_fields = ["last_run_at", "last_result_id", "next_run_at"]

    def save_model(self, request, obj, form, change):
        # Like the status page: a changed time takes effect from now.
        obj.next_run_at = obj.compute_next_run() if obj.enabled else None
        super().save_model(request, obj, form, change)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "started_at", "last_seen_at", "jobs_done"]
    readonly_fields = ["name", "started_at", "last_seen_at", "jobs_done"]
