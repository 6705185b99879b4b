"""The app's URLs plus a bare Django view: the floor every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), path("", include("eiso.urls"))]
