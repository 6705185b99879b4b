"""Pages of the quality app: render, post, wrong role 403, POST-only 405, fixed query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from eiso.quality import services
from eiso.quality.models import Action, Feedback, IndicatorValue, QualityObjective, Risk
from tests.documents.factories import DocumentFactory, published_version
from tests.quality.factories import (
    ActionFactory,
    ContextIssueFactory,
    FeedbackFactory,
    IndicatorValueFactory,
    InterestedPartyFactory,
    QualityObjectiveFactory,
    RiskFactory,
)
from tests.quality.helpers import pdf

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def secretary(client, secretary_a):
    client.force_login(secretary_a)
    return client


@pytest.mark.parametrize(
    "name", ["objective_list", "risk_list", "risk_matrix", "action_list", "context_list", "feedback_list"]
)
def test_list_pages_render_empty(secretary, name):
    response = secretary.get(reverse(f"quality:{name}"))
    assert response.status_code == 200
    assert "empty-state" in response.content.decode() or name in ("risk_matrix", "action_list")


def test_secretary_creates_an_objective_from_the_form(secretary, agency_a):
    response = secretary.post(
        reverse("quality:objective_create"),
        {
            "year": THIS_YEAR,
            "statement": "100% hồ sơ đúng hạn",
            "indicator": "Tỷ lệ đúng hạn",
            "source": "manual",
            "comparison": "ge",
            "target": "99,5",
            "measure_unit": "%",
            "frequency": "quarterly",
        },
    )
    objective = QualityObjective.objects.get(agency=agency_a)
    assert response.status_code == 302 and response.url == objective.get_absolute_url()
    assert objective.target == Decimal("99.5")


def test_a_percentage_target_over_100_shows_an_error_on_the_form(secretary, agency_a):
    response = secretary.post(
        reverse("quality:objective_create"),
        {
            "year": THIS_YEAR,
            "statement": "Mục tiêu",
            "indicator": "Tỷ lệ",
            "source": "manual",
            "comparison": "ge",
            "target": "120",
            "measure_unit": "%",
            "frequency": "yearly",
        },
    )
    assert response.status_code == 200
    assert "phải nằm trong khoảng 0–100" in response.content.decode()
    assert not QualityObjective.objects.exists()


def test_staff_gets_403_on_the_objective_form(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("quality:objective_create")).status_code == 403


def test_coordinator_without_an_agency_gets_403_on_create_forms(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("quality:risk_create")).status_code == 403


def test_objective_update_saves_changes(secretary, agency_a):
    objective = QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR)
    response = secretary.post(
        reverse("quality:objective_update", args=[objective.pk]),
        {
            "year": THIS_YEAR,
            "statement": "Mục tiêu đã sửa",
            "indicator": objective.indicator,
            "source": "manual",
            "comparison": "ge",
            "target": "90",
            "measure_unit": "%",
            "frequency": "quarterly",
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.statement, objective.target) == ("Mục tiêu đã sửa", Decimal("90"))


def test_objective_detail_shows_the_trend_data_and_no_data_periods(secretary, agency_a):
    objective = QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR, frequency="yearly")
    response = secretary.get(objective.get_absolute_url())
    content = response.content.decode()
    assert 'id="objective-trend-data"' in content
    assert "chart.umd.min.js" in content
    assert "chưa có dữ liệu" in content


def test_entering_a_value_shows_it_with_its_status(secretary, agency_a):
    objective = QualityObjectiveFactory(
        agency=agency_a, year=THIS_YEAR, frequency="yearly", target=Decimal("95")
    )
    response = secretary.post(
        reverse("quality:indicator_value_enter", args=[objective.pk]),
        {"period_start": f"{THIS_YEAR}-01-01", "value": "97,5", "note": "Báo cáo tháng", "evidence": pdf()},
        follow=True,
    )
    content = response.content.decode()
    assert f"Đã ghi giá trị kỳ Năm {THIS_YEAR}." in content
    assert "97,5 %" in content
    assert 'data-attainment="reached"' in content
    assert IndicatorValue.objects.get(objective=objective).evidence


def test_a_bad_value_is_reported_not_a_500(secretary, agency_a):
    objective = QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR, frequency="yearly")
    url = reverse("quality:indicator_value_enter", args=[objective.pk])
    response = secretary.post(url, {"period_start": f"{THIS_YEAR}-01-01", "value": "abc"}, follow=True)
    assert "Giá trị chưa hợp lệ" in response.content.decode()
    response = secretary.post(url, {"period_start": f"{THIS_YEAR}-01-01", "value": "150"}, follow=True)
    assert "0–100" in response.content.decode()


def test_recalculating_a_closed_period_from_the_page(secretary, agency_a):
    objective = QualityObjectiveFactory(
        agency=agency_a,
        year=THIS_YEAR - 1,
        source="feedback_received",
        measure_unit="số lượng",
        comparison="le",
        target=Decimal("10"),
    )
    secretary.post(reverse("quality:objective_recalculate", args=[objective.pk]))
    assert objective.values.filter(is_final=True).count() == 4
    response = secretary.post(
        reverse("quality:objective_recalculate", args=[objective.pk]),
        {"period_start": f"{THIS_YEAR - 1}-04-01"},
        follow=True,
    )
    assert "được ghi vào nhật ký thay đổi" in response.content.decode()


def test_secretary_adds_a_plan_item_to_an_objective(secretary, agency_a, staff_a):
    objective = QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR)
    secretary.post(
        reverse("quality:objective_action_create", args=[objective.pk]),
        {
            "title": "Rà soát quy trình",
            "owner": staff_a.pk,
            "resources": "2 cán bộ",
            "due_on": "30/06/2026",
            "evaluation_method": "Tỷ lệ đúng hạn quý 3",
        },
    )
    action = Action.objects.get()
    assert action.source == objective and action.due_on == date(2026, 6, 30)


def test_post_only_urls_refuse_get(secretary, agency_a):
    objective = QualityObjectiveFactory(agency=agency_a)
    assert secretary.get(reverse("quality:objective_recalculate", args=[objective.pk])).status_code == 405


def test_secretary_records_scores_and_treats_a_risk(secretary, agency_a, staff_a):
    response = secretary.post(
        reverse("quality:risk_create"),
        {
            "kind": "risk",
            "title": "Thiếu cán bộ một cửa",
            "likelihood": "4",
            "impact": "5",
        },
    )
    risk = Risk.objects.get(agency=agency_a)
    assert response.url == risk.get_absolute_url()
    secretary.post(
        reverse("quality:risk_treatment_add", args=[risk.pk]),
        {
            "action-title": "Tăng cường cán bộ",
            "action-owner": staff_a.pk,
            "action-due_on": "30/06/2026",
        },
    )
    secretary.post(
        reverse("quality:risk_transition", args=[risk.pk, "evaluate"]),
        {
            "evaluate-residual_likelihood": "2",
            "evaluate-residual_impact": "3",
            "evaluate-note": "Đã bổ sung",
        },
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.TREATING and risk.residual_score == 6
    content = secretary.get(risk.get_absolute_url()).content.decode()
    assert "Tăng cường cán bộ" in content and "Rất cao" in content and "Trung bình" in content


def test_a_risk_rating_outside_the_matrix_is_a_form_error(secretary):
    response = secretary.post(
        reverse("quality:risk_create"), {"kind": "risk", "title": "X", "likelihood": "7", "impact": "1"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_heat_map_places_risks_on_their_cell(secretary, agency_a):
    RiskFactory(agency=agency_a, likelihood=5, impact=5)
    content = secretary.get(reverse("quality:risk_matrix")).content.decode()
    assert 'data-cell="5x5"' in content
    assert "Rất cao: 17–25" in content


def test_action_workflow_pages(client, agency_a, staff_a, leader_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a), owner=staff_a)
    client.force_login(staff_a)
    page = client.get(action.get_absolute_url()).content.decode()
    assert reverse("quality:action_transition", args=[action.pk, "complete"]) in page
    assert reverse("quality:action_transition", args=[action.pk, "cancel"]) not in page
    response = client.post(
        reverse("quality:action_transition", args=[action.pk, "complete"]),
        {"complete-completion_note": "Đã làm xong", "complete-evidence": pdf()},
        follow=True,
    )
    assert "Đã báo cáo hoàn thành; hành động chờ kiểm tra hiệu lực." in response.content.decode()
    client.force_login(leader_a)
    client.post(
        reverse("quality:action_transition", args=[action.pk, "verify"]), {"verify-is_effective": "True"}
    )
    action.refresh_from_db()
    assert action.status == Action.Status.VERIFIED
    assert action.evidence.name.endswith(".pdf")


def test_a_bad_completion_is_shown_on_the_page(client, agency_a, staff_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a), owner=staff_a)
    client.force_login(staff_a)
    url = reverse("quality:action_transition", args=[action.pk, "complete"])
    page = client.post(url, {"complete-completion_note": ""}, follow=True).content.decode()
    assert "Trường này là bắt buộc." in page
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    page = client.post(
        url, {"complete-completion_note": "Đã làm", "complete-completed_on": future}, follow=True
    ).content.decode()
    assert "Ngày hoàn thành không được ở tương lai." in page
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_a_verification_needs_a_conclusion(client, agency_a, leader_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a), status="done", completed_on=date(2026, 5, 1))
    client.force_login(leader_a)
    url = reverse("quality:action_transition", args=[action.pk, "verify"])
    assert "Hãy chọn kết luận kiểm tra." in client.post(url, {}, follow=True).content.decode()


def test_staff_cannot_verify(client, agency_a, staff_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a), status="done", completed_on=date(2026, 5, 1))
    client.force_login(staff_a)
    url = reverse("quality:action_transition", args=[action.pk, "verify"])
    assert client.post(url, {"verify-is_effective": "True"}).status_code == 403


def test_transition_urls_refuse_get_and_unknown_names(secretary, agency_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a))
    assert secretary.get(reverse("quality:action_transition", args=[action.pk, "start"])).status_code == 405
    assert secretary.post(reverse("quality:action_transition", args=[action.pk, "close"])).status_code == 404


def test_an_overdue_action_is_marked(secretary, agency_a):
    late = ActionFactory(risk=RiskFactory(agency=agency_a), due_on=timezone.localdate() - timedelta(days=1))
    assert 'data-testid="action-overdue"' in secretary.get(late.get_absolute_url()).content.decode()
    late.status, late.completed_on = Action.Status.DONE, timezone.localdate()
    late.save()
    assert 'data-testid="action-overdue"' not in secretary.get(late.get_absolute_url()).content.decode()


def test_secretary_closes_a_risk_from_its_page(secretary, agency_a):
    risk = RiskFactory(agency=agency_a)
    page = secretary.get(risk.get_absolute_url()).content.decode()
    assert 'data-confirm="Kết thúc theo dõi rủi ro/cơ hội này?"' in page
    secretary.post(
        reverse("quality:risk_transition", args=[risk.pk, "close"]), {"close-note": "Đã kiểm soát"}
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.CLOSED
    page = secretary.get(risk.get_absolute_url()).content.decode()
    assert reverse("quality:risk_transition", args=[risk.pk, "evaluate"]) not in page
    assert 'data-testid="treatment-form"' not in page


def test_a_risk_with_an_open_treatment_shows_why_it_cannot_be_closed(secretary, agency_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a, status=Risk.Status.TREATING))
    page = secretary.get(action.source.get_absolute_url()).content.decode()
    assert "Còn hành động xử lý chưa hoàn thành" in page


def test_context_pages(secretary, agency_a):
    response = secretary.post(
        reverse("quality:context_issue_create"),
        {
            "kind": "external",
            "category": "technology",
            "description": "Chuyển đổi số dịch vụ công",
            "reviewed_on": "15/01/2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    party = InterestedPartyFactory(agency=agency_a, reviewed_on=date(2020, 1, 1))
    secretary.post(reverse("quality:party_review", args=[party.pk]))
    party.refresh_from_db()
    assert party.reviewed_on == timezone.localdate()
    content = secretary.get(reverse("quality:context_list")).content.decode()
    assert "Chuyển đổi số dịch vụ công" in content


def test_feedback_pages_accept_and_reply(secretary, agency_a, staff_a):
    feedback = FeedbackFactory(
        agency=agency_a, received_on=timezone.localdate(), accept_due_on=timezone.localdate()
    )
    secretary.post(
        reverse("quality:feedback_transition", args=[feedback.pk, "accept"]), {"accept-handler": staff_a.pk}
    )
    secretary.post(
        reverse("quality:feedback_transition", args=[feedback.pk, "reply"]),
        {"reply-reply": "Sở đã chấn chỉnh bộ phận."},
    )
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    content = secretary.get(feedback.get_absolute_url()).content.decode()
    assert "Sở đã chấn chỉnh bộ phận." in content
    # The button links by URL name to the improvement app, and is left out while that view is missing.
    try:
        nonconformity_url = reverse("improvement:nonconformity_create")
    except NoReverseMatch:
        assert "Lập điểm không phù hợp" not in content
    else:
        assert f'href="{nonconformity_url}?feedback={feedback.pk}"' in content


def test_the_handler_answers_feedback_from_its_page_and_other_staff_see_no_button(
    client, agency_a, secretary_a, staff_a, officer_a
):
    feedback = FeedbackFactory(agency=agency_a, received_on=timezone.localdate())
    services.feedback_accept(feedback=feedback, actor=secretary_a, handler=staff_a)
    reply_url = reverse("quality:feedback_transition", args=[feedback.pk, "reply"])
    client.force_login(officer_a)
    page = client.get(feedback.get_absolute_url()).content.decode()
    assert reply_url not in page and "Đang chờ xử lý" in page
    assert client.post(reply_url, {"reply-reply": "Trả lời của người khác"}).status_code == 403
    client.force_login(staff_a)
    assert reply_url in client.get(feedback.get_absolute_url()).content.decode()
    client.post(reply_url, {"reply-reply": "Cơ quan đã trả kết quả cho ông."})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED


def test_feedback_past_its_deadline_says_which_one(secretary, agency_a):
    feedback = FeedbackFactory(agency=agency_a, accept_due_on=timezone.localdate() - timedelta(days=1))
    page = secretary.get(feedback.get_absolute_url()).content.decode()
    assert "Đã quá hạn thụ lý" in page
    assert 'data-confirm="Từ chối thụ lý phản ánh này?"' in page


def test_the_feedback_list_filters_open_cases(secretary, agency_a):
    FeedbackFactory(agency=agency_a, content="Phản ánh đang chờ thụ lý của công dân")
    FeedbackFactory(
        agency=agency_a,
        content="Phản ánh đã trả lời xong cho công dân",
        status=Feedback.Status.ANSWERED,
        answered_on=date(2026, 3, 5),
    )
    page = secretary.get(reverse("quality:feedback_list"), {"status": "open"}).content.decode()
    assert "đang chờ thụ lý" in page and "đã trả lời xong" not in page
    assert 'class="btn btn-outline-secondary active" href="?status=open"' in page


def test_officer_records_feedback_from_the_counter(client, officer_a, agency_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("quality:feedback_create"),
        {
            "kind": "suggestion",
            "channel": "counter",
            "category": "facilities",
            "sender_name": "Lê Văn C",
            "content": "Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa.",
        },
    )
    feedback = Feedback.objects.get(agency=agency_a)
    assert response.url == feedback.get_absolute_url()


@pytest.mark.parametrize("rows", [2, 20])
def test_objective_list_query_count_does_not_grow(secretary, agency_a, django_assert_max_num_queries, rows):
    for _ in range(rows):
        IndicatorValueFactory(
            objective=QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR),
            period_start=date(THIS_YEAR, 1, 1),
            period_end=date(THIS_YEAR, 3, 31),
        )
    with django_assert_max_num_queries(14):
        secretary.get(reverse("quality:objective_list"))


@pytest.mark.parametrize("rows", [2, 20])
def test_risk_and_feedback_lists_query_count_does_not_grow(
    secretary, agency_a, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        RiskFactory(agency=agency_a)
        FeedbackFactory(agency=agency_a)
        ContextIssueFactory(agency=agency_a)
    with django_assert_max_num_queries(14):
        secretary.get(reverse("quality:risk_list"))
    with django_assert_max_num_queries(14):
        secretary.get(reverse("quality:feedback_list"))
    with django_assert_max_num_queries(14):
        secretary.get(reverse("quality:context_list"))


@pytest.mark.parametrize("rows", [2, 20])
def test_action_list_query_count_does_not_grow(
    secretary, agency_a, secretary_a, django_assert_max_num_queries, rows
):
    risk = RiskFactory(agency=agency_a)
    for _ in range(rows):
        ActionFactory(risk=risk, owner=secretary_a)
    with django_assert_max_num_queries(12):
        secretary.get(reverse("quality:action_list"))


def test_home_dashboard_shows_the_quality_card(secretary, agency_a):
    RiskFactory(agency=agency_a, likelihood=5, impact=4)
    content = secretary.get(reverse("core:home")).content.decode()
    assert 'data-card="quality_summary"' in content
    assert "1 rủi ro đang theo dõi" in content


def test_home_dashboard_shows_the_current_quality_policy(secretary, agency_a):
    document = DocumentFactory(
        agency=agency_a, kind="quality_policy", code="CS-01", title="Chính sách chất lượng"
    )
    published_version(document, number=2, body="Sở cam kết giải quyết đúng hạn.")
    content = secretary.get(reverse("core:home")).content.decode()
    assert 'data-testid="quality-policy"' in content
    assert "lần ban hành 2" in content and "05/01/2026" in content


def test_home_dashboard_says_when_there_is_no_policy(secretary):
    content = secretary.get(reverse("core:home")).content.decode()
    assert "Cơ quan chưa ban hành chính sách chất lượng." in content


def test_secretary_configures_a_three_level_matrix(secretary, agency_a):
    form = secretary.get(reverse("quality:risk_matrix_update")).content.decode()
    assert 'value="Rất cao"' in form
    response = secretary.post(
        reverse("quality:risk_matrix_update"),
        {
            "size": "3",
            "band_1_label": "Thấp",
            "band_1_max": "2",
            "band_1_colour": "success",
            "band_2_label": "Cao",
            "band_2_max": "9",
            "band_2_colour": "danger",
        },
    )
    assert response.status_code == 302
    content = secretary.get(reverse("quality:risk_matrix")).content.decode()
    assert "Ma trận rủi ro 3×3" in content and "Cao: 3–9" in content


def test_a_matrix_whose_bands_do_not_reach_the_top_is_refused(secretary):
    response = secretary.post(
        reverse("quality:risk_matrix_update"),
        {
            "size": "4",
            "band_1_label": "Thấp",
            "band_1_max": "9",
            "band_1_colour": "success",
        },
    )
    assert "Dải cuối phải kết thúc ở điểm 16" in response.content.decode()


def test_staff_cannot_configure_the_matrix(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("quality:risk_matrix_update")).status_code == 403


def test_coordinator_sees_the_risks_of_every_agency_of_the_province(client, coordinator, agency_a, agency_b):
    RiskFactory(agency=agency_a, title="Rủi ro của Sở A")
    RiskFactory(agency=agency_b, title="Rủi ro của Sở B")
    client.force_login(coordinator)
    content = client.get(reverse("quality:risk_list")).content.decode()
    assert "Rủi ro của Sở A" in content and "Rủi ro của Sở B" in content
    assert agency_b.name in content
    assert "Thêm rủi ro/cơ hội" not in content


def test_objective_page_lists_a_deliberate_recalculation_of_a_closed_period(secretary, agency_a):
    objective = QualityObjectiveFactory(
        agency=agency_a,
        year=THIS_YEAR - 1,
        source="feedback_received",
        measure_unit="số lượng",
        comparison="le",
        target=Decimal("10"),
    )
    secretary.post(reverse("quality:objective_recalculate", args=[objective.pk]))
    FeedbackFactory(agency=agency_a, received_on=date(THIS_YEAR - 1, 2, 3))  # data corrected afterwards
    secretary.post(
        reverse("quality:objective_recalculate", args=[objective.pk]),
        {"period_start": f"{THIS_YEAR - 1}-01-01"},
    )
    content = secretary.get(objective.get_absolute_url()).content.decode()
    history = content[content.index('data-testid="value-history"') :]
    assert "Tính lại kỳ đã chốt" in history and f"Quý 1/{THIS_YEAR - 1}" in history and "0 → 1" in history


def test_objective_list_filters_by_status(secretary, agency_a):
    reached = QualityObjectiveFactory(
        agency=agency_a, year=2025, statement="Mục tiêu đạt", frequency="yearly"
    )
    IndicatorValueFactory(
        objective=reached,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        label="Năm 2025",
        value=Decimal("99"),
    )
    QualityObjectiveFactory(agency=agency_a, year=2025, statement="Mục tiêu chưa đo", frequency="yearly")
    content = secretary.get(
        reverse("quality:objective_list"), {"year": 2025, "status": "reached"}
    ).content.decode()
    assert "Mục tiêu đạt" in content and "Mục tiêu chưa đo" not in content
