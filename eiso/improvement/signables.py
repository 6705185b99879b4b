"""The improvement app's documents as signable documents (orgs.signables), signed with the agency's
certificate on the server or the signer's own device: the announcement decision and the management
review minutes by the agency leader (who holds the review), the internal audit report by the lead
auditor who issues it (the report's signature block names them)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE, require_role
from eiso.core.roles import Role
from eiso.improvement import reports
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview
from eiso.improvement.selectors import source_actions
from eiso.improvement.services.audits import is_lead_auditor
from eiso.orgs import editions, signables

DECISION_KIND = "announcement_decision"
AUDIT_REPORT_KIND = "internal_audit_report"
REVIEW_MINUTES_KIND = "management_review_minutes"
PRINTED_FIELDS = ["kind", "number", "decided_on", "signer_name", "signer_position", "scope"]


def _check(announcement: Announcement, actor) -> None:
    require_role(actor, announcement.agency, Role.LEADER)
    if announcement.status != Announcement.Status.ANNOUNCED:
        raise DomainError("Chỉ quyết định công bố đang hiệu lực mới được ký số.")


def _printed(announcement: Announcement) -> dict:
    values = {name: getattr(announcement, name) for name in PRINTED_FIELDS}
    values["agency"] = announcement.agency.name
    values["standard"] = editions.citation(announcement.agency)
    return values


signables.register(
    signables.Signable(
        kind=DECISION_KIND,
        model=Announcement,
        label="Quyết định công bố HTQLCL",
        check=_check,
        render=reports.announcement_decision_pdf,
        printed=_printed,
        reason=lambda announcement: f"Ban hành Quyết định công bố HTQLCL số {announcement.number}",
        certificate_agency=lambda announcement: announcement.agency,
        signer_name=lambda announcement: announcement.signer_name,
        filename=lambda announcement: f"quyet-dinh-cong-bo-{announcement.pk}",
        renewal="Quyết định đã ký không được sửa: hãy chuẩn bị quyết định công bố lại với dữ liệu mới.",
        renewal_url=lambda announcement: reverse("improvement:announcement_list"),
        labels={"agency": "tên cơ quan", "standard": "phiên bản tiêu chuẩn áp dụng"},
    )
)


def _audit_check(audit: InternalAudit, actor) -> None:
    if not is_lead_auditor(audit, actor):
        raise PermissionDenied(DENIED_MESSAGE)
    if audit.status not in (InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED):
        raise DomainError("Chỉ báo cáo đánh giá đã ban hành mới được ký số.")
    if not (audit.report_number and audit.reported_on):
        raise DomainError("Cần ghi số và ngày ban hành báo cáo đánh giá trước khi ký số.")


def _audit_printed(audit: InternalAudit) -> dict:
    values = {name: getattr(audit, name) for name in ["code", "title", "scope", "criteria", "summary"]}
    values.update(
        conclusions=audit.conclusions,
        report_number=audit.report_number,
        reported_on=audit.reported_on,
        lead_auditor=str(audit.lead_auditor) if audit.lead_auditor_id else "",
        agency=audit.agency.name,
        findings=[
            [finding.clause, finding.kind, finding.statement] for finding in audit.findings.order_by("pk")
        ],
    )
    return values


signables.register(
    signables.Signable(
        kind=AUDIT_REPORT_KIND,
        model=InternalAudit,
        label="Báo cáo đánh giá nội bộ",
        check=_audit_check,
        render=reports.audit_report_pdf,
        printed=_audit_printed,
        reason=lambda audit: f"Ban hành Báo cáo đánh giá nội bộ số {audit.report_number}",
        certificate_agency=lambda audit: audit.agency,
        signer_name=lambda audit: str(audit.lead_auditor) if audit.lead_auditor_id else "",
        filename=lambda audit: f"bao-cao-danh-gia-{audit.pk}",
        renewal="Báo cáo đã ký không được sửa: hãy ban hành báo cáo đánh giá bổ sung nếu cần thay đổi.",
        labels={"agency": "tên cơ quan", "findings": "các phát hiện", "lead_auditor": "trưởng đoàn đánh giá"},
    )
)


def _review_check(review: ManagementReview, actor) -> None:
    require_role(actor, review.agency, Role.LEADER)
    if review.status != ManagementReview.Status.HELD:
        raise DomainError("Chỉ biên bản của cuộc họp đã diễn ra mới được ký số.")
    if not review.minutes_number:
        raise DomainError("Cần ghi số biên bản họp xem xét trước khi ký số.")


def _review_printed(review: ManagementReview) -> dict:
    values = {name: getattr(review, name) for name in ["title", "minutes_number", "location", "participants"]}
    values.update(
        conclusions=review.conclusions,
        held_on=review.held_on,
        chair=str(review.chair),
        inputs=review.inputs,
        agency=review.agency.name,
        actions=[[action.title, str(action.owner or ""), action.due_on] for action in source_actions(review)],
    )
    return values


signables.register(
    signables.Signable(
        kind=REVIEW_MINUTES_KIND,
        model=ManagementReview,
        label="Biên bản họp xem xét của lãnh đạo",
        check=_review_check,
        render=reports.review_minutes_pdf,
        printed=_review_printed,
        reason=lambda review: f"Ký Biên bản họp xem xét của lãnh đạo số {review.minutes_number}",
        certificate_agency=lambda review: review.agency,
        signer_name=lambda review: str(review.chair),
        filename=lambda review: f"bien-ban-xem-xet-{review.pk}",
        renewal="Biên bản đã ký không được sửa: hãy lập biên bản bổ sung nếu cần thay đổi.",
        labels={"agency": "tên cơ quan", "inputs": "đầu vào của xem xét", "actions": "hành động được giao"},
    )
)
