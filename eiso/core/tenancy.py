"""Tenancy in one place: which agency rows a user may see.

Every agency-owned model carries `agency` directly and extends `AgencyOwned`.
Pages, services and the API reach rows only through `for_user`, by one of three
entry points: `AgencyScopedMixin` (class-based views), `get_for_user_or_404`
(function views and services) and `AgencyScopedViewSet` (in `core.viewsets`).
Out of tenant is 404; in tenant with the wrong role is 403 (raised by the
permission checks in `core.permissions`).

The agency a request acts for is also decided here, once: `working_agency` for pages (the
agency switcher's choice) and `agency_for_write` for API writes (named by the client, or
inferred when there is only one).
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from eiso.core.errors import DomainError
from eiso.core.models import TimeStamped
from eiso.core.permissions import require_role

NO_WORKING_AGENCY = "Trang này dành cho người làm việc tại một cơ quan: hãy chọn cơ quan đang làm việc."
NAME_THE_AGENCY = "Hãy chỉ rõ cơ quan (trường agency)."


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


def working_agency(request, *roles: str):
    """The agency the user works in now (the agency switcher's choice, set on the request by
    `accounts.middleware`); 403 when there is none (provincial users, people without a membership)
    or, when `roles` are given, when the user holds none of them there."""
    agency = getattr(request, "agency", None)
    if agency is None:
        raise PermissionDenied(NO_WORKING_AGENCY)
    if roles:
        require_role(request.user, agency, *roles)
    return agency


def agency_for_write(request, agency_id: int | None = None, *, roles: tuple[str, ...] = ()):
    """The agency an API write goes to: the one the client names (404 when the user cannot see it);
    else the working agency of a browser session; else the user's only agency where they hold one of
    `roles` (any role when none are given). More than one candidate is a 400 asking to name it."""
    if agency_id is not None:
        agency_model = apps.get_model("orgs", "Agency")
        return get_object_or_404(agency_model.objects.for_user(request.user), pk=agency_id)
    working = getattr(request, "agency", None)
    if working is not None:
        return working
    memberships = [m for m in request.user.active_memberships() if m.agency_id]
    fitting = {m.agency_id: m.agency for m in memberships if not roles or m.role in roles}
    # Holding none of the roles anywhere, a one-agency user still gets their agency, so that the
    # service refuses with 403 and its reason rather than this asking for a field that cannot help.
    candidates = fitting or {m.agency_id: m.agency for m in memberships}
    if len(candidates) != 1:
        raise DomainError(NAME_THE_AGENCY, field="agency")
    return next(iter(candidates.values()))
