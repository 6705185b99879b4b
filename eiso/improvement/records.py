"""The improvement records eISO keeps, and how long (core.retention): internal audit reports and
checklists (ISO 9001:2015 §9.2.2 f), nonconformities and corrective actions (§10.2.2), management
reviews (§9.3.3) and announcement decisions."""

from django.db.models import Q

from eiso.core import retention
from eiso.improvement import signables
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview, Nonconformity
from eiso.orgs import signing

ISO_DEFAULT = "Mặc định ISO (TCVN ISO 9001, mục 7.5.3), quản trị của tỉnh có thể thay đổi"
AUDIT = InternalAudit.Status
NC = Nonconformity.Status


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def _audit_ended_on(audit: InternalAudit):
    if audit.status == AUDIT.ACKNOWLEDGED:
        return audit.acknowledged_on
    return audit.planned_end_on if audit.status == AUDIT.CANCELLED else None


def _nonconformity_ended_on(nonconformity: Nonconformity):
    if nonconformity.status == NC.CLOSED:
        return nonconformity.closed_on
    return nonconformity.detected_on if nonconformity.status == NC.CANCELLED else None


retention.register(
    retention.RecordType(
        key="improvement.internal_audit",
        label="Hồ sơ đánh giá nội bộ (kế hoạch, danh mục kiểm tra, báo cáo)",
        model=InternalAudit,
        years=5,
        source=ISO_DEFAULT,
        counts_from="năm lãnh đạo tiếp nhận báo cáo đánh giá",
        ended_on=_audit_ended_on,
        ended_before=lambda day: (
            Q(status=AUDIT.ACKNOWLEDGED, acknowledged_on__lt=day)
            | Q(status=AUDIT.CANCELLED, planned_end_on__lt=day)
        ),
        code=lambda audit: audit.code,
        title=lambda audit: audit.title,
        files=lambda audit: [
            *(line.evidence_file for line in audit.lines.all() if line.evidence_file),
            *signing.signed_files(audit, signables.AUDIT_REPORT_KIND),
        ],
        author=lambda audit: audit.lead_auditor.full_name if audit.lead_auditor_id else "",
        describe=lambda audit: [
            ("Phạm vi", audit.scope),
            ("Thời gian", f"{_day(audit.planned_start_on)} – {_day(audit.planned_end_on)}"),
            ("Số báo cáo", audit.report_number or "—"),
            ("Ngày ban hành báo cáo", _day(audit.reported_on)),
            ("Trạng thái", audit.get_status_display()),
        ],
        select_related=("lead_auditor",),
    )
)

retention.register(
    retention.RecordType(
        key="improvement.nonconformity",
        label="Hồ sơ điểm không phù hợp và hành động khắc phục",
        model=Nonconformity,
        years=5,
        source=ISO_DEFAULT,
        counts_from="năm đóng điểm không phù hợp",
        ended_on=_nonconformity_ended_on,
        ended_before=lambda day: (
            Q(status=NC.CLOSED, closed_on__lt=day) | Q(status=NC.CANCELLED, detected_on__lt=day)
        ),
        code=lambda nonconformity: nonconformity.code,
        title=lambda nonconformity: nonconformity.title,
        describe=lambda nonconformity: [
            ("Nguồn phát hiện", nonconformity.get_source_display()),
            ("Ngày phát hiện", _day(nonconformity.detected_on)),
            ("Mô tả", nonconformity.description),
            ("Ngày đóng", _day(nonconformity.closed_on)),
            ("Trạng thái", nonconformity.get_status_display()),
        ],
    )
)

retention.register(
    retention.RecordType(
        key="improvement.management_review",
        label="Hồ sơ xem xét của lãnh đạo",
        model=ManagementReview,
        years=5,
        source=ISO_DEFAULT,
        counts_from="năm họp xem xét",
        ended_on=lambda review: review.held_on if review.status == ManagementReview.Status.HELD else None,
        ended_before=lambda day: Q(status=ManagementReview.Status.HELD, held_on__lt=day),
        code=lambda review: review.minutes_number or f"XXLĐ-{review.pk}",
        title=lambda review: review.title,
        author=lambda review: review.chair.full_name if review.chair_id else "",
        files=lambda review: signing.signed_files(review, signables.REVIEW_MINUTES_KIND),
        describe=lambda review: [
            ("Kỳ số liệu", f"{_day(review.period_start)} – {_day(review.period_end)}"),
            ("Ngày họp", _day(review.held_on)),
            ("Thành phần", review.participants or "—"),
            ("Kết luận", review.conclusions or "—"),
        ],
        select_related=("chair",),
    )
)

retention.register(
    retention.RecordType(
        key="improvement.announcement",
        label="Quyết định công bố HTQLCL",
        model=Announcement,
        years=None,
        source="Mặc định ISO: quyết định công bố là căn cứ của HTQLCL, quản trị của tỉnh có thể thay đổi",
        counts_from="năm ban hành quyết định",
        ended_on=lambda announcement: (
            announcement.decided_on if announcement.status != Announcement.Status.DRAFT else None
        ),
        ended_before=lambda day: ~Q(status=Announcement.Status.DRAFT) & Q(decided_on__lt=day),
        code=lambda announcement: announcement.number or f"CB-{announcement.pk}",
        title=lambda announcement: str(announcement),
        author=lambda announcement: announcement.signer_name,
        files=lambda announcement: signing.signed_files(announcement, signables.DECISION_KIND),
        describe=lambda announcement: [
            ("Hình thức", announcement.get_kind_display()),
            ("Số quyết định", announcement.number or "—"),
            ("Ngày quyết định", _day(announcement.decided_on)),
            ("Người ký", announcement.signer_name or "—"),
        ],
    )
)
