from django.contrib import admin

from reglab.plans.models import ActionPlan, FollowUp, Goal, Measure


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "start_year", "end_year", "status"]
    list_filter = ["status", "organisation"]
    inlines = [GoalInline]


admin.site.register(Measure)
admin.site.register(FollowUp)
