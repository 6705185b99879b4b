from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.oversight import selectors, services
from eiso.oversight.models import BudgetLine
from eiso.oversight.templatetags.oversight_money import vnd
from tests.oversight.factories import BudgetLineFactory, TrainingAttendanceFactory, TrainingSessionFactory


def _save(agency, actor, **overrides):
    values = {
        "year": 2026,
        "purpose": BudgetLine.Purpose.CONVERSION,
        "planned": 150_000_000,
        "approved": 120_000_000,
        "spent": 0,
        "source": "QĐ 123/QĐ-UBND",
        "note": "",
        **overrides,
    }
    return services.budget_line_save(agency=agency, actor=actor, **values)


def test_coordinator_creates_a_budget_line_and_the_audit_trail_records_it(agency_a, coordinator):
    line = _save(agency_a, coordinator)
    assert line.approved == 120_000_000
    assert AuditEntry.objects.filter(
        action="budget_line.create", agency=agency_a, target_id=str(line.pk)
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"planned": -1, "approved": 0}, "Dự toán không được âm"),
        ({"approved": 200_000_000}, "không được lớn hơn dự toán"),
        ({"spent": 130_000_000}, "ghi rõ lý do"),
    ],
)
def test_bad_amounts_are_refused_in_vietnamese(agency_a, coordinator, overrides, message):
    with pytest.raises(DomainError, match=message):
        _save(agency_a, coordinator, **overrides)
    assert not BudgetLine.objects.exists()


def test_spending_over_the_approved_amount_is_accepted_with_an_explaining_note(agency_a, coordinator):
    line = _save(agency_a, coordinator, spent=130_000_000, note="Bổ sung kinh phí theo QĐ 45/QĐ-UBND")
    assert line.spent == 130_000_000


def test_coordinator_edits_a_line_and_the_change_is_audited(agency_a, coordinator):
    line = BudgetLineFactory(agency=agency_a)
    _save(agency_a, coordinator, line=line, planned=60_000_000, approved=60_000_000)
    entry = AuditEntry.objects.get(action="budget_line.update", target_id=str(line.pk))
    assert entry.changes["planned"] == [50_000_000, 60_000_000]


@pytest.mark.parametrize("who", ["steering", "sysadmin", "secretary_a", "other_coordinator"])
def test_only_the_coordinator_of_the_province_writes_budget_lines(who, request, agency_a):
    with pytest.raises(PermissionDenied):
        _save(agency_a, request.getfixturevalue(who))


@pytest.mark.parametrize("who", ["secretary_a", "leader_a", "coordinator"])
def test_the_agency_records_its_own_spending(who, request, agency_a):
    line = BudgetLineFactory(agency=agency_a)
    services.budget_line_record_spent(line=line, spent=35_000_000, actor=request.getfixturevalue(who))
    line.refresh_from_db()
    assert line.spent == 35_000_000
    assert AuditEntry.objects.filter(action="budget_line.record_spent", target_id=str(line.pk)).exists()


@pytest.mark.parametrize("who", ["staff_a", "secretary_b", "steering"])
def test_other_people_cannot_record_the_spending(who, request, agency_a):
    line = BudgetLineFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.budget_line_record_spent(line=line, spent=1, actor=request.getfixturevalue(who))


def test_spending_over_approved_without_a_note_is_refused(agency_a, secretary_a):
    line = BudgetLineFactory(agency=agency_a, note="")
    with pytest.raises(DomainError, match="vượt kinh phí được duyệt"):
        services.budget_line_record_spent(line=line, spent=45_000_000, actor=secretary_a)


def test_coordinator_creates_a_session_and_adds_attendees(province, agency_a, coordinator):
    session = services.training_session_create(
        province=province, topic="Tập huấn chuyển đổi", held_on=date(2026, 5, 5), actor=coordinator
    )
    attendance = services.training_attendee_add(
        session=session,
        agency=agency_a,
        person_name="  Trần  Thị Lan ",
        actor=coordinator,
        has_certificate=True,
    )
    assert attendance.person_name == "Trần Thị Lan" and attendance.agency == agency_a
    assert AuditEntry.objects.filter(action="training_session.create", target_id=str(session.pk)).exists()
    assert AuditEntry.objects.filter(action="training_attendance.create", agency=agency_a).exists()
    with pytest.raises(DomainError, match="đã có trong danh sách"):
        services.training_attendee_add(
            session=session, agency=agency_a, person_name="trần thị lan", actor=coordinator
        )


def test_attendee_of_another_province_is_refused(province, coordinator):
    session = TrainingSessionFactory(province=province)
    foreign = TrainingAttendanceFactory().agency
    with pytest.raises(DomainError, match="không thuộc tỉnh"):
        services.training_attendee_add(session=session, agency=foreign, person_name="A", actor=coordinator)


@pytest.mark.parametrize("who", ["steering", "secretary_a"])
def test_only_the_coordinator_records_training(who, request, province, agency_a):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.training_session_create(province=province, topic="x", held_on=date(2026, 5, 5), actor=actor)
    with pytest.raises(PermissionDenied):
        services.training_attendee_add(
            session=TrainingSessionFactory(province=province), agency=agency_a, person_name="A", actor=actor
        )


def test_per_agency_totals_count_each_trained_person_once(province, agency_a, agency_b, coordinator):
    BudgetLineFactory(agency=agency_a, planned=100, approved=80, spent=50)
    BudgetLineFactory(agency=agency_a, purpose=BudgetLine.Purpose.EISO, planned=20, approved=20, spent=0)
    BudgetLineFactory(agency=agency_a, year=2025, planned=999, approved=0, spent=0)
    first, second = TrainingSessionFactory(province=province), TrainingSessionFactory(province=province)
    TrainingAttendanceFactory(session=first, agency=agency_a, person_name="Lê Văn An")
    TrainingAttendanceFactory(session=second, agency=agency_a, person_name="lê văn an")
    TrainingAttendanceFactory(session=second, agency=agency_a, person_name="Phạm Thu")
    TrainingAttendanceFactory(session=second, agency=agency_b, person_name="Hồ Minh")
    rows = {
        row.agency: row
        for row in selectors.budget_and_training_by_agency(user=coordinator, province=province, year=2026)
    }
    assert (rows[agency_a].planned, rows[agency_a].approved, rows[agency_a].spent) == (120, 100, 50)
    assert rows[agency_a].trained == 2 and rows[agency_b].trained == 1
    assert selectors.trained_staff_count(user=coordinator, agency=agency_a) == 2


def test_totals_by_purpose_end_with_the_overall_total(agency_a):
    lines = [
        BudgetLineFactory(agency=agency_a, purpose=BudgetLine.Purpose.EISO, planned=10, approved=5, spent=1),
        BudgetLineFactory(agency=agency_a, purpose=BudgetLine.Purpose.EISO, planned=20, approved=5, spent=2),
    ]
    totals = selectors.budget_totals_by_purpose(lines)
    eiso = next(row for row in totals if row["label"] == "ISO điện tử")
    assert (eiso["planned"], totals[-1]["label"], totals[-1]["spent"]) == (30, "Tổng cộng", 3)


def test_amounts_are_shown_with_dot_thousands_separators():
    assert vnd(150_000_000) == "150.000.000 đ"
    assert vnd(0) == "0 đ"
