from django.urls import path

from eiso.orgs import views

app_name = "orgs"

urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_update, name="agency_update"),
    path("agencies/<int:pk>/merge/", views.agency_merge, name="agency_merge"),
    path("agencies/<int:agency_pk>/units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_update, name="unit_update"),
    path("units/<int:pk>/deactivate/", views.unit_deactivate, name="unit_deactivate"),
    path("signing/<slug:kind>/<int:pk>/sign/", views.document_sign, name="document_sign"),
    path("signing/<slug:kind>/<int:pk>/external/", views.session_start, name="signing_session_start"),
    path("signing/sessions/<int:pk>/", views.session_detail, name="signing_session"),
    path("signing/sessions/<int:pk>/digest/", views.session_digest, name="signing_session_digest"),
    path("signed/<int:pk>/", views.signed_file, name="signed_file"),
]
