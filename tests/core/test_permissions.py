import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.permissions import has_province_role, has_role, is_administrator, require_role
from eiso.core.roles import Role
from eiso.orgs.models import AgencyLineage
from tests.factories import AgencyFactory, MembershipFactory


def test_agency_role_applies_to_its_own_agency_only(secretary_a, agency_a, agency_b):
    assert has_role(secretary_a, agency_a, Role.SECRETARY)
    assert not has_role(secretary_a, agency_b, Role.SECRETARY)
    assert not has_role(secretary_a, agency_a, Role.LEADER)


def test_provincial_role_applies_to_every_agency_of_the_province(coordinator, agency_a, agency_b):
    assert has_role(coordinator, agency_a, Role.COORDINATOR)
    assert has_role(coordinator, agency_b, Role.COORDINATOR)


def test_provincial_role_stops_at_the_province_border(other_coordinator, agency_a):
    assert not has_role(other_coordinator, agency_a, Role.COORDINATOR)


def test_require_role_raises_permission_denied_in_vietnamese(staff_a, agency_a):
    with pytest.raises(PermissionDenied, match="không có quyền"):
        require_role(staff_a, agency_a, Role.SECRETARY)


def test_inactive_membership_gives_no_role(secretary_a, agency_a):
    secretary_a.memberships.update(is_active=False)
    secretary_a.forget_permissions_cache()
    assert not has_role(secretary_a, agency_a, Role.SECRETARY)
    assert secretary_a.visible_agency_ids() == set()


def test_administrator_of_a_province(sysadmin, province, other_province, staff_a):
    assert is_administrator(sysadmin)
    assert has_province_role(sysadmin, province, Role.ADMIN)
    assert not has_province_role(sysadmin, other_province, Role.ADMIN)
    assert not is_administrator(staff_a)


def test_visible_agencies_of_agency_user_and_coordinator(secretary_a, coordinator, agency_a, agency_b):
    assert secretary_a.visible_agency_ids() == {agency_a.pk}
    assert coordinator.visible_agency_ids() == {agency_a.pk, agency_b.pk}


def test_successor_staff_see_the_history_of_merged_predecessors(province, agency_a):
    old_commune = AgencyFactory(province=province, kind="commune")
    older_commune = AgencyFactory(province=province, kind="commune")
    AgencyLineage.objects.create(
        province=province,
        predecessor=older_commune,
        successor=old_commune,
        kind="merge",
        effective_on="2020-01-01",
    )
    AgencyLineage.objects.create(
        province=province,
        predecessor=old_commune,
        successor=agency_a,
        kind="merge",
        effective_on="2025-07-01",
    )
    user = MembershipFactory(agency=agency_a, role=Role.STAFF).user
    assert user.visible_agency_ids() == {agency_a.pk, old_commune.pk, older_commune.pk}
