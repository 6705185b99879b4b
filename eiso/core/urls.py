from django.urls import path

from eiso.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit-trail/", views.audit_entry_list, name="audit_entry_list"),
    path("calendar/", views.calendar_detail, name="calendar_detail"),
    path("calendar/office-hours/", views.calendar_update, name="calendar_update"),
    path("calendar/days/", views.calendar_day_add, name="calendar_day_add"),
    path("calendar/days/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
]
