from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.tenancy import agency_for_write, working_agency
from tests.factories import AgencyFactory, MembershipFactory, ProvinceFactory


def _request(user, agency=None):
    """What the views see after accounts.middleware: the user and the agency they work in now."""
    return SimpleNamespace(user=user, agency=agency)


# --- working_agency: pages ---------------------------------------------------------------------------


def test_working_agency_is_the_agency_chosen_in_the_switcher(secretary_a, agency_a):
    assert working_agency(_request(secretary_a, agency_a)) == agency_a


def test_working_agency_refuses_a_provincial_user_in_vietnamese(coordinator):
    with pytest.raises(PermissionDenied, match="hãy chọn cơ quan đang làm việc"):
        working_agency(_request(coordinator))


def test_working_agency_with_roles_refuses_who_holds_none_of_them(staff_a, secretary_a, agency_a):
    assert working_agency(_request(secretary_a, agency_a), *QMS_MANAGERS) == agency_a
    with pytest.raises(PermissionDenied, match="không có quyền"):
        working_agency(_request(staff_a, agency_a), *QMS_MANAGERS)


# --- agency_for_write: API writes --------------------------------------------------------------------


def test_the_named_agency_is_used_when_the_user_sees_it(secretary_a, agency_a):
    assert agency_for_write(_request(secretary_a), agency_a.pk) == agency_a


def test_an_agency_the_user_cannot_see_is_404(secretary_a, agency_b):
    with pytest.raises(Http404):
        agency_for_write(_request(secretary_a), agency_b.pk)


def test_another_province_is_404_even_for_a_coordinator(coordinator):
    foreign = AgencyFactory(province=ProvinceFactory(name="Tỉnh Nghệ An", division_code=40))
    with pytest.raises(Http404):
        agency_for_write(_request(coordinator), foreign.pk)


def test_without_a_name_a_session_writes_to_its_working_agency(secretary_a, agency_a, agency_b):
    MembershipFactory(user=secretary_a, agency=agency_b, role=Role.SECRETARY)
    assert agency_for_write(_request(secretary_a, agency_b)) == agency_b


def test_without_a_name_a_one_agency_user_writes_to_their_agency(secretary_a, agency_a):
    assert agency_for_write(_request(secretary_a), roles=QMS_MANAGERS) == agency_a


def test_the_only_agency_where_the_user_holds_the_roles_is_chosen(staff_a, agency_a, agency_b):
    MembershipFactory(user=staff_a, agency=agency_b, role=Role.LEADER)
    assert agency_for_write(_request(staff_a), roles=QMS_MANAGERS) == agency_b


def test_a_user_without_the_roles_gets_their_agency_so_the_service_says_403(staff_a, agency_a):
    assert agency_for_write(_request(staff_a), roles=QMS_MANAGERS) == agency_a


def test_two_candidate_agencies_ask_the_client_to_name_one(secretary_a, agency_b):
    MembershipFactory(user=secretary_a, agency=agency_b, role=Role.LEADER)
    with pytest.raises(DomainError) as refused:
        agency_for_write(_request(secretary_a), roles=QMS_MANAGERS)
    assert refused.value.field == "agency"
    assert "chỉ rõ cơ quan" in refused.value.message


def test_a_provincial_user_must_name_the_agency(coordinator, agency_a):
    with pytest.raises(DomainError):
        agency_for_write(_request(coordinator))
    assert agency_for_write(_request(coordinator), agency_a.pk) == agency_a
