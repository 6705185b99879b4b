import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.improvement import services
from eiso.improvement.models import Nonconformity, NonconformityProposal
from eiso.improvement.services import LateCount
from eiso.quality import services as quality_services
from eiso.quality.models import Action
from tests.improvement.factories import NonconformityFactory
from tests.quality.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
S = Nonconformity.Status
TODAY = timezone.localdate()


def analysed(nc, actor):
    return services.nonconformity_analyse(
        nonconformity=nc,
        actor=actor,
        cause_method="five_whys",
        analysis=["Biểu mẫu cũ còn trong ngăn tủ", "Không thu hồi khi ban hành bản mới"],
        root_cause="Quy trình kiểm soát tài liệu không có bước thu hồi bản giấy",
        correction="Thu hồi ngay hai biểu mẫu cũ",
    )


def planned(nc, actor, owner, due=TODAY):
    analysed(nc, actor)
    action = services.nonconformity_add_action(
        nonconformity=nc, actor=actor, title="Bổ sung bước thu hồi vào quy trình", due_on=due, owner=owner
    )
    services.nonconformity_plan(
        nonconformity=nc,
        actor=actor,
        effectiveness_criteria="Không còn biểu mẫu cũ trong 3 tháng",
        effectiveness_check_on=due,
    )
    return action


def test_secretary_records_nonconformity_with_code(agency_a, secretary_a):
    nc = services.nonconformity_record(
        agency=agency_a,
        actor=secretary_a,
        source="other",
        title="Thiếu sổ theo dõi",
        description="Bộ phận một cửa không có sổ theo dõi hồ sơ.",
        detected_on=TODAY,
    )
    assert nc.code == f"KPH-{TODAY.year}-001"
    assert nc.status == S.RECORDED
    assert AuditEntry.objects.filter(action="nonconformity.record", target_id=str(nc.pk)).exists()


def test_description_keeps_the_editors_formatting_only(agency_a, secretary_a):
    nc = services.nonconformity_record(
        agency=agency_a,
        actor=secretary_a,
        source="other",
        title="Thiếu sổ theo dõi",
        description='<p style="color:red">Thiếu <b>sổ</b></p><script>x</script><ul><li>Một cửa</li></ul>',
        detected_on=TODAY,
    )
    assert nc.description == "<p>Thiếu <b>sổ</b></p><ul><li>Một cửa</li></ul>"


def test_an_empty_editor_is_no_description(agency_a, secretary_a):
    with pytest.raises(DomainError, match="mô tả"):
        services.nonconformity_record(
            agency=agency_a,
            actor=secretary_a,
            source="other",
            title="T",
            description="<p></p>",
            detected_on=TODAY,
        )


def test_feedback_makes_a_complaint_nonconformity(agency_a, secretary_a):
    feedback = FeedbackFactory(agency=agency_a)
    nc = services.nonconformity_record(
        agency=agency_a,
        actor=secretary_a,
        source="other",
        title="Trả kết quả chậm",
        description="Người dân phản ánh.",
        detected_on=TODAY,
        feedback=feedback,
    )
    assert nc.source == Nonconformity.Source.COMPLAINT


def test_inspection_nonconformity_gets_two_month_report_deadline(agency_a, secretary_a):
    nc = services.nonconformity_record(
        agency=agency_a,
        actor=secretary_a,
        source="inspection",
        title="Chưa công bố lại",
        description="Phạm vi đã mở rộng nhưng chưa công bố lại.",
        detected_on=datetime.date(2025, 10, 15),
    )
    assert nc.report_due_on == datetime.date(2025, 12, 15)


def test_inspection_report_deadline_on_a_day_off_moves_to_the_next_working_day(agency_a, secretary_a):
    nc = services.nonconformity_record(
        agency=agency_a,
        actor=secretary_a,
        source="inspection",
        title="Chưa công bố lại",
        description="Phạm vi đã mở rộng nhưng chưa công bố lại.",
        detected_on=datetime.date(2025, 12, 31),
    )
    # Two months end on Saturday 28/02/2026: the report is due on Monday 02/03/2026.
    assert nc.report_due_on == datetime.date(2026, 3, 2)


