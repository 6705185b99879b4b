import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.improvement import selectors, services
from eiso.improvement.models import ManagementReview
from eiso.quality.models import Action, CultureRecord
from tests.improvement.factories import ManagementReviewFactory, NonconformityFactory
from tests.quality.factories import CultureRecordFactory, FeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def section(review, key):
    return next(s for s in review.inputs if s["key"] == key)


def hold(review, leader):
    return services.review_hold(
        review=review,
        actor=leader,
        held_on=TODAY,
        participants="Giám đốc, các trưởng phòng",
        conclusions="Hệ thống vận hành có hiệu lực.",
        notes={"resources": "Đủ nhân lực một cửa."},
    )


def test_secretary_plans_a_review(agency_a, secretary_a, leader_a):
    review = services.review_plan(
        agency=agency_a,
        actor=secretary_a,
        title="Xem xét năm 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 10, 31),
        planned_on=datetime.date(2026, 11, 10),
        chair=leader_a,
    )
    assert review.status == ManagementReview.Status.PLANNED
    with pytest.raises(DomainError, match="ngày kết thúc"):
        services.review_plan(
            agency=agency_a,
            actor=secretary_a,
            title="x",
            period_start=datetime.date(2026, 2, 1),
            period_end=datetime.date(2026, 1, 1),
            planned_on=TODAY,
            chair=leader_a,
        )


def test_inputs_cover_every_932_item(agency_a):
    sections = selectors.review_inputs_compile(
        agency=agency_a, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)
    )
    assert [s["key"] for s in sections] == [
        "previous_actions",
        "context",
        "feedback",
        "objectives",
        "process_performance",
        "nonconformities",
        "monitoring",
        "audits",
        "providers",
        "resources",
        "risks",
        "culture",
        "improvement",
    ]


def test_the_culture_and_ethics_records_of_the_period_are_an_input(agency_a):
    CultureRecordFactory(
        agency=agency_a,
        kind=CultureRecord.Kind.AWARENESS,
        title="Phổ biến quy tắc ứng xử",
        recorded_on=datetime.date(2026, 3, 5),
        participants=42,
    )
    CultureRecordFactory(agency=agency_a, recorded_on=datetime.date(2025, 12, 31))  # before the period
    sections = selectors.review_inputs_compile(
        agency=agency_a, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)
    )
    culture = next(s for s in sections if s["key"] == "culture")
    assert culture["lines"] == [
        "1 hồ sơ trong kỳ — Phổ biến, nâng cao nhận thức: 1",
        "Phổ biến, nâng cao nhận thức (05/03/2026): Phổ biến quy tắc ứng xử — 42 người tham gia",
    ]


def test_dossier_figures_are_a_labelled_gap_without_dossier_indicators(agency_a, monkeypatch):
    monkeypatch.setattr(selectors, "dossier_selectors", lambda: None)
    sections = selectors.review_inputs_compile(
        agency=agency_a, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)
    )
    performance = next(s for s in sections if s["key"] == "process_performance")
    assert performance["lines"] == []
    assert "Chưa có số liệu hồ sơ" in performance["gap"]


def test_leader_holds_review_and_inputs_are_frozen(agency_a, leader_a):
    review = ManagementReviewFactory(
        agency=agency_a, period_start=datetime.date(2026, 1, 1), period_end=TODAY, chair=leader_a
    )
    FeedbackFactory(agency=agency_a, received_on=TODAY)
    NonconformityFactory(agency=agency_a, detected_on=TODAY)
    hold(review, leader_a)
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD
    assert review.inputs_frozen_at is not None
    assert section(review, "feedback")["lines"][0].startswith("1 phản ánh")
    assert section(review, "nonconformities")["lines"][0].startswith("1 điểm không phù hợp")
    assert section(review, "resources")["note"] == "Đủ nhân lực một cửa."
    assert AuditEntry.objects.filter(action="management_review.hold", target_id=str(review.pk)).exists()

    FeedbackFactory(agency=agency_a, received_on=TODAY)
    NonconformityFactory(agency=agency_a, detected_on=TODAY)
    review.refresh_from_db()
    assert section(review, "feedback")["lines"][0].startswith("1 phản ánh")
    assert section(review, "nonconformities")["lines"][0].startswith("1 điểm không phù hợp")


def test_held_review_cannot_be_edited_or_held_again(agency_a, leader_a, secretary_a):
    review = ManagementReviewFactory(agency=agency_a, chair=leader_a)
    hold(review, leader_a)
    with pytest.raises(DomainError, match="đầu vào đã được chốt"):
        services.review_update(review=review, actor=secretary_a, period_start=datetime.date(2025, 1, 1))
    with pytest.raises(DomainError, match="đang ở trạng thái “đã họp”"):
        hold(review, leader_a)
    assert AuditEntry.objects.filter(action="management_review.hold").count() == 1


def test_a_meeting_is_not_held_in_the_future(agency_a, leader_a):
    review = ManagementReviewFactory(agency=agency_a, chair=leader_a)
    with pytest.raises(DomainError, match="tương lai"):
        services.review_hold(
            review=review,
            actor=leader_a,
            held_on=TODAY + datetime.timedelta(days=1),
            participants="Giám đốc",
            conclusions="Có hiệu lực.",
        )
    assert review.status == ManagementReview.Status.PLANNED


def test_only_the_leader_holds_the_review(agency_a, secretary_a):
    review = ManagementReviewFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        hold(review, secretary_a)


def test_outputs_become_actions_after_the_meeting(agency_a, leader_a, secretary_a, staff_a):
    review = ManagementReviewFactory(agency=agency_a, chair=leader_a)
    with pytest.raises(DomainError, match="sau khi cuộc họp"):
        services.review_add_output(review=review, actor=secretary_a, title="x", due_on=TODAY, owner=staff_a)
    hold(review, leader_a)
    action = services.review_add_output(
        review=review, actor=secretary_a, title="Bổ sung một cán bộ một cửa", due_on=TODAY, owner=staff_a
    )
    assert action.source == review
    assert Action.objects.filter(**Action.source_filter(review)).count() == 1


def test_previous_review_actions_feed_the_next_review(agency_a, leader_a, secretary_a, staff_a):
    first = ManagementReviewFactory(agency=agency_a, chair=leader_a)
    hold(first, leader_a)
    services.review_add_output(
        review=first, actor=secretary_a, title="Đào tạo đánh giá viên", due_on=TODAY, owner=staff_a
    )
    second = ManagementReviewFactory(agency=agency_a, chair=leader_a)
    hold(second, leader_a)
    lines = section(second, "previous_actions")["lines"]
    assert lines[0].startswith("1 hành động")
    assert "Đào tạo đánh giá viên" in lines[1]
