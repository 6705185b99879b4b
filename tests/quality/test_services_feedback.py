"""Citizens' feedback: submission without login, deadlines in working days, accept/refuse, reply."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import CalendarDay, WorkCalendar
from eiso.quality import selectors, services
from eiso.quality.models import Feedback
from tests.quality.factories import FeedbackFactory
from tests.quality.helpers import last_entry, on

pytestmark = pytest.mark.django_db

CITIZEN = {
    "kind": "complaint",
    "category": "delay",
    "content": "Hồ sơ khai sinh của tôi bị trễ hẹn 3 ngày.",
    "sender_name": "Trần Thị Bình",
    "sender_phone": "0912345678",
    "dossier_code": "000.00.18.H42-260302-0001",
}


def test_a_citizen_submits_feedback_without_login(agency_a):
    feedback = services.feedback_submit(agency=agency_a, today=date(2026, 3, 2), **CITIZEN)
    assert feedback.channel == Feedback.Channel.PORTAL
    assert feedback.code.startswith("PA26-") and len(feedback.code) == 13
    assert feedback.accept_due_on == date(2026, 3, 4)
    entry = last_entry("feedback.receive")
    assert entry.actor is None and entry.agency == agency_a


def test_the_acceptance_deadline_skips_tet(agency_a):
    feedback = services.feedback_submit(agency=agency_a, today=date(2026, 2, 13), **CITIZEN)
    assert feedback.accept_due_on == date(2026, 2, 24)


def test_a_compensatory_day_off_of_the_province_is_skipped(agency_a):
    calendar = WorkCalendar.objects.create(province=agency_a.province)
    CalendarDay.objects.create(calendar=calendar, date=date(2026, 3, 3), kind="day_off", name="Nghỉ bù")
    feedback = services.feedback_submit(agency=agency_a, today=date(2026, 3, 2), **CITIZEN)
    assert feedback.accept_due_on == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("field", "value", "message"), [("content", "ngắn", "10 ký tự"), ("sender_name", " ", "họ tên")]
)
def test_empty_feedback_is_refused(agency_a, field, value, message):
    with pytest.raises(DomainError, match=message):
        services.feedback_submit(agency=agency_a, **{**CITIZEN, field: value})


def test_staff_records_feedback_from_the_counter(agency_a, officer_a):
    feedback = services.feedback_record(agency=agency_a, actor=officer_a, channel="counter", **CITIZEN)
    assert feedback.recorded_by == officer_a


def test_a_member_of_another_agency_may_not_record_feedback(agency_a, staff_b):
    with pytest.raises(PermissionDenied):
        services.feedback_record(agency=agency_a, actor=staff_b, channel="counter", **CITIZEN)


def test_secretary_accepts_then_the_handler_replies(agency_a, secretary_a, staff_a, unit_a):
    feedback = FeedbackFactory(agency=agency_a)
    services.feedback_accept(
        feedback=feedback, actor=secretary_a, handler=staff_a, unit=unit_a, at=on(date(2026, 3, 3))
    )
    assert feedback.handle_due_on == date(2026, 3, 24)
    entry = last_entry("feedback.accept")
    assert entry.changes["status"] == ["received", "accepted"]
    assert entry.changes["handler_id"] == [None, staff_a.pk]
    services.feedback_reply(
        feedback=feedback,
        actor=staff_a,
        reply="Đã trả kết quả và xin lỗi công dân.",
        at=on(date(2026, 3, 10)),
    )
    assert feedback.status == Feedback.Status.ANSWERED
    assert last_entry("feedback.reply").actor == staff_a
    assert feedback.was_handled_on_time() is True
    found = selectors.feedback_lookup(code=feedback.code.lower())
    assert found.reply == "Đã trả kết quả và xin lỗi công dân."


def test_refusal_needs_a_reason(agency_a, secretary_a):
    feedback = FeedbackFactory(agency=agency_a)
    with pytest.raises(DomainError, match="lý do"):
        services.feedback_refuse(feedback=feedback, actor=secretary_a, reason="")
    services.feedback_refuse(
        feedback=feedback, actor=secretary_a, reason="Không thuộc thẩm quyền của Sở.", at=on(date(2026, 3, 5))
    )
    assert feedback.status == Feedback.Status.REFUSED
    assert last_entry("feedback.refuse").changes["status"] == ["received", "refused"]
    assert feedback.was_handled_on_time() is False  # refused after the 2-day limit (04/03)


def test_reply_only_to_accepted_feedback(agency_a, secretary_a):
    with pytest.raises(DomainError, match="đang ở trạng thái “mới tiếp nhận”"):
        services.feedback_reply(
            feedback=FeedbackFactory(agency=agency_a), actor=secretary_a, reply="Trả lời dài đủ"
        )


def test_staff_who_is_not_the_handler_may_not_reply(agency_a, secretary_a, staff_a):
    feedback = FeedbackFactory(agency=agency_a)
    services.feedback_accept(feedback=feedback, actor=secretary_a, at=on(date(2026, 3, 3)))
    with pytest.raises(PermissionDenied):
        services.feedback_reply(feedback=feedback, actor=staff_a, reply="Trả lời dài đủ")


def test_overdue_follows_the_current_deadline(agency_a):
    feedback = FeedbackFactory(agency=agency_a, accept_due_on=date(2026, 3, 4))
    assert not feedback.is_overdue(date(2026, 3, 4))
    assert feedback.is_overdue(date(2026, 3, 5))
