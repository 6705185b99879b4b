from django.urls import path

from eiso.portal import views

app_name = "portal"

# Public pages: no login. Object URLs here use the TTHC code, not database ids.
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:code>/", views.procedure_page, name="procedure_page"),
    path("<str:code>/bieu-mau/<int:order>/", views.form_download, name="form_download"),
]
