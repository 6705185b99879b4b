from django.urls import path

from eiso.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("tiep-nhan/", views.dossier_receive, name="dossier_receive"),
    path("<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("<int:pk>/thao-tac/<str:transition>/", views.dossier_transition, name="dossier_transition"),
    path("<int:pk>/bieu-mau/<str:kind>.<str:fmt>", views.dossier_form, name="dossier_form"),
    path("buoc/<int:pk>/<str:action>/", views.step_action, name="step_action"),
    path("cham-tre/", views.delay_report, name="delay_report"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("su-kien-cho/", views.pending_event_list, name="pending_event_list"),
    path("thong-ke/xlsx/", views.statistics_export, name="statistics_export"),
    path("so-theo-doi/xlsx/", views.tracking_book_export, name="tracking_book_export"),
]
