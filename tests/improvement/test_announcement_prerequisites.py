"""The announcement's prerequisites as one ordered check (QĐ 19/2014 Điều 4; issue 17 item 4):
documents applied → internal audit (within 12 months) → management review → effectiveness
confirmed → announcement, and a scope that covers every competent TTHC. Each step has its date
and a link on the page; a refusal names the step that is missing."""

import datetime
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.documents.models import Document
from eiso.improvement import selectors, services
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview
from tests.documents.factories import DocumentFactory, published_version
from tests.improvement.factories import AuditProgrammeFactory, InternalAuditFactory, ManagementReviewFactory
from tests.procedures.factories import CompetenceFactory, ProcessFactory

pytestmark = pytest.mark.django_db

APPLIED = date(2026, 1, 5)
AUDIT_START, AUDIT_REPORTED = date(2026, 5, 4), date(2026, 5, 11)
REVIEW = date(2026, 6, 1)
CONFIRMED = date(2026, 6, 5)
DECIDED = date(2026, 6, 10)


def _moment(day: date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _apply(document, day: date = APPLIED):
    version = published_version(document=document)
    version.effective_on = day
    version.save(update_fields=["effective_on"])
    return document


def _process(agency, day: date = APPLIED):
    process = ProcessFactory(agency=agency)
    _apply(process.document, day)
    return process


def _documents(agency, day: date = APPLIED):
    for kind in (Document.Kind.QUALITY_POLICY, Document.Kind.QUALITY_OBJECTIVES):
        _apply(DocumentFactory(agency=agency, kind=kind), day)
    return _process(agency, day)


def _audit(agency, leader, start: date = AUDIT_START, reported: date = AUDIT_REPORTED):
    return InternalAuditFactory(
        programme=AuditProgrammeFactory(agency=agency, year=start.year),
        status=InternalAudit.Status.REPORTED,
        planned_start_on=start,
        planned_end_on=start,
        reported_on=reported,
        lead_auditor=leader,
    )


def _review(agency, leader, held: date = REVIEW):
    return ManagementReviewFactory(
        agency=agency,
        chair=leader,
        status=ManagementReview.Status.HELD,
        held_on=held,
        inputs_frozen_at=timezone.now(),
    )


def _chain(agency, leader):
    """Every step in order, effectiveness confirmed on CONFIRMED."""
    process = _documents(agency)
    audit = _audit(agency, leader)
    review = _review(agency, leader)
    services.lifecycle_confirm_effectiveness(agency=agency, actor=leader, today=CONFIRMED)
    return process, audit, review


def _announce(agency, secretary, decided_on: date = DECIDED, at: date | None = None):
    draft = services.announcement_prepare(agency=agency, actor=secretary)
    return services.announcement_announce(
        announcement=draft,
        actor=secretary,
        number="15/QĐ-SKHCN",
        decided_on=decided_on,
        signer_name="Trần Văn Bình",
        signer_position="Giám đốc",
        at=_moment(at or decided_on),
    )


def test_the_five_steps_in_order_each_with_its_date_and_link(agency_a, leader_a):
    process, audit, review = _chain(agency_a, leader_a)
    steps = selectors.announcement_prerequisites(agency_a, on=DECIDED)
    assert [step.step for step in steps] == [1, 2, 3, 4, 5]
    assert all(step.met for step in steps), [step.problem for step in steps]
    assert [step.day for step in steps[:4]] == [APPLIED, AUDIT_REPORTED, REVIEW, CONFIRMED]
    assert steps[0].url == process.document.get_absolute_url()
    assert steps[1].url == audit.get_absolute_url() and audit.code in steps[1].found
    assert steps[2].url == review.get_absolute_url()
    assert "04/05/2026" in steps[1].found and "11/05/2026" in steps[1].found


def test_secretary_announces_when_the_chain_holds_and_the_scope_of_that_day_is_frozen(
    agency_a, leader_a, secretary_a
):
    process, *_ = _chain(agency_a, leader_a)
    later = _process(agency_a, date(2026, 7, 1))  # in force after the decision: not in its scope
    decision = _announce(agency_a, secretary_a)
    assert decision.status == Announcement.Status.ANNOUNCED
    assert [p["code"] for p in decision.scope["processes"]] == [process.document.code]
    assert selectors.scope_change(agency_a)["added"][0]["code"] == later.document.code


def test_an_audit_older_than_the_documents_is_refused_naming_the_audit_step(agency_a, leader_a, secretary_a):
    _chain(agency_a, leader_a)
    added = _process(agency_a, date(2026, 6, 7))  # a procedure applied after the audit
    with pytest.raises(DomainError) as refusal:
        _announce(agency_a, secretary_a)
    message = refusal.value.message
    assert message.startswith("Chưa công bố được: Bước 2 (đánh giá nội bộ sau khi áp dụng, trong 12 tháng):")
    assert "diễn ra trước khi tài liệu được áp dụng đầy đủ (07/06/2026)" in message
    assert Announcement.objects.get(agency=agency_a).status == Announcement.Status.DRAFT
    step = selectors.announcement_prerequisites(agency_a, on=DECIDED)[0]
    assert step.met and step.day == date(2026, 6, 7) and step.url == added.document.get_absolute_url()


def test_an_audit_of_more_than_twelve_months_is_refused(agency_a, leader_a, secretary_a):
    _chain(agency_a, leader_a)
    with pytest.raises(DomainError, match=r"Bước 2 .*đã quá 12 tháng tính đến ngày 12/05/2027"):
        _announce(agency_a, secretary_a, decided_on=date(2027, 5, 12))


def test_a_review_held_before_the_audit_report_does_not_count(agency_a, leader_a):
    _documents(agency_a)
    _audit(agency_a, leader_a)
    _review(agency_a, leader_a, held=date(2026, 5, 8))
    steps = selectors.announcement_prerequisites(agency_a, on=DECIDED)
    assert not steps[2].met
    assert "trước khi có báo cáo đánh giá nội bộ" in steps[2].problem
    with pytest.raises(DomainError, match=r"Chưa xác nhận hiệu lực được: Bước 3 \(xem xét của lãnh đạo"):
        services.lifecycle_confirm_effectiveness(agency=agency_a, actor=leader_a, today=CONFIRMED)


def test_effectiveness_confirmed_before_the_last_review_is_refused(agency_a, leader_a, secretary_a):
    _chain(agency_a, leader_a)
    _review(agency_a, leader_a, held=date(2026, 6, 8))  # a new review after the confirmation
    with pytest.raises(DomainError, match=r"Bước 4 \(người đứng đầu xác nhận hiệu lực sau xem xét\)"):
        _announce(agency_a, secretary_a)


def test_a_decision_dated_before_the_confirmation_is_refused(agency_a, leader_a, secretary_a):
    _chain(agency_a, leader_a)
    with pytest.raises(DomainError, match="Bước 4 .*sau ngày 04/06/2026"):
        _announce(agency_a, secretary_a, decided_on=date(2026, 6, 4), at=DECIDED)


def test_a_scope_that_misses_a_competent_tthc_is_refused_naming_it(agency_a, leader_a, secretary_a):
    process, *_ = _chain(agency_a, leader_a)
    covered = CompetenceFactory(agency=agency_a, procedure__current__name="Cấp Phiếu lý lịch tư pháp")
    process.procedures.add(covered.procedure)
    missing = CompetenceFactory(agency=agency_a, procedure__current__name="Cấp Thẻ công chứng viên").procedure
    with pytest.raises(DomainError) as refusal:
        _announce(agency_a, secretary_a)
    assert refusal.value.message == (
        "Chưa công bố được: Bước 5 (phạm vi bao trùm mọi TTHC thuộc thẩm quyền): Phạm vi chưa có quy trình "
        f"cho 1 TTHC thuộc thẩm quyền: {missing.code} Cấp Thẻ công chứng viên."
    )
    step = selectors.announcement_prerequisites(agency_a, on=DECIDED)[4]
    assert not step.met and step.found == "1/2 TTHC thuộc thẩm quyền có quy trình trong phạm vi."
    assert step.url == reverse("procedures:process_list")
    # A process for it, applied before the audit, completes the scope.
    _process(agency_a).procedures.add(missing)
    assert _announce(agency_a, secretary_a).status == Announcement.Status.ANNOUNCED


def test_nothing_done_names_every_step(agency_a):
    missing = selectors.announcement_missing(agency_a, on=DECIDED)
    assert [line.split(" (")[0] for line in missing] == ["Bước 1", "Bước 2", "Bước 3", "Bước 4"]


def test_the_page_shows_each_step_with_its_date_and_link(client, secretary_a, agency_a, leader_a):
    process, audit, review = _chain(agency_a, leader_a)
    _process(agency_a, date(2026, 12, 1))  # applied after the audit: step 2 now fails
    client.force_login(secretary_a)
    page = client.get(reverse("improvement:announcement_list")).content.decode()
    assert 'data-testid="prerequisite-1" data-met="yes"' in page
    assert 'data-testid="prerequisite-2" data-met="no"' in page
    assert "01/12/2026" in page and "11/05/2026" in page and "01/06/2026" in page and "05/06/2026" in page
    assert f'href="{audit.get_absolute_url()}"' in page and f'href="{review.get_absolute_url()}"' in page
    assert "cần đánh giá nội bộ sau khi áp dụng" in page
    assert 'data-testid="missing"' in page
