"""Tenancy in one place: which agency rows a user may see.

Every agency-owned model carries `agency` directly and extends `AgencyOwned`.
Pages, services and the API reach rows only through `for_user`, by one of three
entry points: `AgencyScopedMixin` (class-based views), `get_for_user_or_404`
(function views and services) and `AgencyScopedViewSet` (in `eiso.api.base`).
Out of tenant is 404; in tenant with the wrong role is 403 (raised by the
permission checks in `accounts.permissions`).
"""

from django.db import models
from django.shortcuts import get_object_or_404

from eiso.core.models import TimeStamped


class AgencyQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows this user may see: their agencies, or their province for provincial roles."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(agency_id__in=user.visible_agency_ids())

    def for_agency(self, agency):
        return self.filter(agency=agency)


class AgencyOwned(TimeStamped):
    """A row that belongs to one agency, the tenant."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan"
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_user_or_404(model, user, **lookup):
    """The row matching `lookup` if `user` may see it; 404 otherwise, whether missing or foreign."""
    queryset = model.objects.for_user(user) if hasattr(model.objects, "for_user") else model.objects.none()
    return get_object_or_404(queryset, **lookup)


class AgencyScopedMixin:
    """For class-based views: the queryset is narrowed to what the user may see."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)
