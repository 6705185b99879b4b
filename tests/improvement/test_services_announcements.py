import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.improvement import selectors, services
from eiso.improvement.models import Announcement, QmsLifecycle
from tests.improvement.helpers import announcement_ready, in_force_process

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def announce(announcement, actor, number="15/QĐ-STP"):
    return services.announcement_announce(
        announcement=announcement,
        actor=actor,
        number=number,
        decided_on=TODAY,
        signer_name="Trần Văn Bình",
        signer_position="Giám đốc",
    )


def test_missing_prerequisites_are_named(agency_a):
    missing = selectors.announcement_missing(agency_a)
    assert any("chính sách chất lượng" in line for line in missing)
    assert any("mục tiêu chất lượng" in line for line in missing)
    assert any("Phạm vi chưa có quy trình" in line for line in missing)
    assert any("đánh giá nội bộ" in line for line in missing)
    assert any("xem xét của lãnh đạo" in line for line in missing)
    assert any("xác nhận hiệu lực" in line for line in missing)


def test_announcement_without_prerequisites_is_refused(agency_a, secretary_a):
    in_force_process(agency_a)
    draft = services.announcement_prepare(agency=agency_a, actor=secretary_a)
    with pytest.raises(
        DomainError, match="Chưa công bố được: .*đánh giá nội bộ.*xem xét của lãnh đạo.*xác nhận hiệu lực"
    ):
        announce(draft, secretary_a)
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.DRAFT


def test_effectiveness_confirmation_needs_audit_and_review(agency_a, leader_a, secretary_a):
    with pytest.raises(DomainError, match="đánh giá nội bộ"):
        services.lifecycle_confirm_effectiveness(agency=agency_a, actor=leader_a)
    with pytest.raises(PermissionDenied):
        services.lifecycle_confirm_effectiveness(agency=agency_a, actor=secretary_a)


def test_secretary_announces_when_ready(agency_a, secretary_a, leader_a):
    announcement_ready(agency_a, leader_a)
    draft = services.announcement_prepare(agency=agency_a, actor=secretary_a)
    assert draft.kind == Announcement.Kind.FIRST
    announce(draft, secretary_a)
    assert draft.status == Announcement.Status.ANNOUNCED
    assert len(draft.scope["processes"]) == 1
    assert selectors.lifecycle_for(agency_a).stage == QmsLifecycle.Stage.ANNOUNCED
    assert AuditEntry.objects.filter(action="announcement.announce", target_id=str(draft.pk)).exists()


def test_notices_are_not_dated_before_the_decision(agency_a, secretary_a, leader_a):
    announcement_ready(agency_a, leader_a)
    decision = announce(services.announcement_prepare(agency=agency_a, actor=secretary_a), secretary_a)
    with pytest.raises(DomainError, match="không được trước ngày quyết định"):
        services.announcement_record_notices(
            announcement=decision, actor=secretary_a, notice_sent_on=TODAY - datetime.timedelta(days=1)
        )
    services.announcement_record_notices(
        announcement=decision,
        actor=secretary_a,
        notice_reference="120/STP-VP",
        notice_sent_on=TODAY,
        website_url="https://stp.hatinh.gov.vn/iso",
    )
    assert decision.notice_reference == "120/STP-VP"
    entry = AuditEntry.objects.get(action="announcement.record_notices")
    assert entry.changes["notice_reference"] == ["", "120/STP-VP"]


def test_notices_are_recorded_only_for_the_decision_in_force(agency_a, secretary_a):
    draft = services.announcement_prepare(agency=agency_a, actor=secretary_a)
    with pytest.raises(DomainError, match="đang ở trạng thái “dự thảo”"):
        services.announcement_record_notices(announcement=draft, actor=secretary_a, notice_reference="1")


def test_scope_change_flags_reannouncement_and_prepares_new_decision(agency_a, secretary_a, leader_a):
    announcement_ready(agency_a, leader_a)
    announce(services.announcement_prepare(agency=agency_a, actor=secretary_a), secretary_a)
    with pytest.raises(DomainError, match="chưa cần công bố lại"):
        services.announcement_prepare(agency=agency_a, actor=secretary_a)
    added = in_force_process(agency_a)
    lifecycle = services.lifecycle_check_scope(agency=agency_a)
    assert lifecycle.needs_reannouncement
    assert added.document.code in lifecycle.reannouncement_reason
    draft = services.announcement_prepare(agency=agency_a, actor=secretary_a)
    assert draft.kind == Announcement.Kind.EXPAND
    assert "Bổ sung" in draft.change_note
    announce(draft, secretary_a, number="40/QĐ-STP")
    assert Announcement.objects.filter(agency=agency_a, status=Announcement.Status.SUPERSEDED).count() == 1
    assert not selectors.lifecycle_for(agency_a).needs_reannouncement


def test_merger_flags_reannouncement(agency_a, secretary_a, leader_a):
    lifecycle = services.lifecycle_check_scope(agency=agency_a, reason="Hợp nhất Sở Tư pháp và Sở Nội vụ")
    assert lifecycle.needs_reannouncement
    assert "Hợp nhất" in lifecycle.reannouncement_reason


def test_command_flags_agencies_after_a_merger(agency_a, agency_b, province, capsys):
    import datetime

    from django.core.management import call_command

    from eiso.orgs.models import AgencyLineage
    from tests.improvement.factories import AnnouncementFactory

    AnnouncementFactory(
        agency=agency_a, status="announced", number="3/QĐ", decided_on=datetime.date(2024, 5, 2)
    )
    AgencyLineage.objects.create(
        province=province,
        predecessor=agency_b,
        successor=agency_a,
        kind="merge",
        effective_on=datetime.date(2025, 7, 1),
        decision="NQ 1/2025",
    )
    call_command("check_qms_scope")
    lifecycle = selectors.lifecycle_for(agency_a)
    assert lifecycle.needs_reannouncement
    assert agency_b.name in lifecycle.reannouncement_reason
    assert "1 cơ quan cần công bố lại" in capsys.readouterr().out


def test_reading_the_lifecycle_never_creates_it(agency_a):
    lifecycle = selectors.lifecycle_for(agency_a)
    assert lifecycle.pk is None and lifecycle.stage == QmsLifecycle.Stage.BUILD
    assert selectors.announcement_missing(agency_a)
    assert selectors.current_scope(agency_a)["internal_activities"] == ""
    assert not QmsLifecycle.objects.filter(agency=agency_a).exists()


def test_the_dashboard_of_an_agency_without_a_lifecycle_writes_nothing(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    assert client.get("/").status_code == 200
    assert not QmsLifecycle.objects.filter(agency=agency_a).exists()


def test_the_first_service_that_records_on_the_lifecycle_creates_it(agency_a, secretary_a):
    services.lifecycle_update(agency=agency_a, actor=secretary_a, internal_activities="Tiếp công dân.")
    stored = QmsLifecycle.objects.get(agency=agency_a)
    assert stored.stage == QmsLifecycle.Stage.APPLY
    assert selectors.lifecycle_for(agency_a) == stored
