from django.urls import path

from eiso.core import records_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit-trail/", views.audit_entry_list, name="audit_entry_list"),
    path("calendar/", views.calendar_detail, name="calendar_detail"),
    path("calendar/office-hours/", views.calendar_update, name="calendar_update"),
    path("calendar/days/", views.calendar_day_add, name="calendar_day_add"),
    path("calendar/days/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
    path("records/", records_views.record_list, name="record_list"),
    path("records/<str:record_type>/<int:pk>/delete/", records_views.record_delete, name="record_delete"),
    path("records/retention/", records_views.rule_list, name="rule_list"),
    path("records/retention/<str:key>/", records_views.rule_update, name="rule_update"),
    path("records/disposals/", records_views.disposal_index, name="disposal_index"),
    path("records/disposals/propose/", records_views.disposal_propose, name="disposal_propose"),
    path("records/disposals/<int:pk>/", records_views.disposal_detail, name="disposal_detail"),
    path(
        "records/disposals/<int:pk>/<str:transition>/",
        records_views.disposal_transition,
        name="disposal_transition",
    ),
    path("records/packages/", records_views.package_list, name="package_list"),
    path("records/packages/request/", records_views.package_request, name="package_request"),
    path("records/packages/verify/", records_views.package_verify, name="package_verify"),
    path("records/packages/<int:pk>/progress/", records_views.package_progress, name="package_progress"),
    path("records/packages/<int:pk>/download/", records_views.package_download, name="package_download"),
]