def test_staff_cannot_record(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.nonconformity_record(
            agency=agency_a, actor=staff_a, source="other", title="x", description="x", detected_on=TODAY
        )


def test_analysis_requires_root_cause_and_enough_whys(agency_a, secretary_a):
    nc = NonconformityFactory(agency=agency_a)
    with pytest.raises(DomainError, match="nguyên nhân gốc"):
        services.nonconformity_analyse(
            nonconformity=nc, actor=secretary_a, cause_method="five_whys", analysis=["a", "b"], root_cause=" "
        )
    with pytest.raises(DomainError, match="ít nhất 2"):
        services.nonconformity_analyse(
            nonconformity=nc, actor=secretary_a, cause_method="five_whys", analysis=["a"], root_cause="gốc"
        )
    analysed(nc, secretary_a)
    assert nc.status == S.ANALYSED


def test_actions_only_after_analysis(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    with pytest.raises(DomainError, match="phân tích"):
        services.nonconformity_add_action(
            nonconformity=nc, actor=secretary_a, title="x", due_on=TODAY, owner=staff_a
        )


def test_plan_needs_an_action(agency_a, secretary_a):
    nc = NonconformityFactory(agency=agency_a)
    analysed(nc, secretary_a)
    with pytest.raises(DomainError, match="chưa có hành động"):
        services.nonconformity_plan(
            nonconformity=nc, actor=secretary_a, effectiveness_criteria="x", effectiveness_check_on=TODAY
        )


def test_effectiveness_date_before_action_due_date_is_refused(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    analysed(nc, secretary_a)
    services.nonconformity_add_action(
        nonconformity=nc,
        actor=secretary_a,
        title="Sửa quy trình",
        due_on=datetime.date(2026, 6, 30),
        owner=staff_a,
    )
    with pytest.raises(
        DomainError, match="trước hạn hoàn thành của hành động “Sửa quy trình” \\(30/06/2026\\)"
    ):
        services.nonconformity_plan(
            nonconformity=nc,
            actor=secretary_a,
            effectiveness_criteria="Không tái diễn",
            effectiveness_check_on=datetime.date(2026, 6, 1),
        )


def test_cannot_close_while_an_action_is_open(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    planned(nc, secretary_a, staff_a)
    services.nonconformity_start(nonconformity=nc, actor=secretary_a)
    with pytest.raises(DomainError, match="Còn hành động chưa hoàn thành"):
        services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    with pytest.raises(
        DomainError, match="còn hành động chưa hoàn thành: “Bổ sung bước thu hồi vào quy trình”"
    ):
        services.nonconformity_close(nonconformity=nc, actor=secretary_a)


def test_cannot_close_before_effectiveness_check(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a)
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Đã sửa quy trình")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    with pytest.raises(DomainError, match="chưa kiểm tra hiệu lực"):
        services.nonconformity_close(nonconformity=nc, actor=secretary_a)


def test_effectiveness_is_checked_not_before_its_date(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a, due=TODAY + datetime.timedelta(days=30))
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Xong")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    with pytest.raises(DomainError, match="Chưa đến ngày kiểm tra hiệu lực"):
        services.nonconformity_check_effectiveness(
            nonconformity=nc, actor=secretary_a, is_effective=True, result="Đạt"
        )


def test_full_loop_closes_the_nonconformity(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a)
    services.nonconformity_start(nonconformity=nc, actor=secretary_a)
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Đã bổ sung bước thu hồi")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    services.nonconformity_check_effectiveness(
        nonconformity=nc,
        actor=secretary_a,
        is_effective=True,
        result="Kiểm tra 20 hồ sơ, không còn biểu mẫu cũ",
    )
    services.nonconformity_close(nonconformity=nc, actor=secretary_a)
    nc.refresh_from_db()
    assert nc.status == S.CLOSED
    assert nc.closed_on == TODAY
    assert AuditEntry.objects.filter(action="nonconformity.close", target_id=str(nc.pk)).exists()


def test_not_effective_goes_back_to_analysis(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a)
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Xong")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    services.nonconformity_check_effectiveness(
        nonconformity=nc, actor=secretary_a, is_effective=False, result="Tái diễn"
    )
    assert nc.status == S.ANALYSED
    assert nc.is_effective is False


def test_cancel_needs_reason_and_cancels_open_actions(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a)
    with pytest.raises(DomainError, match="lý do"):
        services.nonconformity_cancel(nonconformity=nc, actor=secretary_a, reason="")
    services.nonconformity_cancel(nonconformity=nc, actor=secretary_a, reason="Ghi nhận nhầm")
    action.refresh_from_db()
    assert nc.status == S.CANCELLED
    assert action.status == Action.Status.CANCELLED


def test_late_dossier_rule_proposes_subjects_over_threshold_once(agency_a):
    counts = [
        LateCount("Cấp phiếu lý lịch tư pháp", 6, procedure_id=None),
        LateCount("Chứng thực bản sao", 2),
    ]
    start, end = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    created = services.late_dossier_proposals(
        agency=agency_a, period_start=start, period_end=end, threshold=5, counts=counts
    )
    assert [p.subject for p in created] == ["Cấp phiếu lý lịch tư pháp"]
    again = services.late_dossier_proposals(
        agency=agency_a, period_start=start, period_end=end, threshold=5, counts=counts
    )
    assert again == []
    assert NonconformityProposal.objects.count() == 1


def test_late_dossier_rule_counts_the_threshold_itself(agency_a):
    created = services.late_dossier_proposals(
        agency=agency_a,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        threshold=5,
        counts=[LateCount("Đăng ký khai sinh", 5)],
    )
    assert len(created) == 1


def test_secretary_accepts_or_dismisses_a_proposal(agency_a, secretary_a, staff_a):
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    first, second = services.late_dossier_proposals(
        agency=agency_a,
        period_start=start,
        period_end=end,
        threshold=3,
        counts=[LateCount("Thủ tục A", 4), LateCount("Thủ tục B", 9)],
    )
    nc = services.proposal_accept(proposal=first, actor=secretary_a)
    assert nc.source == Nonconformity.Source.LATE_DOSSIERS
    assert "4 hồ sơ trễ hạn" in nc.title
    with pytest.raises(DomainError, match="lý do"):
        services.proposal_dismiss(proposal=second, actor=secretary_a, reason="")
    with pytest.raises(PermissionDenied):
        services.proposal_dismiss(proposal=second, actor=staff_a, reason="x")
    services.proposal_dismiss(proposal=second, actor=secretary_a, reason="Do hệ thống một cửa lỗi 3 ngày")
    assert second.status == NonconformityProposal.Status.DISMISSED
    assert AuditEntry.objects.filter(
        action="nonconformity_proposal.dismiss", target_id=str(second.pk)
    ).exists()
    with pytest.raises(DomainError, match="đang ở trạng thái “đã bỏ qua”"):
        services.proposal_accept(proposal=second, actor=secretary_a)


def test_staff_cannot_analyse(agency_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        analysed(nc, staff_a)
    assert not AuditEntry.objects.filter(action="nonconformity.analyse").exists()


def test_each_stage_writes_its_entry_to_the_audit_trail(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    action = planned(nc, secretary_a, staff_a)
    services.nonconformity_start(nonconformity=nc, actor=secretary_a)
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Xong")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    entries = AuditEntry.objects.filter(target_id=str(nc.pk), action__startswith="nonconformity.")
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "nonconformity.analyse",
        "nonconformity.plan",
        "nonconformity.start",
        "nonconformity.request_check",
    ]
    assert entries.get(action="nonconformity.start").changes == {"status": ["planned", "in_progress"]}


def test_corrective_actions_are_added_from_the_analysis_until_the_check(agency_a, secretary_a, staff_a):
    nc = NonconformityFactory(agency=agency_a)
    assert not nc.accepts_actions
    action = planned(nc, secretary_a, staff_a)
    assert nc.accepts_actions
    quality_services.action_complete(action=action, actor=staff_a, completion_note="Xong")
    services.nonconformity_request_check(nonconformity=nc, actor=secretary_a)
    assert not nc.accepts_actions
    with pytest.raises(DomainError, match="trước khi kiểm tra hiệu lực"):
        services.nonconformity_add_action(
            nonconformity=nc, actor=secretary_a, title="Thêm", due_on=TODAY, owner=staff_a
        )


def test_the_stages_show_where_the_nonconformity_stands(agency_a, secretary_a):
    nc = NonconformityFactory(agency=agency_a)
    analysed(nc, secretary_a)
    stages = nc.stages()
    assert [stage["label"] for stage in stages][:2] == ["Đã ghi nhận", "Đã phân tích nguyên nhân"]
    assert [stage["is_current"] for stage in stages] == [False, True, False, False, False, False]
    assert stages[0]["is_past"] and not stages[2]["is_past"]
    assert "Đã hủy" not in [stage["label"] for stage in stages]


def test_accepting_a_proposal_records_the_nonconformity_on_that_day(agency_a, secretary_a):
    from tests.improvement.factories import NonconformityProposalFactory

    proposal = NonconformityProposalFactory(agency=agency_a, subject="Thủ tục A")
    moment = timezone.make_aware(datetime.datetime(2026, 4, 6, 9, 0))
    nc = services.proposal_accept(proposal=proposal, actor=secretary_a, at=moment)
    proposal.refresh_from_db()
    assert nc.detected_on == datetime.date(2026, 4, 6)
    assert proposal.status == NonconformityProposal.Status.ACCEPTED and proposal.nonconformity == nc
    assert proposal.get_absolute_url() == nc.get_absolute_url()
    entry = AuditEntry.objects.get(action="nonconformity_proposal.accept")
    assert entry.changes["nonconformity"] == [None, nc.code]
