from rest_framework import viewsets


class AgencyScopedViewSet(viewsets.GenericViewSet):
    """The API's tenancy entry point: every queryset goes through `for_user`."""

    queryset = None

    def get_queryset(self):
        return self.queryset.model.objects.for_user(self.request.user).all()
