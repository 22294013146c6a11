from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from reglab.accounts.models import Membership, Organisation
from reglab.accounts.predicates import organisation_ids


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_member"]
    list_filter = ["kind", "is_member"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    autocomplete_fields = ["user", "organisation"]


# Powers as documented (docs/permissions.md): staff who are not superusers (the secretariat) cannot
# grant superuser or staff status, groups or permissions (to others or themselves), and change or set
# passwords only of users of their own organisation(s) and of accounts not yet in any organisation.
POWER_FIELDS = ("is_superuser", "is_staff", "user_permissions", "groups")

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class ReglabUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in POWER_FIELDS if name not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_manage_user(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_manage_user(request.user, obj)


def may_manage_user(staff, user) -> bool:
    """A non-superuser changes (and sets the password of) users of its own organisations only."""
    if staff.is_superuser or user is None:
        return True
    if user.is_superuser:
        return False
    # Every membership must be one of the staff's own: otherwise adding a region's user to the
    # secretariat's organisation (allowed in admin) would open that user's password to the secretariat.
    return (
        not Membership.objects.filter(user=user).exclude(organisation_id__in=organisation_ids(staff)).exists()
    )


@admin.register(Group)
class ReglabGroupAdmin(GroupAdmin):
    """Groups carry admin permissions; only a superuser changes them (else the secretariat grants itself)."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
