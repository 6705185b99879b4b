from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from eiso.accounts import api as accounts_api
from eiso.procedures import api as procedures_api

router = DefaultRouter(trailing_slash=True)
router.register("procedures", procedures_api.ProcedureViewSet, basename="procedure")

v1 = [
    path("auth/token", accounts_api.obtain_token, name="auth_token"),
    path("me", accounts_api.me, name="me"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include((v1, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
