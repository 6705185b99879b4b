from django.contrib import admin

from eiso.orgs.models import Agency, AgencyLineage, Province, Unit


class ReadMostlyAdmin(admin.ModelAdmin):
    """Operators look here; changes go through the pages, whose services write the audit trail."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadMostlyAdmin):
    list_display = ["name", "division_code"]


@admin.register(Agency)
class AgencyAdmin(ReadMostlyAdmin):
    list_display = ["name", "kind", "identifier_code", "province", "active_to"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "identifier_code"]


@admin.register(Unit)
class UnitAdmin(ReadMostlyAdmin):
    list_display = ["name", "agency", "is_one_stop", "is_active"]
    search_fields = ["name", "agency__name"]


@admin.register(AgencyLineage)
class AgencyLineageAdmin(ReadMostlyAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
