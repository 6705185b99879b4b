"""Services of document versions: each transition, its guards, the wrong role and the audit entry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.documents import hooks, services
from eiso.documents.models import Acknowledgement, ApprovalSignoff, Approver, DocumentVersion
from tests.documents.factories import DocumentVersionFactory, published_version
from tests.hostile_files import docx_bytes

pytestmark = pytest.mark.django_db
Status = DocumentVersion.Status


def _draft(document, author, **kwargs):
    return DocumentVersionFactory(document=document, author=author, number=kwargs.pop("number", 1), **kwargs)


def _in_review(document, author):
    version = _draft(document, author)
    return services.version_submit(version=version, actor=author)


# --- create draft --------------------------------------------------------------------------------


def test_staff_creates_first_draft(document_a, staff_a, audit_actions):
    version = services.version_create_draft(document=document_a, actor=staff_a, body="<p>Mục đích</p>")
    assert (version.number, version.status, version.author, version.agency) == (
        1,
        Status.DRAFT,
        staff_a,
        document_a.agency,
    )
    assert audit_actions(version) == ["document_version.create"]


def test_new_draft_starts_from_current_version(document_a, secretary_a):
    published_version(document_a, number=1, body="<p>Bản đang dùng</p>")
    version = services.version_create_draft(document=document_a, actor=secretary_a)
    assert (version.number, version.body) == (2, "<p>Bản đang dùng</p>")


def test_second_open_draft_is_refused(document_a, secretary_a):
    services.version_create_draft(document=document_a, actor=secretary_a)
    with pytest.raises(DomainError, match="đã có một dự thảo"):
        services.version_create_draft(document=document_a, actor=secretary_a)


def test_database_refuses_second_open_draft(document_a, secretary_a):
    _draft(document_a, secretary_a, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _draft(document_a, secretary_a, number=2, status=Status.IN_REVIEW)


def test_database_refuses_duplicate_number(document_a, secretary_a):
    published_version(document_a, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _draft(document_a, secretary_a, number=1)


def test_auditor_may_not_draft(document_a, auditor_a):
    with pytest.raises(PermissionDenied):
        services.version_create_draft(document=document_a, actor=auditor_a)


def test_draft_body_is_sanitized(document_a, staff_a):
    version = services.version_create_draft(
        document=document_a, actor=staff_a, body='<p onclick="x()">A</p><script>alert(1)</script>'
    )
    assert version.body == "<p>A</p>"


def test_draft_keeps_only_the_editors_formatting(document_a, staff_a):
    version = services.version_create_draft(
        document=document_a,
        actor=staff_a,
        body='<p class="MsoNormal" style="margin:0"><strong>A</strong><img src="x"></p><ul><li>B</li></ul>',
    )
    assert version.body == "<p><strong>A</strong></p><ul><li>B</li></ul>"


def test_plain_text_body_is_stored_as_paragraphs(document_a, staff_a):
    version = services.version_create_draft(document=document_a, actor=staff_a, body="Một\nHai")
    assert version.body == "<p>Một</p><p>Hai</p>"


# --- update (optimistic concurrency) -------------------------------------------------------------


def test_author_saves_draft_and_revision_moves(document_a, staff_a, audit_actions):
    version = _draft(document_a, staff_a)
    services.version_update(
        version=version, actor=staff_a, expected_revision=1, body="<p>Mới</p>", change_summary="Sửa"
    )
    version.refresh_from_db()
    assert (version.body, version.revision, version.change_summary) == ("<p>Mới</p>", 2, "Sửa")
    assert audit_actions(version) == ["document_version.update"]


def test_the_audit_trail_keeps_the_body_as_words_not_markup(document_a, staff_a):
    version = _draft(document_a, staff_a)
    services.version_update(
        version=version,
        actor=staff_a,
        expected_revision=1,
        body="<p>Bước <strong>một</strong></p><ul><li><p>hai</p></li></ul>",
        change_summary="",
    )
    entry = AuditEntry.objects.filter(action="document_version.update").get()
    assert entry.changes["body"][1] == "Bước một\n- hai"


def test_stale_save_is_refused_and_other_changes_kept(document_a, staff_a, secretary_a):
    version = _draft(document_a, staff_a)
    services.version_update(
        version=version, actor=secretary_a, expected_revision=1, body="<p>Của thư ký</p>", change_summary=""
    )
    with pytest.raises(DomainError, match="người khác lưu"):
        services.version_update(
            version=version, actor=staff_a, expected_revision=1, body="<p>Cũ</p>", change_summary=""
        )
    version.refresh_from_db()
    assert version.body == "<p>Của thư ký</p>"


def test_published_version_cannot_be_edited(document_a, secretary_a):
    version = published_version(document_a, author=secretary_a)
    with pytest.raises(DomainError, match="không sửa được"):
        services.version_update(
            version=version, actor=secretary_a, expected_revision=1, body="x", change_summary=""
        )


def test_other_staff_may_not_edit_someone_elses_draft(document_a, staff_a, agency_a, unit_a):
    from tests.factories import MembershipFactory

    other = MembershipFactory(agency=agency_a, role="staff", unit=unit_a).user
    version = _draft(document_a, staff_a)
    with pytest.raises(PermissionDenied):
        services.version_update(
            version=version, actor=other, expected_revision=1, body="x", change_summary=""
        )


def test_upload_checks_real_type(document_a, staff_a):
    version = _draft(document_a, staff_a)
    fake = SimpleUploadedFile("quy-trinh.pdf", b"MZ not a pdf")
    with pytest.raises(DomainError, match="không phải"):
        services.version_update(
            version=version, actor=staff_a, expected_revision=1, body="", change_summary="", upload=fake
        )


def test_upload_size_limit(document_a, staff_a, settings):
    settings.EISO_UPLOAD_MAX_BYTES = 10
    version = _draft(document_a, staff_a)
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"0" * 100)
    with pytest.raises(DomainError, match="quá lớn"):
        services.version_update(
            version=version, actor=staff_a, expected_revision=1, body="", change_summary="", upload=big
        )


def test_docx_upload_is_stored_and_its_text_read_after_commit(
    document_a, staff_a, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    version = _draft(document_a, staff_a)
    upload = SimpleUploadedFile("qt.docx", docx_bytes("Tiếp nhận hồ sơ"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_update(
            version=version, actor=staff_a, expected_revision=1, body="", change_summary="", upload=upload
        )
    version.refresh_from_db()
    assert version.file_name == "qt.docx" and version.file_text == ""  # read by the task, not here
    assert len(callbacks) == 1
    callbacks[0]()  # the task, run inline as without a broker
    version.refresh_from_db()
    assert "Tiếp nhận hồ sơ" in version.file_text


# --- submit ----------------------------------------------------------------------------------------


def test_author_submits_draft_into_default_chain(document_a, staff_a, audit_actions):
    version = _draft(document_a, staff_a)
    services.version_submit(version=version, actor=staff_a)
    assert version.status == Status.IN_REVIEW
    assert version.approval_steps == [Approver.UNIT_HEAD, Approver.LEADER]
    assert version.waiting_for == Approver.UNIT_HEAD
    assert audit_actions(version) == ["document_version.submit"]


def test_submit_uses_configured_chain_for_kind(document_a, staff_a, secretary_a):
    services.approval_chain_set(
        agency=document_a.agency, kind=document_a.kind, approvers=["secretary", "leader"], actor=secretary_a
    )
    version = services.version_submit(version=_draft(document_a, staff_a), actor=staff_a)
    assert version.approval_steps == ["secretary", "leader"]


def test_empty_draft_cannot_be_submitted(document_a, staff_a):
    version = _draft(document_a, staff_a, body="")
    with pytest.raises(DomainError, match="chưa có nội dung"):
        services.version_submit(version=version, actor=staff_a)


def test_version_in_review_cannot_be_submitted_again(document_a, staff_a):
    version = _in_review(document_a, staff_a)
    with pytest.raises(DomainError, match="Không thể"):
        services.version_submit(version=version, actor=staff_a)


def test_leader_may_not_submit_someone_elses_draft(document_a, staff_a, leader_a):
    with pytest.raises(PermissionDenied):
        services.version_submit(version=_draft(document_a, staff_a), actor=leader_a)


# --- approve / request changes ------------------------------------------------------------------------


def test_unit_head_then_leader_approve(document_a, secretary_a, unit_head_a, leader_a, audit_actions):
    version = _in_review(document_a, secretary_a)
    services.version_approve(version=version, actor=unit_head_a, comment="Đồng ý")
    assert (version.status, version.waiting_for) == (Status.IN_REVIEW, Approver.LEADER)
    services.version_approve(version=version, actor=leader_a)
    version.refresh_from_db()
    assert (version.status, version.approved_by) == (Status.APPROVED, leader_a)
    signoffs = list(version.signoffs.values_list("approver", "signed_by__username", "comment"))
    assert signoffs == [("unit_head", "unit_head_a", "Đồng ý"), ("leader", "leader_a", "")]
    assert audit_actions(version) == [
        "document_version.submit",
        "document_version.approve",
        "document_version.approve",
    ]


def test_approving_out_of_turn_is_refused(document_a, secretary_a, leader_a):
    version = _in_review(document_a, secretary_a)
    with pytest.raises(DomainError, match="Chưa đến lượt"):
        services.version_approve(version=version, actor=leader_a)


def test_author_cannot_approve_own_version(document_a, unit_head_a, leader_a):
    version = _in_review(document_a, unit_head_a)
    with pytest.raises(DomainError, match="tự phê duyệt"):
        services.version_approve(version=version, actor=unit_head_a)


def test_staff_who_signs_no_step_gets_403(document_a, secretary_a, staff_a):
    version = _in_review(document_a, secretary_a)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=version, actor=staff_a)


def test_user_of_other_agency_gets_403(document_a, secretary_a, secretary_b):
    version = _in_review(document_a, secretary_a)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=version, actor=secretary_b)


def test_draft_cannot_be_approved(document_a, secretary_a, unit_head_a):
    with pytest.raises(DomainError, match="Không thể"):
        services.version_approve(version=_draft(document_a, secretary_a), actor=unit_head_a)


def test_request_changes_sends_back_and_resubmission_restarts_chain(
    document_a, secretary_a, unit_head_a, leader_a
):
    version = _in_review(document_a, secretary_a)
    services.version_approve(version=version, actor=unit_head_a)
    services.version_request_changes(version=version, actor=leader_a, comment="Bổ sung lưu đồ")
    assert version.status == Status.CHANGES_REQUESTED
    assert version.signoffs.last().decision == ApprovalSignoff.Decision.CHANGES_REQUESTED
    services.version_submit(version=version, actor=secretary_a)
    assert version.waiting_for == Approver.UNIT_HEAD


def test_request_changes_needs_a_comment(document_a, secretary_a, unit_head_a):
    version = _in_review(document_a, secretary_a)
    with pytest.raises(DomainError, match="nội dung cần sửa"):
        services.version_request_changes(version=version, actor=unit_head_a, comment=" ")


def test_request_changes_audit_entry(document_a, secretary_a, unit_head_a, audit_actions):
    version = _in_review(document_a, secretary_a)
    services.version_request_changes(version=version, actor=unit_head_a, comment="Sửa")
    assert audit_actions(version)[-1] == "document_version.request_changes"


# --- publish ---------------------------------------------------------------------------------------


def _approved(document, author):
    return DocumentVersionFactory(document=document, author=author, number=2, status=Status.APPROVED)


def test_publish_supersedes_previous_and_moves_current(
    document_a, secretary_a, staff_a, unit_a, audit_actions
):
    old = published_version(document_a, number=1)
    version = _approved(document_a, staff_a)
    services.version_publish(
        version=version, actor=secretary_a, effective_on=datetime.date(2026, 3, 1), units=[unit_a]
    )
    old.refresh_from_db()
    document_a.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert (version.status, document_a.current_version) == (Status.PUBLISHED, version)
    assert document_a.next_review_on == datetime.date(2027, 3, 1)
    assert list(Acknowledgement.objects.filter(version=version).values_list("user", flat=True)) == [
        staff_a.pk
    ]
    assert audit_actions(version) == ["document_version.publish"]


def test_next_review_on_a_day_off_moves_to_the_next_working_day(document_a, secretary_a, staff_a):
    # Effective 30/04/2025 with a 12-month period: 30/04/2026 is Reunification Day, 01/05 Labour
    # Day, then a weekend: the review is due on Monday 04/05/2026.
    version = services.version_publish(
        version=_approved(document_a, staff_a), actor=secretary_a, effective_on=datetime.date(2025, 4, 30)
    )
    document_a.refresh_from_db()
    assert version.next_review_on == document_a.next_review_on == datetime.date(2026, 5, 4)


def test_publish_without_a_date_takes_effect_on_the_day_of_publication(document_a, secretary_a, staff_a):
    at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    version = services.version_publish(version=_approved(document_a, staff_a), actor=secretary_a, at=at)
    assert (version.effective_on, version.published_at) == (datetime.date(2026, 3, 2), at)


def test_publish_e_mails_staff_and_tells_listeners(
    document_a, secretary_a, staff_a, unit_a, mailoutbox, django_capture_on_commit_callbacks
):
    heard = []
    listener = hooks.on_version_published(lambda **kwargs: heard.append(kwargs["version"]))
    try:
        version = _approved(document_a, staff_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.version_publish(version=version, actor=secretary_a, units=[unit_a])
    finally:
        hooks.disconnect(listener)
    assert heard == [version]
    assert [message.to for message in mailoutbox] == [[staff_a.email]]


def test_only_approved_version_is_published(document_a, secretary_a, staff_a):
    with pytest.raises(DomainError, match="Không thể"):
        services.version_publish(version=_draft(document_a, staff_a), actor=secretary_a)


def test_staff_may_not_publish(document_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.version_publish(version=_approved(document_a, staff_a), actor=staff_a)


# --- acknowledge -----------------------------------------------------------------------------------


def test_staff_acknowledges_exact_version(document_a, staff_a, audit_actions):
    version = published_version(document_a)
    ack = services.version_acknowledge(version=version, actor=staff_a)
    assert ack.is_acknowledged and ack.version == version
    assert audit_actions(version) == ["document_version.acknowledge"]


def test_acknowledging_twice_is_refused(document_a, staff_a):
    version = published_version(document_a)
    services.version_acknowledge(version=version, actor=staff_a)
    with pytest.raises(DomainError, match="đã xác nhận"):
        services.version_acknowledge(version=version, actor=staff_a)


def test_draft_cannot_be_acknowledged(document_a, staff_a):
    with pytest.raises(DomainError, match="đang hiệu lực"):
        services.version_acknowledge(version=_draft(document_a, staff_a), actor=staff_a)


def test_other_agency_may_not_acknowledge(document_a, staff_b):
    with pytest.raises(PermissionDenied):
        services.version_acknowledge(version=published_version(document_a), actor=staff_b)


# --- the declaration drives the buttons ---------------------------------------------------------------


def _shown(version, user) -> dict[str, str]:
    """The transitions a page offers `user`, each with the reason it is disabled ("" when it is not)."""
    return {
        choice.transition.name: choice.blocked for choice in services.DOCUMENT_VERSION.choices(version, user)
    }


def test_buttons_follow_role_and_turn(document_a, secretary_a, unit_head_a, leader_a, staff_a):
    draft = _draft(document_a, secretary_a)
    assert _shown(draft, secretary_a) == {"submit": ""}
    assert _shown(draft, leader_a) == {}
    services.version_submit(version=draft, actor=secretary_a)
    assert _shown(draft, unit_head_a) == {"approve": "", "request_changes": ""}
    # The leader signs the next step: the buttons show, disabled with the reason, until then.
    waiting = "Chưa đến lượt bạn: phiên bản đang chờ ý kiến của trưởng phòng/ban chủ trì."
    assert _shown(draft, leader_a) == {"approve": waiting, "request_changes": waiting}
    assert _shown(draft, secretary_a) == {}
    assert _shown(draft, staff_a) == {}


def test_author_who_signs_a_step_may_send_back_but_not_approve(document_a, unit_head_a):
    version = _in_review(document_a, unit_head_a)
    assert _shown(version, unit_head_a) == {
        "approve": "Người soạn thảo không được tự phê duyệt phiên bản của mình.",
        "request_changes": "",
    }


def test_approval_at_a_given_moment_is_dated_then(document_a, secretary_a, unit_head_a):
    at = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    version = _in_review(document_a, secretary_a)
    services.version_approve(version=version, actor=unit_head_a, at=at)
    assert version.signoffs.get().signed_at == at
