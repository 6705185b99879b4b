from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from eiso.accounts import api as accounts_api
from eiso.core import api as core_api
from eiso.documents import api as documents_api
from eiso.dossiers import api as dossiers_api
from eiso.improvement import api as improvement_api
from eiso.orgs import api as orgs_api
from eiso.oversight import api as oversight_api
from eiso.procedures import api as procedures_api
from eiso.quality import api as quality_api

# Each app's api.py lists ROUTES (prefix, viewset, basename) for the one router and URLS for
# plain endpoints; the API layer sits above every app, so it may import them all.
API_MODULES = [
    core_api,
    orgs_api,
    accounts_api,
    documents_api,
    procedures_api,
    dossiers_api,
    quality_api,
    improvement_api,
    oversight_api,
]

router = DefaultRouter(trailing_slash=True)
for module in API_MODULES:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

v1 = [url for module in API_MODULES for url in module.URLS] + [path("", include(router.urls))]

urlpatterns = [
    path("v1/", include((v1, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its initialising script from ?script, not inline: the CSP refuses inline code.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema", template_name="api/swagger_ui.html"),
        name="api_docs",
    ),
]
