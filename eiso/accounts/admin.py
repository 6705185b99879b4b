from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from eiso.accounts.models import ApiToken, Membership, User


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
    search_fields = ["username", "full_name", "email", "sso_id"]
    fieldsets = UserAdmin.fieldsets + (("eISO", {"fields": ["full_name", "position", "phone", "sso_id"]}),)
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see who holds API tokens and until when, and delete one to revoke it; tokens are
    issued only by POST /api/v1/auth/token (their key is never stored)."""

    list_display = ["user", "token_key", "created", "expiry"]
    search_fields = ["user__username", "token_key"]
    fields = ["user", "token_key", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
