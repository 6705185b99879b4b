"""Django admin for operators: the audit trail is read-only, here as everywhere."""

from django.contrib import admin

from eiso.core.models import AuditEntry, CalendarDay, WorkCalendar


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "chain", "sequence", "actor_repr", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["actor_repr", "target_repr", "action", "request_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the calendar page, whose service writes the audit trail."""

    list_display = ["province", "morning_start", "afternoon_end", "cutoff"]
    inlines = [CalendarDayInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
