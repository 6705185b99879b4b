from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from eiso.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["role", "agency", "province", "unit", "is_unit_head", "is_active"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class EisoUserAdmin(UserAdmin):
    """Superusers may fix an account here in an emergency; daily work uses the user pages."""

    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = UserAdmin.fieldsets + (("eISO", {"fields": ["full_name", "position", "phone"]}),)
    inlines = [MembershipInline]
