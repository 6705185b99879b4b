"""Filters of the document and legal registers, shared by the list pages and the API (STYLE.md §10)."""

import django_filters
from django.db.models import QuerySet

from eiso.core.filters import IdFilter
from eiso.core.text import fold
from eiso.documents import selectors
from eiso.documents.models import Document, DocumentVersion, LegalDocument


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Every word typed, without diacritics or case, must appear in the folded search column."""
    for word in fold(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class DocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Tìm kiếm")
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, label="Loại tài liệu")
    status = django_filters.ChoiceFilter(choices=Document.Status.choices, label="Tình trạng")
    owner_unit = IdFilter(field_name="owner_unit_id", label="Đơn vị chủ trì")
    version_status = django_filters.ChoiceFilter(
        field_name="versions__status",
        choices=DocumentVersion.Status.choices,
        label="Có phiên bản",
        distinct=True,
    )
    # The staff's "Tài liệu cần đọc": published versions they were asked to read and have not yet.
    can_doc = django_filters.ChoiceFilter(
        choices=[("1", "Tài liệu tôi cần đọc")], method="filter_to_read", label="Cần đọc"
    )

    class Meta:
        model = Document
        fields = ["q", "kind", "status", "owner_unit", "version_status", "can_doc"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_to_read(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.none()
        to_read = selectors.pending_acknowledgements(user=user).values("version__document_id")
        return queryset.filter(pk__in=to_read)


class LegalDocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Tìm kiếm")
    kind = django_filters.ChoiceFilter(choices=LegalDocument.Kind.choices, label="Loại văn bản")
    status = django_filters.ChoiceFilter(choices=LegalDocument.Status.choices, label="Tình trạng")

    class Meta:
        model = LegalDocument
        fields = ["q", "kind", "status"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)
