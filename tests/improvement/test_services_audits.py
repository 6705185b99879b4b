import datetime

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.improvement import services
from eiso.improvement.models import AuditProgramme, ChecklistQuestion, Finding, InternalAudit, Nonconformity
from eiso.improvement.services.library import _library_rows
from tests.factories import MembershipFactory, ProvinceFactory, ProvinceMembershipFactory, UnitFactory
from tests.improvement.factories import AuditProgrammeFactory, AuditTeamMemberFactory, InternalAuditFactory
from tests.improvement.helpers import approved_programme, finish_checklist, running_audit

pytestmark = pytest.mark.django_db

ISO_CLAUSES = [
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.3",
    "7.1",
    "7.2",
    "7.3",
    "7.4",
    "7.5",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "8.5",
    "8.6",
    "8.7",
    "9.1",
    "9.2",
    "9.3",
    "10.1",
    "10.2",
    "10.3",
]
TT26_ITEMS = ["1a", "1b", "1c", "1d", "1đ", "1e", "1g", "2a", "2b", "2c", "2d", "2đ", "2e"]


def test_library_covers_every_clause_and_inspection_item_with_evidence_hints():
    rows = _library_rows()
    iso = {row["clause"] for row in rows if row["reference"] == "iso"}
    for clause in ISO_CLAUSES:
        assert any(c == clause or c.startswith(clause + ".") for c in iso), clause
    assert [row["clause"] for row in rows if row["reference"] == "tt26"] == TT26_ITEMS
    assert all(row["evidence_hint"].strip() and row["text"].strip() for row in rows)


def test_library_loads_once_per_province():
    province = ProvinceFactory()
    coordinator = ProvinceMembershipFactory(province=province, role="coordinator").user
    assert services.library_load_defaults(province=province, actor=coordinator) == len(_library_rows())
    assert services.library_load_defaults(province=province, actor=coordinator) == 0
    assert ChecklistQuestion.objects.filter(province=province).count() == len(_library_rows())
    assert AuditEntry.objects.filter(action="checklist_library.load").count() == 1


def test_only_the_province_librarians_load_the_library(province, secretary_a):
    with pytest.raises(PermissionDenied):
        services.library_load_defaults(province=province, actor=secretary_a)
    assert not ChecklistQuestion.objects.filter(province=province).exists()


def test_coordinator_edits_a_question_of_the_province(province, coordinator, secretary_a):
    services.library_load_defaults(province=province, actor=coordinator)
    question = ChecklistQuestion.objects.filter(province=province, clause="7.5").first()
    services.question_save(actor=coordinator, province=province, question=question, text="Câu hỏi đã sửa")
    question.refresh_from_db()
    assert question.text == "Câu hỏi đã sửa"
    assert AuditEntry.objects.filter(action="checklist_question.update").exists()
    with pytest.raises(PermissionDenied):
        services.question_save(actor=secretary_a, province=province, question=question, text="Khác")


def test_secretary_plans_audit_with_team_and_checklist(agency_a, secretary_a, auditor_a, leader_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a, members=[leader_a])
    assert audit.code == "ĐGNB-2026-01"
    assert audit.status == InternalAudit.Status.IN_PROGRESS
    assert {m.user for m in audit.team.all()} == {auditor_a, leader_a}
    assert audit.team.get(user=auditor_a).is_lead
    assert audit.lines.count() == len(_library_rows())
    assert AuditEntry.objects.filter(action="internal_audit.plan", target_id=str(audit.pk)).exists()


def test_auditor_cannot_audit_own_unit(agency_a, secretary_a, staff_a, unit_a):
    programme = approved_programme(agency_a)
    with pytest.raises(DomainError, match="không được đánh giá đơn vị của chính mình"):
        services.audit_plan(
            programme=programme,
            actor=secretary_a,
            title="Đánh giá",
            scope="Văn phòng",
            planned_start_on=datetime.date(2026, 5, 4),
            planned_end_on=datetime.date(2026, 5, 5),
            lead_auditor=staff_a,
            units=[unit_a],
        )
    assert not InternalAudit.objects.exists()


