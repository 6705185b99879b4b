import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eiso.improvement.models import InternalAudit, Nonconformity
from tests.improvement.factories import (
    AnnouncementFactory,
    AuditProgrammeFactory,
    ManagementReviewFactory,
    NonconformityFactory,
)
from tests.improvement.helpers import approved_programme, running_audit
from tests.quality.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.mark.parametrize(
    "name",
    [
        "audit_list",
        "nonconformity_list",
        "review_list",
        "announcement_list",
        "library_list",
        "nonconformity_create",
        "review_create",
        "programme_create",
    ],
)
def test_pages_render_for_the_secretary(client, secretary_a, name):
    client.force_login(secretary_a)
    assert client.get(reverse(f"improvement:{name}")).status_code == 200


def test_audit_list_warns_when_no_audit_is_planned(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("improvement:audit_list"))
    assert "chưa có cuộc đánh giá nội bộ nào được lập kế hoạch" in response.content.decode()


def test_staff_cannot_open_the_create_pages(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("improvement:nonconformity_create")).status_code == 403
    assert client.get(reverse("improvement:review_create")).status_code == 403


def test_post_only_urls_refuse_get(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    nc = NonconformityFactory(agency=agency_a)
    assert (
        client.get(reverse("improvement:nonconformity_transition", args=[nc.pk, "close"])).status_code == 405
    )
    assert client.get(reverse("improvement:library_load")).status_code == 405


def test_an_unknown_transition_is_404(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    nc = NonconformityFactory(agency=agency_a)
    assert (
        client.post(reverse("improvement:nonconformity_transition", args=[nc.pk, "reopen"])).status_code
        == 404
    )


def test_staff_gets_403_on_a_transition(client, staff_a, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    client.force_login(staff_a)
    response = client.post(reverse("improvement:nonconformity_transition", args=[nc.pk, "cancel"]))
    assert response.status_code == 403


def test_plan_audit_page_refuses_own_unit_auditor(client, secretary_a, agency_a, staff_a, unit_a):
    programme = approved_programme(agency_a)
    client.force_login(secretary_a)
    response = client.post(
        reverse("improvement:audit_create", args=[programme.pk]),
        {
            "title": "Đánh giá",
            "scope": "Văn phòng",
            "planned_start_on": "04/05/2026",
            "planned_end_on": "05/05/2026",
            "lead_auditor": staff_a.pk,
            "units": [unit_a.pk],
        },
    )
    assert response.status_code == 200
    assert "không được đánh giá đơn vị của chính mình" in response.content.decode()
    assert not InternalAudit.objects.exists()


def test_audit_detail_and_reports(client, secretary_a, auditor_a, agency_a):
    audit = running_audit(agency_a, auditor_a, secretary=secretary_a)
    client.force_login(auditor_a)
    assert "Ghi kết quả" in client.get(audit.get_absolute_url()).content.decode()
    docx = client.get(reverse("improvement:audit_report_docx", args=[audit.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("improvement:audit_report_pdf", args=[audit.pk]))
    assert pdf.content[:4] == b"%PDF"


def test_nonconformity_from_feedback_link(client, secretary_a, agency_a):
    feedback = FeedbackFactory(agency=agency_a, code="PA26-T0000099")
    client.force_login(secretary_a)
    url = reverse("improvement:nonconformity_create") + f"?feedback={feedback.pk}"
    page = client.get(url).content.decode()
    assert "PA26-T0000099" in page
    response = client.post(
        url,
        {
            "source": "complaint",
            "severity": "minor",
            "title": "Phản ánh trễ hẹn",
            "description": "Người dân chờ 3 ngày",
            "detected_on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert nc.feedback == feedback and nc.source == "complaint"


def test_nonconformity_register_exports_xlsx(client, secretary_a, agency_a):
    NonconformityFactory(agency=agency_a)
    client.force_login(secretary_a)
    response = client.get(reverse("improvement:nonconformity_export"))
    assert response.content[:2] == b"PK"


def test_close_without_actions_shows_vietnamese_message(client, secretary_a, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    client.force_login(secretary_a)
    page = client.get(nc.get_absolute_url()).content.decode()
    # The closure is offered disabled, saying what still blocks it.
    assert 'data-testid="nonconformity-close"' in page and "chưa có hành động khắc phục" in page
    response = client.post(
        reverse("improvement:nonconformity_transition", args=[nc.pk, "close"]), follow=True
    )
    assert "Chưa đóng được điểm không phù hợp" in response.content.decode()
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.RECORDED


def test_secretary_analyses_the_cause_on_the_page(client, secretary_a, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    client.force_login(secretary_a)
    response = client.post(
        reverse("improvement:nonconformity_transition", args=[nc.pk, "analyse"]),
        {
            "analyse-cause_method": "five_whys",
            "analyse-why_1": "Mẫu cũ còn trong tủ",
            "analyse-why_2": "Không thu hồi khi ban hành mẫu mới",
            "analyse-root_cause": "Quy trình thiếu bước thu hồi",
        },
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ANALYSED
    assert nc.cause_analysis == ["Mẫu cũ còn trong tủ", "Không thu hồi khi ban hành mẫu mới"]
    page = client.get(nc.get_absolute_url()).content.decode()
    assert 'data-testid="add-action"' in page


def test_other_agency_gets_404_on_a_transition(client, staff_b, agency_a):
    nc = NonconformityFactory(agency=agency_a)
    client.force_login(staff_b)
    response = client.post(reverse("improvement:nonconformity_transition", args=[nc.pk, "close"]))
    assert response.status_code == 404


def test_audit_page_says_why_it_cannot_start_under_a_draft_programme(
    client, secretary_a, agency_a, auditor_a
):
    from tests.improvement.factories import AuditTeamMemberFactory, InternalAuditFactory

    audit = InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency_a), lead_auditor=auditor_a)
    AuditTeamMemberFactory(audit=audit, user=auditor_a, is_lead=True)
    client.force_login(auditor_a)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert 'data-testid="internal_audit-start"' in page
    assert "chưa được lãnh đạo cơ quan phê duyệt" in page
    response = client.post(reverse("improvement:audit_transition", args=[audit.pk, "start"]), follow=True)
    assert "chưa được lãnh đạo cơ quan phê duyệt" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == InternalAudit.Status.PLANNED


def test_a_draft_programme_offers_no_audit_plan(client, secretary_a, agency_a, auditor_a):
    programme = AuditProgrammeFactory(agency=agency_a)
    plan_url = reverse("improvement:audit_create", args=[programme.pk])
    client.force_login(secretary_a)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert plan_url not in page and 'data-testid="audit-create-waits"' in page
    response = client.get(plan_url, follow=True)
    assert response.redirect_chain[-1][0] == programme.get_absolute_url()
    assert "chưa được lãnh đạo cơ quan phê duyệt" in response.content.decode()
    values = {"title": "Đánh giá", "scope": "Toàn bộ", "planned_start_on": "04/05/2026"}
    client.post(plan_url, {**values, "planned_end_on": "05/05/2026", "lead_auditor": auditor_a.pk})
    assert not InternalAudit.objects.exists()
    approved = approved_programme(agency_a, year=2027)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert reverse("improvement:audit_create", args=[approved.pk]) in page


def test_leader_approves_the_programme_on_its_page(client, leader_a, secretary_a, agency_a):
    programme = AuditProgrammeFactory(agency=agency_a)
    url = reverse("improvement:programme_transition", args=[programme.pk, "approve"])
    client.force_login(secretary_a)
    assert url not in client.get(programme.get_absolute_url()).content.decode()
    client.force_login(leader_a)
    assert url in client.get(programme.get_absolute_url()).content.decode()
    client.post(url)
    programme.refresh_from_db()
    assert programme.is_approved and programme.approved_on == TODAY


def test_review_minutes_and_decision_download(client, secretary_a, agency_a):
    review = ManagementReviewFactory(agency=agency_a)
    announcement = AnnouncementFactory(agency=agency_a)
    client.force_login(secretary_a)
    assert client.get(reverse("improvement:review_detail", args=[review.pk])).status_code == 200
    assert client.get(reverse("improvement:review_minutes_docx", args=[review.pk])).content[:2] == b"PK"
    assert client.get(reverse("improvement:review_minutes_pdf", args=[review.pk])).content[:4] == b"%PDF"
    assert (
        client.get(reverse("improvement:announcement_decision_docx", args=[announcement.pk])).content[:2]
        == b"PK"
    )


def test_announcement_page_lists_missing_prerequisites(client, secretary_a, agency_a):
    announcement = AnnouncementFactory(agency=agency_a)
    client.force_login(secretary_a)
    page = client.get(reverse("improvement:announcement_detail", args=[announcement.pk])).content.decode()
    assert "Chưa thực hiện cuộc đánh giá nội bộ nào" in page


def test_nonconformity_list_query_count_does_not_grow(
    client, secretary_a, agency_a, django_assert_max_num_queries
):
    client.force_login(secretary_a)
    NonconformityFactory.create_batch(2, agency=agency_a)
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("improvement:nonconformity_list"))
    NonconformityFactory.create_batch(18, agency=agency_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("improvement:nonconformity_list"))


def test_dashboard_card_shows_overdue_actions(client, secretary_a, agency_a, staff_a):
    from eiso.quality import services as quality_services

    nc = NonconformityFactory(agency=agency_a, detected_on=datetime.date(2026, 1, 5))
    quality_services.action_create(
        source=nc, actor=secretary_a, title="Sửa", due_on=datetime.date(2026, 1, 10), owner=staff_a
    )
    client.force_login(secretary_a)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="overdue-actions">1<' in page


def test_the_library_page_only_reads(client, coordinator, province):
    from eiso.improvement.models import ChecklistQuestion

    client.force_login(coordinator)
    page = client.get(reverse("improvement:library_list")).content.decode()
    assert 'data-testid="library-empty"' in page and "Nạp bộ câu hỏi mặc định" in page
    assert not ChecklistQuestion.objects.filter(province=province).exists()


def test_coordinator_edits_the_library_page(client, coordinator, province, secretary_a):
    client.force_login(coordinator)
    client.post(reverse("improvement:library_load"))
    assert "4.1" in client.get(reverse("improvement:library_list")).content.decode()
    from eiso.improvement.models import ChecklistQuestion

    question = ChecklistQuestion.objects.get(province=province, clause="7.5")
    response = client.post(
        reverse("improvement:question_update", args=[question.pk]),
        {
            "reference": "iso",
            "clause": "7.5",
            "clause_title": "Thông tin dạng văn bản",
            "text": "Câu hỏi mới của tỉnh",
            "evidence_hint": "Sổ tài liệu",
            "order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Câu hỏi mới của tỉnh"
    client.force_login(secretary_a)
    assert client.get(reverse("improvement:question_update", args=[question.pk])).status_code == 403


def test_secretary_runs_the_late_dossier_rule(client, secretary_a, agency_a, monkeypatch):
    from eiso.improvement import selectors
    from eiso.improvement.models import NonconformityProposal

    monkeypatch.setattr(
        selectors, "late_counts", lambda **kwargs: [selectors.LateCount("Thủ tục cấp phiếu lý lịch", 8)]
    )
    client.force_login(secretary_a)
    response = client.post(
        reverse("improvement:proposal_run"),
        {"period_start": "01/07/2026", "period_end": "30/09/2026", "threshold": 5},
        follow=True,
    )
    assert "Thủ tục cấp phiếu lý lịch" in response.content.decode()
    proposal = NonconformityProposal.objects.get()
    accept = reverse("improvement:proposal_transition", args=[proposal.pk, "accept"])
    assert accept in response.content.decode()
    response = client.post(accept)
    nc = Nonconformity.objects.get()
    assert nc.source == "late_dossiers"
    assert response.url == nc.get_absolute_url()


def test_overdue_corrective_action_reminds_its_owner(secretary_a, staff_a, agency_a, mailoutbox):
    from eiso.quality import services as quality_services
    from eiso.quality.notifications import action_send_reminders

    nc = NonconformityFactory(agency=agency_a, detected_on=datetime.date(2026, 1, 5))
    quality_services.action_create(
        source=nc, actor=secretary_a, title="Sửa quy trình", due_on=datetime.date(2026, 1, 10), owner=staff_a
    )
    assert action_send_reminders(today=datetime.date(2026, 2, 1), days_before=3, every_days=7) == 1
    assert mailoutbox[0].to == [staff_a.email]


def test_late_dossier_nonconformity_shows_data_for_the_effectiveness_check(
    client, secretary_a, agency_a, monkeypatch
):
    from types import SimpleNamespace

    from eiso.improvement import selectors, services
    from tests.improvement.factories import NonconformityProposalFactory

    proposal = NonconformityProposalFactory(agency=agency_a, subject="Cấp phiếu lý lịch tư pháp", unit=None)
    proposal.procedure_id = None
    accepted_at = timezone.make_aware(datetime.datetime(2026, 1, 10, 9, 0))
    nc = services.proposal_accept(proposal=proposal, actor=secretary_a, at=accepted_at)
    assert selectors.effectiveness_data(nc, today=datetime.date(2026, 3, 1)) is None

    from tests.factories import UnitFactory

    proposal.unit = UnitFactory(agency=agency_a)
    proposal.save()
    calls = {}

    def dossier_stats(**kwargs):
        calls.update(kwargs)
        return {"late": 2, "resolved": 40}

    monkeypatch.setattr(selectors, "dossier_selectors", lambda: SimpleNamespace(dossier_stats=dossier_stats))
    text = selectors.effectiveness_data(nc, today=datetime.date(2026, 3, 1))
    assert "2 hồ sơ trễ hạn trên 40 hồ sơ" in text
    assert calls["unit"] == proposal.unit_id and calls["start"] == datetime.date(2026, 1, 10)
    client.force_login(secretary_a)
    assert "Theo dõi từ dữ liệu" in client.get(nc.get_absolute_url()).content.decode()
