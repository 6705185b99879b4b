"""The filters of the procedure catalogue, shared by the list page and the API (STYLE.md §10)."""

import django_filters
from django.db.models import QuerySet

from eiso.core.text import fold
from eiso.procedures.models import Procedure, ProcedureVersion


def search_procedures(queryset: QuerySet, text: str) -> QuerySet:
    """Every word typed, without diacritics or case, must appear in the code, name or field."""
    for word in fold(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class ProcedureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Tìm kiếm")
    field = django_filters.CharFilter(field_name="current_version__field", label="Lĩnh vực")
    level = django_filters.ChoiceFilter(
        field_name="current_version__level", choices=ProcedureVersion.Level.choices, label="Cấp thực hiện"
    )

    class Meta:
        model = Procedure
        fields = ["q", "field", "level"]

    def filter_search(self, queryset, name, value):
        return search_procedures(queryset, value)
