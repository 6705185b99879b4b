"""The one Action workflow (risk treatments, objective plans, corrective actions, review outputs):
start, complete with evidence, verify, cancel; who may run each, and what the audit trail keeps."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.quality import services
from eiso.quality.models import Action
from tests.quality.factories import ActionFactory, RiskFactory
from tests.quality.helpers import last_entry, on, pdf

pytestmark = pytest.mark.django_db


def action_of(agency, **values) -> Action:
    return ActionFactory(risk=RiskFactory(agency=agency), **values)


def done(agency, **values) -> Action:
    return action_of(agency, status=Action.Status.DONE, completed_on=date(2026, 5, 4), **values)


def test_the_owner_completes_an_action_with_evidence_and_the_leader_verifies_it(agency_a, staff_a, leader_a):
    action = action_of(agency_a, owner=staff_a)
    services.action_start(action=action, actor=staff_a)
    assert last_entry("action.start").changes == {"status": ["open", "in_progress"]}
    services.action_complete(
        action=action,
        actor=staff_a,
        completion_note="Đã bố trí 2 cán bộ",
        evidence=pdf(),
        at=on(date(2026, 6, 1)),
    )
    assert action.status == Action.Status.DONE
    assert action.completed_on == date(2026, 6, 1)
    entry = last_entry("action.complete")
    assert entry.changes["status"] == ["in_progress", "done"]
    assert entry.changes["evidence"] == [None, action.evidence.name]
    assert action.evidence.name.startswith(f"quality/actions/{agency_a.pk}/bang-chung")
    services.action_verify(action=action, actor=leader_a, is_effective=True, at=on(date(2026, 7, 1)))
    action.refresh_from_db()
    assert action.status == Action.Status.VERIFIED
    assert (action.verified_by, action.verified_on) == (leader_a, date(2026, 7, 1))
    assert last_entry("action.verify").changes["status"] == ["done", "verified"]


def test_an_action_may_be_completed_without_being_started(agency_a, secretary_a):
    action = action_of(agency_a)
    services.action_complete(action=action, actor=secretary_a, completion_note="Đã làm")
    assert action.status == Action.Status.DONE and action.completed_on == timezone.localdate()
    assert not action.evidence


def test_an_ineffective_action_goes_back_to_work(agency_a, secretary_a):
    action = action_of(agency_a)
    services.action_complete(action=action, actor=secretary_a, completion_note="Đã làm")
    with pytest.raises(DomainError, match="lý do"):
        services.action_verify(action=action, actor=secretary_a, is_effective=False)
    services.action_verify(action=action, actor=secretary_a, is_effective=False, note="Vẫn còn hồ sơ trễ")
    assert action.status == Action.Status.IN_PROGRESS
    assert action.completed_on is None
    assert last_entry("action.verify").changes["status"] == ["done", "in_progress"]
    services.action_complete(action=action, actor=secretary_a, completion_note="Đã làm lại")
    assert action.status == Action.Status.DONE


def test_the_completion_date_may_be_in_the_past_not_in_the_future(agency_a, secretary_a):
    action = action_of(agency_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="tương lai"):
        services.action_complete(
            action=action, actor=secretary_a, completion_note="Đã làm", completed_on=tomorrow
        )
    services.action_complete(
        action=action, actor=secretary_a, completion_note="Đã làm", completed_on=date(2026, 1, 5)
    )
    assert action.completed_on == date(2026, 1, 5)


def test_evidence_that_is_not_what_its_name_says_is_refused(agency_a, secretary_a):
    action = action_of(agency_a)
    fake = SimpleUploadedFile("bang-chung.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="không phải là tệp"):
        services.action_complete(action=action, actor=secretary_a, completion_note="Đã làm", evidence=fake)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and not action.evidence


def test_other_staff_may_not_complete_someone_elses_action(agency_a, staff_a, secretary_a):
    action = action_of(agency_a, owner=secretary_a)
    with pytest.raises(PermissionDenied):
        services.action_complete(action=action, actor=staff_a, completion_note="Đã làm")
    with pytest.raises(PermissionDenied):
        services.action_start(action=action, actor=staff_a)


def test_the_owner_may_not_verify_or_cancel_their_own_action(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.action_verify(action=done(agency_a, owner=staff_a), actor=staff_a, is_effective=True)
    with pytest.raises(PermissionDenied):
        services.action_cancel(action=action_of(agency_a, owner=staff_a), actor=staff_a, reason="Thôi")


def test_completion_needs_a_note_and_an_open_action(agency_a, secretary_a):
    action = action_of(agency_a)
    with pytest.raises(DomainError, match="kết quả thực hiện"):
        services.action_complete(action=action, actor=secretary_a, completion_note="  ")
    services.action_complete(action=action, actor=secretary_a, completion_note="Đã làm")
    with pytest.raises(DomainError, match="đang ở trạng thái “đã hoàn thành, chờ kiểm tra”"):
        services.action_complete(action=action, actor=secretary_a, completion_note="Lần nữa")
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.action_update(action=action, actor=secretary_a, title="Sửa")


def test_only_a_completed_action_is_verified(agency_a, secretary_a):
    with pytest.raises(DomainError, match="đang ở trạng thái “chưa thực hiện”"):
        services.action_verify(action=action_of(agency_a), actor=secretary_a, is_effective=True)


def test_cancelling_needs_a_reason_and_an_action_still_to_do(agency_a, secretary_a):
    action = action_of(agency_a)
    with pytest.raises(DomainError, match="lý do hủy"):
        services.action_cancel(action=action, actor=secretary_a, reason="")
    services.action_cancel(action=action, actor=secretary_a, reason="Không còn cần thiết")
    assert action.status == Action.Status.CANCELLED and action.is_cancelled
    assert last_entry("action.cancel").changes == {
        "status": ["open", "cancelled"],
        "reason": [None, "Không còn cần thiết"],
    }
    with pytest.raises(DomainError, match="đang ở trạng thái “đã hủy”"):
        services.action_cancel(action=action, actor=secretary_a, reason="Lần nữa")
    with pytest.raises(DomainError, match="chờ kiểm tra"):
        services.action_cancel(action=done(agency_a), actor=secretary_a, reason="Muộn")


def test_an_action_owner_must_work_in_the_agency(agency_a, secretary_a, staff_b):
    with pytest.raises(DomainError, match="người của cơ quan"):
        services.risk_add_treatment(
            risk=RiskFactory(agency=agency_a),
            actor=secretary_a,
            title="X",
            due_on=date(2026, 6, 1),
            owner=staff_b,
        )


def test_action_update_records_the_new_deadline(agency_a, secretary_a):
    action = action_of(agency_a)
    services.action_update(action=action, actor=secretary_a, due_on=date(2026, 9, 30))
    assert last_entry("action.update").changes == {"due_on": ["2026-06-30", "2026-09-30"]}


def test_overdue_means_still_to_do_after_the_due_date(agency_a):
    action = action_of(agency_a, due_on=date(2026, 6, 30))
    assert not action.is_overdue(date(2026, 6, 30))
    assert action.is_overdue(date(2026, 7, 1))
    assert not done(agency_a, due_on=date(2026, 6, 30)).is_overdue(date(2026, 7, 1))
