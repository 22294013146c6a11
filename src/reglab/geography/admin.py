from django.contrib import admin

from reglab.geography.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "fa_region"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]
    exclude = ["geometry"]
