"""Tenancy in one place: which agency rows a user may see.

Every agency-owned model carries `agency` directly and extends `AgencyOwned`.
Pages, services and the API reach rows only through `for_user`, by one of three
entry points: `AgencyScopedMixin` (class-based views), `get_for_user_or_404`
(function views and services) and `AgencyScopedViewSet` (in `core.viewsets`).
Out of tenant is 404; in tenant with the wrong role is 403 (raised by the
permission checks in `core.permissions`).

The agency a request acts for is also decided here, once: `working_agency` for pages (the
agency switcher's choice), `read_scope` for pages that read figures of an agency or of the whole
province, and `agency_for_write` for API writes (named by the client, or inferred when there is
only one).
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from eiso.core.collation import vietnamese
from eiso.core.errors import DomainError
from eiso.core.models import TimeStamped
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, require_role
from eiso.core.query import parse_int
from eiso.core.roles import PROVINCE_MEMBERS

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


# `?pham_vi=tinh`: the whole province, for a provincial reader who also has an agency at hand.
WHOLE_PROVINCE = "tinh"


@dataclass(frozen=True)
class ReadScope:
    """What a reading page covers: one agency, or (`agency` None) every agency of the province."""

    agency: object | None
    province: object | None
    is_provincial: bool
    agencies: object  # the agency, or a queryset of the province's agencies the reader may see

    @property
    def query(self) -> dict:
        """The query-string parameters that keep this scope on the page's links."""
        return {"agency": self.agency.pk} if self.agency is not None else {"pham_vi": WHOLE_PROVINCE}

    def choices(self, user) -> list:
        """The agencies a provincial reader may pick from, after "Toàn tỉnh"; none for others."""
        if not self.is_provincial:
            return []
        agency_model = apps.get_model("orgs", "Agency")
        return list(
            agency_model.objects.for_user(user).filter(province=self.province).order_by(vietnamese("name"))
        )


def read_scope(request) -> ReadScope:
    """The scope of a page of figures: `?agency=<id>` (any agency the user may see; 404 otherwise),
    else the working agency; a provincial role (Sở KH&CN, Ban chỉ đạo, quản trị) without an agency,
    or with `?pham_vi=tinh`, reads the whole province, agency by agency. Anyone else without a
    working agency gets the 403 that asks them to choose one."""
    agency_model = apps.get_model("orgs", "Agency")
    province = getattr(request, "province", None)
    provincial = has_province_role(request.user, province, *PROVINCE_MEMBERS)
    if request.GET.get("pham_vi") == WHOLE_PROVINCE:
        if not provincial:
            raise PermissionDenied(DENIED_MESSAGE)
        return _whole_province(request.user, province)
    value = request.GET.get("agency", "").strip()
    if value:
        if parse_int(value) is None:
            raise Http404
        visible = agency_model.objects.for_user(request.user).select_related("province")
        agency = get_object_or_404(visible, pk=value)
        return ReadScope(agency, agency.province, provincial, agency)
    agency = getattr(request, "agency", None)
    if agency is not None:
        return ReadScope(agency, agency.province, provincial, agency)
    if provincial:
        return _whole_province(request.user, province)
    raise PermissionDenied(NO_WORKING_AGENCY)


def _whole_province(user, province) -> ReadScope:
    agency_model = apps.get_model("orgs", "Agency")
    agencies = agency_model.objects.for_user(user).filter(province=province)
    return ReadScope(None, province, True, agencies)


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
