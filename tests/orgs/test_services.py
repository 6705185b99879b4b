"""Services of the orgs app: agencies, units, lineage — roles, guards and the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.orgs import services
from eiso.orgs.models import Agency, AgencyLineage, Unit
from tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def agency_fields(**overrides):
    fields = {
        "name": "UBND xã Thử Nghiệm",
        "short_name": "Xã TN",
        "kind": Agency.Kind.COMMUNE,
        "obligation": Agency.Obligation.MANDATORY,
        "identifier_code": "000.99.30.H42",
        "division_code": None,
        "parent": None,
        "active_from": None,
        "active_to": None,
    }
    return {**fields, **overrides}


def test_administrator_creates_an_agency_with_an_audit_entry(sysadmin, province):
    agency = services.agency_create(province=province, actor=sysadmin, **agency_fields())
    assert agency.search_text == "ubnd xa thu nghiem xa tn 000.99.30.h42"
    entry = AuditEntry.objects.get(action="agency.create")
    assert entry.agency == agency and entry.changes["name"] == [None, "UBND xã Thử Nghiệm"]


def test_coordinator_may_not_create_agencies(coordinator, province):
    with pytest.raises(PermissionDenied):
        services.agency_create(province=province, actor=coordinator, **agency_fields())


def test_identifier_codes_are_unique_with_a_vietnamese_message(sysadmin, province, agency_a):
    with pytest.raises(DomainError, match="Mã định danh này đã được dùng"):
        services.agency_create(
            province=province, actor=sysadmin, **agency_fields(identifier_code=agency_a.identifier_code)
        )


def test_an_agency_cannot_be_its_own_ancestor(sysadmin, agency_a, agency_b):
    services.agency_update(agency=agency_b, actor=sysadmin, parent=agency_a)
    with pytest.raises(DomainError, match="cơ quan cấp dưới"):
        services.agency_update(agency=agency_a, actor=sysadmin, parent=agency_b)


def test_update_records_only_the_changed_fields(sysadmin, agency_a):
    services.agency_update(agency=agency_a, actor=sysadmin, short_name="KHCN")
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.changes == {"short_name": ["SKHCN", "KHCN"]}


def test_administrator_of_another_province_gets_refused(agency_a, other_province):
    from tests.factories import ProvinceMembershipFactory

    stranger = ProvinceMembershipFactory(province=other_province, role="admin").user
    with pytest.raises(PermissionDenied):
        services.agency_update(agency=agency_a, actor=stranger, short_name="X")


def test_merge_ends_the_predecessor_and_keeps_its_history_visible(
    sysadmin, province, agency_a, agency_b, staff_b
):
    link = services.agency_merge(
        predecessor=agency_a,
        successor=agency_b,
        effective_on=date(2025, 7, 1),
        decision="NQ 1234/NQ-UBTVQH15",
        kind=AgencyLineage.Kind.MERGE,
        actor=sysadmin,
    )
    agency_a.refresh_from_db()
    assert agency_a.active_to == date(2025, 7, 1) and link.successor == agency_b
    staff_b.forget_permissions_cache()
    assert agency_a.pk in staff_b.visible_agency_ids()
    assert AuditEntry.objects.filter(action="agency.lineage_add").count() == 2
    with pytest.raises(DomainError, match="đã được ghi nhận"):
        services.agency_merge(
            predecessor=agency_a,
            successor=agency_b,
            effective_on=date(2025, 7, 2),
            decision="",
            kind=AgencyLineage.Kind.MERGE,
            actor=sysadmin,
        )


def test_split_keeps_the_predecessor_active(sysadmin, agency_a, agency_b):
    services.agency_merge(
        predecessor=agency_a,
        successor=agency_b,
        effective_on=date(2025, 7, 1),
        decision="",
        kind=AgencyLineage.Kind.SPLIT,
        actor=sysadmin,
    )
    agency_a.refresh_from_db()
    assert agency_a.is_active


def test_unit_names_are_unique_within_an_agency(sysadmin, agency_a, unit_a):
    with pytest.raises(DomainError, match="đã có phòng/ban mang tên này"):
        services.unit_create(
            agency=agency_a, actor=sysadmin, name=f" {unit_a.name} ", code="", is_one_stop=False
        )
    other = services.unit_create(
        agency=agency_a, actor=sysadmin, name="Phòng Mới", code="PM", is_one_stop=True
    )
    assert AuditEntry.objects.filter(action="unit.create", target_id=str(other.pk)).exists()


def test_secretary_may_not_manage_units(secretary_a, agency_a, unit_a):
    with pytest.raises(PermissionDenied):
        services.unit_create(agency=agency_a, actor=secretary_a, name="Phòng X", code="", is_one_stop=False)
    with pytest.raises(PermissionDenied):
        services.unit_deactivate(unit=unit_a, actor=secretary_a)


def test_deactivating_a_unit_twice_is_refused(sysadmin, unit_a):
    services.unit_deactivate(unit=unit_a, actor=sysadmin)
    with pytest.raises(DomainError, match="đã ngừng hoạt động"):
        services.unit_deactivate(unit=unit_a, actor=sysadmin)


def test_deleting_a_unit_that_others_refer_to_is_refused_with_the_list(sysadmin, agency_a):
    from eiso.accounts.models import Membership
    from tests.factories import MembershipFactory

    unit = UnitFactory(agency=agency_a, name="Phòng Có Người")
    MembershipFactory(agency=agency_a, unit=unit)
    # Memberships let go of a deleted unit (SET_NULL), so this unit can be deleted...
    services.unit_delete(unit=unit, actor=sysadmin)
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert Membership.objects.filter(unit__isnull=True).exists()


def test_unit_delete_turns_protected_references_into_a_domain_error(sysadmin, agency_a, monkeypatch):
    from django.db.models.deletion import ProtectedError

    unit = UnitFactory(agency=agency_a)
    blocker = AgencyFactory(province=agency_a.province, name="Bước 1 của QT-01")

    def refuse(*args, **kwargs):
        raise ProtectedError("protected", {blocker})

    monkeypatch.setattr(Unit, "delete", refuse)
    with pytest.raises(DomainError, match="còn 1 mục đang gắn") as error:
        services.unit_delete(unit=unit, actor=sysadmin)
    assert error.value.extra["protected"] == ["Bước 1 của QT-01"]
    assert not AuditEntry.objects.filter(action="unit.delete").exists()


def test_the_seat_must_be_a_ward_of_the_province(sysadmin, province):
    # The fixture province is Hà Tĩnh (42); 18754 is Phường Sông Trí, Hà Tĩnh; 1 is no ward code.
    services.agency_create(province=province, actor=sysadmin, **agency_fields(division_code=18754))
    with pytest.raises(DomainError, match="không phải mã xã/phường"):
        services.agency_create(
            province=province,
            actor=sysadmin,
            **agency_fields(identifier_code="000.98.30.H42", division_code=1),
        )
