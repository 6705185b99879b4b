"""Services of the accounts app: users and roles, kept by the province's administrator."""

import pytest
from django.core.exceptions import PermissionDenied

from eiso.accounts import services
from eiso.accounts.models import Membership, User
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.core.roles import Role
from tests.factories import ProvinceMembershipFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Kiem-tra-2026!"


def new_user(actor, agency, **overrides):
    fields = {"username": "nguyenvana", "full_name": "Nguyễn Văn A", "position": "", "email": "", "phone": ""}
    membership = {"role": Role.STAFF, "agency": agency, "province": None, "unit": None, "is_unit_head": False}
    return services.user_create(
        actor=actor, password=GOOD_PASSWORD, membership=membership, **{**fields, **overrides}
    )


def test_administrator_creates_a_user_with_a_first_role(sysadmin, agency_a):
    user = new_user(sysadmin, agency_a)
    assert user.check_password(GOOD_PASSWORD)
    assert Membership.objects.get(user=user).role == Role.STAFF
    actions = list(AuditEntry.objects.filter(agency=agency_a).values_list("action", flat=True))
    assert actions == ["user.create", "membership.grant"]
    assert GOOD_PASSWORD not in str(AuditEntry.objects.values_list("changes", flat=True))


def test_weak_password_and_taken_username_are_refused_in_vietnamese(sysadmin, agency_a, staff_a):
    with pytest.raises(DomainError) as error:
        services.user_create(
            actor=sysadmin,
            password="123",
            membership={"role": Role.STAFF, "agency": agency_a},
            username="x",
            full_name="X",
        )
    assert error.value.field == "password"
    with pytest.raises(DomainError, match="Tên đăng nhập này đã có người dùng"):
        new_user(sysadmin, agency_a, username=staff_a.username.upper())
    assert not User.objects.filter(username="x").exists()


def test_secretary_may_not_create_users(secretary_a, agency_a):
    with pytest.raises(PermissionDenied):
        new_user(secretary_a, agency_a)
    assert not User.objects.filter(username="nguyenvana").exists()


def test_administrator_of_another_province_may_not_touch_our_users(staff_a, other_province):
    stranger = ProvinceMembershipFactory(province=other_province, role=Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.user_set_active(user=staff_a, actor=stranger, active=False)


def test_lock_and_unlock(sysadmin, staff_a):
    services.user_set_active(user=staff_a, actor=sysadmin, active=False)
    assert not User.objects.get(pk=staff_a.pk).is_active
    with pytest.raises(DomainError, match="đã ở trạng thái này"):
        services.user_set_active(user=staff_a, actor=sysadmin, active=False)
    with pytest.raises(DomainError, match="tự khóa"):
        services.user_set_active(user=sysadmin, actor=sysadmin, active=False)


def test_grant_and_revoke_roles(sysadmin, staff_a, agency_a, unit_a):
    membership = services.membership_grant(
        user=staff_a, actor=sysadmin, role=Role.AUDITOR, agency=agency_a, unit=unit_a
    )
    assert Role.AUDITOR in staff_a.roles_in_agency(agency_a)
    with pytest.raises(DomainError, match="đã có vai trò này"):
        services.membership_grant(user=staff_a, actor=sysadmin, role=Role.AUDITOR, agency=agency_a)
    services.membership_revoke(membership=membership, actor=sysadmin)
    assert Role.AUDITOR not in staff_a.roles_in_agency(agency_a)
    # Granting again reactivates the same row: the history of who held it stays in one place.
    again = services.membership_grant(user=staff_a, actor=sysadmin, role=Role.AUDITOR, agency=agency_a)
    assert again.pk == membership.pk and again.is_active


def test_unit_must_belong_to_the_agency(sysadmin, staff_a, agency_b, unit_a):
    with pytest.raises(DomainError, match="Phòng/ban phải thuộc cơ quan"):
        services.membership_grant(user=staff_a, actor=sysadmin, role=Role.STAFF, agency=agency_b, unit=unit_a)


def test_provincial_role_goes_to_the_province(sysadmin, staff_a, province):
    membership = services.membership_grant(
        user=staff_a, actor=sysadmin, role=Role.COORDINATOR, province=province
    )
    assert membership.agency is None and membership.province == province


def test_administrator_cannot_revoke_their_own_administration(sysadmin):
    own = sysadmin.memberships.get(role=Role.ADMIN)
    with pytest.raises(DomainError, match="tự thu hồi"):
        services.membership_revoke(membership=own, actor=sysadmin)
