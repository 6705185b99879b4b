"""Filters of the dossier list, shared by the list page and the API (STYLE.md §10); the rules are
the selectors' (`late_q`, `overdue_now_q`, `assigned_q`), so a shortcut, a figure on a card and the
list it opens count the same dossiers."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from eiso.core.filters import IdFilter
from eiso.dossiers import selectors
from eiso.dossiers.models import OPEN_STATUSES, Dossier, DossierEvent, EventType, Status

OPEN = "open"
LATE = "1"
OVERDUE_NOW = "dang"
ASSIGNED_TO_ME = "toi"
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The order of the lists these filters narrow, page and API: newest received first, the id breaking
# ties. Keyset pages (core.pagination) walk it on the indexes of migration 0007.
ORDERING = ("-received_at", "-id")
# The events' list in the API: newest first, on the indexes of the same migration.
EVENT_ORDERING = ("-at", "-id")


class DossierFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Tìm kiếm")
    status = django_filters.ChoiceFilter(
        choices=[(OPEN, "Đang giải quyết (mọi trạng thái)"), *Status.choices],
        method="filter_status",
        label="Trạng thái",
    )
    tre = django_filters.ChoiceFilter(
        choices=[(LATE, "Trễ hạn (đã giải quyết quá hạn hoặc đang quá hạn)"), (OVERDUE_NOW, "Đang quá hạn")],
        method="filter_late",
        label="Tiến độ",
    )
    giao = django_filters.ChoiceFilter(
        choices=[(ASSIGNED_TO_ME, "Được giao cho tôi (bước đang chờ đơn vị của tôi)")],
        method="filter_assigned",
        label="Phân công",
    )
    tu = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", input_formats=DATE_FORMATS, label="Tiếp nhận từ ngày"
    )
    den = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", input_formats=DATE_FORMATS, label="Tiếp nhận đến ngày"
    )

    class Meta:
        model = Dossier
        fields = ["q", "status", "tre", "giao", "tu", "den"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(applicant_name__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_late(self, queryset, name, value):
        now = timezone.now()
        if value == OVERDUE_NOW:
            return queryset.filter(selectors.overdue_now_q(now))
        return queryset.filter(selectors.late_q(now))

    def filter_assigned(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.none()
        return queryset.filter(selectors.assigned_q(user))


class DossierEventFilterSet(django_filters.FilterSet):
    """Filters of the events' list in the API: one dossier's events, one type, one source system."""

    dossier = IdFilter(field_name="dossier_id", label="Hồ sơ (mã số trong eISO)")
    type = django_filters.ChoiceFilter(choices=EventType.choices, label="Loại sự kiện")
    source = django_filters.CharFilter(label="Hệ thống nguồn")

    class Meta:
        model = DossierEvent
        fields = ["dossier", "type", "source"]
