from django.urls import path

from eiso.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    path("procedures/<int:pk>/", views.procedure_detail, name="procedure_detail"),
    path("components/<int:pk>/form/", views.component_attach_form, name="component_attach_form"),
    path("import/", views.procedure_import, name="procedure_import"),
    path("import/confirm/", views.procedure_import_confirm, name="procedure_import_confirm"),
]
