from django.contrib import admin
from django.urls import include, path

from eiso.core import views as core_views

urlpatterns = [
    path("", include("eiso.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("eiso.accounts.urls")),
    path("orgs/", include("eiso.orgs.urls")),
    path("documents/", include("eiso.documents.urls")),
    path("procedures/", include("eiso.procedures.urls")),
    path("dossiers/", include("eiso.dossiers.urls")),
    path("quality/", include("eiso.quality.urls")),
    path("improvement/", include("eiso.improvement.urls")),
    path("oversight/", include("eiso.oversight.urls")),
    path("tthc/", include("eiso.portal.urls")),  # public pages, no login
    path("api/", include("eiso.api.urls")),
    path("django-admin/", admin.site.urls),
]
