"""The API's tenancy entry point (STYLE.md §1.3, §10), beside the view mixin and the lookup helper
of core.tenancy. It lives in core, not in the api app, because every app's api.py subclasses it and
the api app sits above them all (it imports them to build the router)."""

from rest_framework import viewsets


class AgencyScopedViewSet(viewsets.GenericViewSet):
    """Every queryset goes through `for_user`: out of tenant is 404, as on the pages."""

    queryset = None

    def get_queryset(self):
        return self.queryset.model.objects.for_user(self.request.user).all()
