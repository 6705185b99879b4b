from django.urls import path

from eiso.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit-trail/", views.audit_entry_list, name="audit_entry_list"),
]