def test_independence_also_covers_units_owning_audited_processes(agency_a, secretary_a, auditor_a):
    from tests.procedures.factories import ProcessFactory

    unit = UnitFactory(agency=agency_a, name="Phòng Hành chính tư pháp")
    MembershipFactory(agency=agency_a, user=auditor_a, role="staff", unit=unit)
    auditor_a.forget_permissions_cache()
    process = ProcessFactory(agency=agency_a, document__owner_unit=unit)
    programme = approved_programme(agency_a)
    with pytest.raises(DomainError, match="Phòng Hành chính tư pháp"):
        services.audit_plan(
            programme=programme,
            actor=secretary_a,
            title="Đánh giá",
            scope="Quy trình",
            planned_start_on=datetime.date(2026, 5, 4),
            planned_end_on=datetime.date(2026, 5, 5),
            lead_auditor=auditor_a,
            processes=[process],
        )


def test_adding_a_member_from_audited_unit_is_refused(agency_a, secretary_a, auditor_a, staff_a, unit_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a, units=[unit_a])
    with pytest.raises(DomainError):
        services.audit_add_member(audit=audit, actor=secretary_a, user=staff_a)


def test_staff_cannot_plan_audit(agency_a, staff_a, auditor_a):
    with pytest.raises(PermissionDenied):
        services.audit_plan(
            programme=AuditProgrammeFactory(agency=agency_a),
            actor=staff_a,
            title="x",
            scope="x",
            planned_start_on=datetime.date(2026, 5, 4),
            planned_end_on=datetime.date(2026, 5, 5),
            lead_auditor=auditor_a,
        )


def test_one_programme_per_year(agency_a, secretary_a):
    services.programme_create(agency=agency_a, actor=secretary_a, year=2026)
    with pytest.raises(DomainError, match="2026"):
        services.programme_create(agency=agency_a, actor=secretary_a, year=2026)


def test_leader_approves_the_programme(agency_a, secretary_a, leader_a):
    programme = services.programme_create(agency=agency_a, actor=secretary_a, year=2026)
    assert programme.status == AuditProgramme.Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.programme_approve(programme=programme, actor=secretary_a)
    services.programme_approve(programme=programme, actor=leader_a)
    assert programme.is_approved and programme.approved_by == leader_a
    assert AuditEntry.objects.filter(action="audit_programme.approve", target_id=str(programme.pk)).exists()
    with pytest.raises(DomainError, match="đã phê duyệt"):
        services.programme_approve(programme=programme, actor=leader_a)


def test_an_audit_cannot_be_planned_under_a_draft_programme(agency_a, secretary_a, auditor_a, leader_a):
    programme = services.programme_create(agency=agency_a, actor=secretary_a, year=2026)
    plan = {
        "programme": programme,
        "actor": secretary_a,
        "title": "Đánh giá",
        "scope": "Toàn bộ",
        "planned_start_on": datetime.date(2026, 5, 4),
        "planned_end_on": datetime.date(2026, 5, 5),
        "lead_auditor": auditor_a,
    }
    with pytest.raises(DomainError, match="năm 2026 chưa được lãnh đạo cơ quan phê duyệt"):
        services.audit_plan(**plan)
    assert not InternalAudit.objects.exists()
    services.programme_approve(programme=programme, actor=leader_a)
    assert services.audit_plan(**plan).status == InternalAudit.Status.PLANNED


def test_an_audit_cannot_start_under_a_draft_programme(agency_a, secretary_a, auditor_a, leader_a):
    # An audit planned before the rule above, under a programme still in draft.
    programme = services.programme_create(agency=agency_a, actor=secretary_a, year=2026)
    audit = InternalAuditFactory(programme=programme, lead_auditor=auditor_a)
    AuditTeamMemberFactory(audit=audit, user=auditor_a, is_lead=True)
    with pytest.raises(DomainError, match="năm 2026 chưa được lãnh đạo cơ quan phê duyệt"):
        services.audit_start(audit=audit, actor=auditor_a)
    audit.refresh_from_db()
    assert audit.status == InternalAudit.Status.PLANNED
    services.programme_approve(programme=programme, actor=leader_a)
    services.audit_start(audit=audit, actor=auditor_a)
    assert audit.status == InternalAudit.Status.IN_PROGRESS


def test_only_the_team_or_a_manager_starts_the_audit(agency_a, secretary_a, auditor_a, staff_a):
    audit = services.audit_plan(
        programme=approved_programme(agency_a),
        actor=secretary_a,
        title="Đánh giá",
        scope="Toàn bộ",
        planned_start_on=datetime.date(2026, 5, 4),
        planned_end_on=datetime.date(2026, 5, 5),
        lead_auditor=auditor_a,
    )
    with pytest.raises(PermissionDenied):
        services.audit_start(audit=audit, actor=staff_a)
    services.audit_start(audit=audit, actor=secretary_a)
    assert AuditEntry.objects.filter(action="internal_audit.start", target_id=str(audit.pk)).exists()


def test_recording_a_nonconformity_creates_finding_and_recorded_nonconformity(
    agency_a, secretary_a, auditor_a
):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    line = audit.lines.get(clause="7.5")
    services.checklist_line_record(
        line=line,
        actor=auditor_a,
        result="nc_minor",
        evidence_text="Biểu mẫu BM-02 đang dùng là bản 2019.",
        record_reference="000.00.12.H42-260315-0001",
    )
    finding = Finding.objects.get(line=line)
    assert finding.kind == "nc_minor"
    nonconformity = Nonconformity.objects.get(finding=finding)
    assert nonconformity.source == Nonconformity.Source.AUDIT
    assert nonconformity.status == Nonconformity.Status.RECORDED
    assert nonconformity.clause == "7.5"
    assert AuditEntry.objects.filter(action="checklist_line.record", target_id=str(line.pk)).exists()


def test_finding_needs_evidence(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    with pytest.raises(DomainError, match="bằng chứng"):
        services.checklist_line_record(line=audit.lines.first(), actor=auditor_a, result="observation")


def test_outsider_cannot_record_a_line(agency_a, secretary_a, auditor_a, staff_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    with pytest.raises(PermissionDenied):
        services.checklist_line_record(line=audit.lines.first(), actor=staff_a, result="conforming")


def test_observation_is_a_finding_without_nonconformity(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    line = audit.lines.first()
    services.checklist_line_record(
        line=line, actor=auditor_a, result="ofi", evidence_text="Có thể gửi nhắc hạn qua SMS."
    )
    assert Finding.objects.get(line=line).kind == "ofi"
    assert not Nonconformity.objects.exists()
    services.checklist_line_record(line=line, actor=auditor_a, result="conforming")
    assert not Finding.objects.filter(line=line).exists()


def test_line_with_nonconformity_cannot_become_conforming(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    line = audit.lines.first()
    services.checklist_line_record(
        line=line, actor=auditor_a, result="nc_major", evidence_text="Không có sổ theo dõi."
    )
    with pytest.raises(DomainError, match="KPH-"):
        services.checklist_line_record(line=line, actor=auditor_a, result="conforming")


def test_auditor_adds_own_question(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    line = services.checklist_line_add(
        audit=audit, actor=auditor_a, clause="8.5", text="Hồ sơ có phiếu kiểm soát không?"
    )
    assert line.order == audit.lines.count()
    assert line.question is None


def test_report_needs_every_line_answered_and_the_lead(agency_a, secretary_a, auditor_a, leader_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    with pytest.raises(DomainError, match="chưa có kết quả"):
        services.audit_issue_report(audit=audit, actor=auditor_a, summary="Tóm tắt", conclusions="Kết luận")
    finish_checklist(audit, auditor_a)
    with pytest.raises(PermissionDenied):
        services.audit_issue_report(audit=audit, actor=secretary_a, summary="Tóm tắt", conclusions="Kết luận")
    services.audit_issue_report(audit=audit, actor=auditor_a, summary="Tóm tắt", conclusions="Kết luận")
    assert audit.status == InternalAudit.Status.REPORTED
    with pytest.raises(PermissionDenied):
        services.audit_acknowledge(audit=audit, actor=secretary_a)
    services.audit_acknowledge(audit=audit, actor=leader_a)
    assert audit.status == InternalAudit.Status.ACKNOWLEDGED
    assert AuditEntry.objects.filter(action="internal_audit.acknowledge").exists()


def test_cancel_needs_reason(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    with pytest.raises(DomainError):
        services.audit_cancel(audit=audit, actor=secretary_a, reason=" ")
    services.audit_cancel(audit=audit, actor=secretary_a, reason="Trùng lịch kiểm tra của tỉnh")
    assert audit.status == InternalAudit.Status.CANCELLED
    assert audit.cancel_reason == "Trùng lịch kiểm tra của tỉnh"


def test_an_audit_that_raised_a_nonconformity_is_not_cancelled(agency_a, secretary_a, auditor_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    services.checklist_line_record(
        line=audit.lines.first(), actor=auditor_a, result="nc_minor", evidence_text="Không có sổ theo dõi."
    )
    with pytest.raises(DomainError, match="đã sinh điểm không phù hợp"):
        services.audit_cancel(audit=audit, actor=secretary_a, reason="Nhầm")
