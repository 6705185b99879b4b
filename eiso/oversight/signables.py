"""The documents of the province's oversight as signable documents (orgs.signables): the inspection
plan (Mẫu 19), the inspection decision (Mẫu 20), the minutes (Mẫu 21) and the periodic reports. The
coordinator signs for the Sở that issues them, with its certificate or their own device; the
minutes carry a second signature, the inspected agency's, over the team's signed file.
"""

from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.numbers import number_text
from eiso.core.permissions import require_role
from eiso.core.roles import Role
from eiso.orgs import editions, placement, signables, signing
from eiso.orgs.models import Agency
from eiso.oversight import paperwork, selectors
from eiso.oversight.models import Inspection, InspectionPlan, Report
from eiso.oversight.services.common import require_coordinator
from eiso.oversight.services.inspections import DECISION_KIND

PLAN_KIND = "inspection_plan"
MINUTES_KIND = "inspection_minutes"
MINUTES_AGENCY_KIND = "inspection_minutes_agency"
REPORT_KIND = "oversight_report"

# What Mẫu 20 prints of the inspection and of its plan's heading and signer.
PRINTED_FIELDS = [
    "form",
    "decision_number",
    "decided_on",
    "planned_on",
    "inspecting_unit",
    "team",
    "agency_representative",
    "cooperating_unit",
]
PLAN_FIELDS = ["number", "year", "issuing_agency", "signer_authority", "signer_position", "signer_name"]


def _check(inspection: Inspection, actor) -> None:
    require_coordinator(actor, inspection.province)
    if not inspection.is_on_site:
        raise DomainError("Chỉ cuộc kiểm tra tại trụ sở có quyết định kiểm tra (Mẫu 20).")
    if not (inspection.decision_number and inspection.decided_on):
        raise DomainError("Cần ghi số và ngày quyết định kiểm tra trước khi ký số.")


def _printed(inspection: Inspection) -> dict:
    values = {name: getattr(inspection, name) for name in PRINTED_FIELDS}
    values.update({f"plan_{name}": getattr(inspection.plan, name) for name in PLAN_FIELDS})
    values["agency"] = inspection.agency.name
    values["standard"] = editions.citation(inspection.agency)
    return values


def _issuing(province, name: str) -> Agency:
    """The Sở that issues a plan, decision or report, found by the name the document prints."""
    issuer = Agency.objects.filter(province=province, name=name).first()
    if issuer is None:
        raise DomainError(
            f"Không tìm thấy cơ quan ban hành “{name}” trong danh sách cơ quan của tỉnh để lấy chứng thư số."
        )
    return issuer


def _issuer(inspection: Inspection) -> Agency:
    return _issuing(inspection.province, inspection.plan.issuing_agency)


signables.register(
    signables.Signable(
        kind=DECISION_KIND,
        model=Inspection,
        label="Quyết định kiểm tra (Mẫu 20)",
        check=_check,
        render=lambda inspection: paperwork.inspection_decision(
            inspection, today=timezone.localdate()
        ).render("pdf"),
        printed=_printed,
        reason=lambda inspection: f"Ban hành Quyết định kiểm tra số {inspection.decision_number}",
        certificate_agency=_issuer,
        signer_name=lambda inspection: inspection.plan.signer_name,
        filename=lambda inspection: f"quyet-dinh-kiem-tra-{inspection.pk}",
        labels={
            "agency": "tên cơ quan được kiểm tra",
            "standard": "phiên bản tiêu chuẩn áp dụng",
            "plan_number": "số kế hoạch kiểm tra",
            "plan_year": "năm của kế hoạch",
            "plan_issuing_agency": "cơ quan ban hành",
            "plan_signer_authority": "thẩm quyền ký",
            "plan_signer_position": "chức vụ người ký",
            "plan_signer_name": "người ký",
        },
        renewal="Quyết định đã ký không được sửa: hãy ban hành quyết định mới (sửa đổi, bổ sung) nếu cần "
        "thay đổi.",
    )
)


# --- Mẫu 19: the year's inspection plan ------------------------------------------------------------


def _plan_check(plan: InspectionPlan, actor) -> None:
    require_coordinator(actor, plan.province)
    if not plan.is_approved:
        raise DomainError("Chỉ kế hoạch kiểm tra đã phê duyệt mới được ký số.")
    if not (plan.number.strip() and plan.approved_on):
        raise DomainError("Cần ghi số, ký hiệu và ngày phê duyệt của kế hoạch kiểm tra trước khi ký số.")


def _plan_printed(plan: InspectionPlan) -> dict:
    values = {name: getattr(plan, name) for name in [*PLAN_FIELDS, "approved_on"]}
    values["inspections"] = [
        [
            inspection.agency.name,
            inspection.get_form_display(),
            inspection.planned_on.isoformat() if inspection.planned_on else "",
            inspection.inspecting_unit,
            inspection.cooperating_unit,
            number_text(inspection.budget_amount) if inspection.budget_amount else "",
        ]
        for inspection in plan.inspections.select_related("agency").order_by("pk")
    ]
    return values


signables.register(
    signables.Signable(
        kind=PLAN_KIND,
        model=InspectionPlan,
        label="Kế hoạch kiểm tra (Mẫu 19)",
        check=_plan_check,
        render=lambda plan: paperwork.inspection_plan(plan, today=timezone.localdate()).render("pdf"),
        printed=_plan_printed,
        reason=lambda plan: f"Ban hành Kế hoạch kiểm tra số {plan.number}",
        certificate_agency=lambda plan: _issuing(plan.province, plan.issuing_agency),
        owner=lambda plan: _issuing(plan.province, plan.issuing_agency),
        signer_name=lambda plan: plan.signer_name,
        filename=lambda plan: f"ke-hoach-kiem-tra-{plan.year}-{plan.pk}",
        labels={"inspections": "danh sách cơ quan được kiểm tra, hình thức, thời gian, kinh phí"},
        renewal="Kế hoạch đã ký không được sửa: hãy ban hành kế hoạch điều chỉnh, bổ sung nếu cần thay đổi.",
    )
)


# --- Mẫu 21: the minutes, signed by the team's head, then by the inspected agency --------------------


def _minutes_ready(inspection: Inspection) -> None:
    if not inspection.is_on_site:
        raise DomainError("Chỉ cuộc kiểm tra tại trụ sở có biên bản kiểm tra (Mẫu 21).")
    if not inspection.is_concluded:
        raise DomainError("Biên bản kiểm tra chỉ được ký số khi cuộc kiểm tra đã kết luận.")


def _minutes_check(inspection: Inspection, actor) -> None:
    require_coordinator(actor, inspection.province)
    _minutes_ready(inspection)


def _minutes_printed(inspection: Inspection) -> dict:
    fields = ["decision_number", "decided_on", "inspected_on", "minutes_number", "minutes_signed_on"]
    fields += ["team", "agency_representative", "cooperating_unit", "conclusion"]
    values = {name: getattr(inspection, name) for name in fields}
    values["agency"] = inspection.agency.name
    values["standard"] = editions.citation(inspection.agency)
    values["plan_issuing_agency"] = inspection.plan.issuing_agency
    values["results"] = [
        [
            row.criterion.code,
            number_text(row.score.points) if row.score and row.score.points is not None else "",
            row.score.evidence if row.score else "",
        ]
        for row in selectors.checklist(inspection)
        if not row.is_group
    ]
    values["follow_ups"] = [
        [follow_up.request, follow_up.due_on.isoformat() if follow_up.due_on else ""]
        for follow_up in inspection.follow_ups.order_by("pk")
    ]
    return values


def team_signed(inspection: Inspection):
    return signing.signed_document(MINUTES_KIND, inspection)


def _minutes_agency_check(inspection: Inspection, actor) -> None:
    require_role(actor, inspection.agency, Role.LEADER)
    _minutes_ready(inspection)
    signed = team_signed(inspection)
    if signed is None:
        raise DomainError("Trưởng đoàn kiểm tra cần ký số biên bản trước, cơ quan được kiểm tra ký sau.")
    if signing.changes_since_signing(signed, inspection):
        raise DomainError(
            "Dữ liệu của cuộc kiểm tra đã thay đổi sau khi Đoàn kiểm tra ký biên bản: không ký vào biên bản "
            "khác với dữ liệu hiện nay."
        )


def _team_signed_pdf(inspection: Inspection) -> bytes:
    with team_signed(inspection).file.open("rb") as handle:
        return handle.read()


def minutes_signed(inspection: Inspection):
    """The minutes as signed so far: by both parties, else by the team, else None."""
    return signing.signed_document(MINUTES_AGENCY_KIND, inspection) or team_signed(inspection)


MINUTES_LABELS = {
    "agency": "tên cơ quan được kiểm tra",
    "standard": "phiên bản tiêu chuẩn áp dụng",
    "plan_issuing_agency": "cơ quan ban hành",
    "results": "kết quả chấm điểm tiêu chí",
    "follow_ups": "yêu cầu khắc phục",
}
MINUTES_RENEWAL = "Biên bản đã ký không được sửa: hãy lập biên bản bổ sung nếu cần thay đổi."

signables.register(
    signables.Signable(
        kind=MINUTES_KIND,
        model=Inspection,
        label="Biên bản kiểm tra (Mẫu 21)",
        check=_minutes_check,
        render=lambda inspection: paperwork.inspection_minutes(inspection, today=timezone.localdate()).render(
            "pdf"
        ),
        printed=_minutes_printed,
        reason=lambda inspection: f"Trưởng Đoàn kiểm tra ký Biên bản kiểm tra tại {inspection.agency.name}",
        certificate_agency=_issuer,
        signer_name=lambda inspection: (
            paperwork.person_name(paperwork.team_lines(inspection)[0]) if inspection.team.strip() else ""
        ),
        filename=lambda inspection: f"bien-ban-kiem-tra-{inspection.pk}",
        labels=MINUTES_LABELS,
        renewal=MINUTES_RENEWAL,
    )
)

signables.register(
    signables.Signable(
        kind=MINUTES_AGENCY_KIND,
        model=Inspection,
        label="Biên bản kiểm tra (Mẫu 21), phần ký của cơ quan được kiểm tra",
        check=_minutes_agency_check,
        render=_team_signed_pdf,
        printed=_minutes_printed,
        reason=lambda inspection: f"Đại diện {inspection.agency.name} ký Biên bản kiểm tra",
        certificate_agency=lambda inspection: inspection.agency,
        signer_name=lambda inspection: paperwork.person_name(inspection.agency_representative),
        filename=lambda inspection: f"bien-ban-kiem-tra-{inspection.pk}-hai-ben",
        labels=MINUTES_LABELS,
        renewal=MINUTES_RENEWAL,
        side=placement.COUNTERPART,
    )
)


# --- the province's periodic reports ------------------------------------------------------------------


def _report_check(report: Report, actor) -> None:
    require_coordinator(actor, report.province)
    if not (report.is_issued and report.pdf_file):
        raise DomainError("Chỉ báo cáo đã ban hành (có tệp PDF) mới được ký số.")


def _report_pdf(report: Report) -> bytes:
    """The PDF rendered when the report was issued: its figures and text are frozen since."""
    with report.pdf_file.open("rb") as handle:
        return handle.read()


REPORT_FIELDS = ["kind", "year", "half", "number", "issued_on", "issuing_agency"]
REPORT_FIELDS += ["signer_authority", "signer_position", "signer_name"]

signables.register(
    signables.Signable(
        kind=REPORT_KIND,
        model=Report,
        label="Báo cáo định kỳ",
        check=_report_check,
        render=_report_pdf,
        printed=lambda report: {name: getattr(report, name) for name in REPORT_FIELDS},
        reason=lambda report: f"Ban hành Báo cáo số {report.number}",
        certificate_agency=lambda report: _issuing(report.province, report.issuing_agency),
        owner=lambda report: _issuing(report.province, report.issuing_agency),
        signer_name=lambda report: report.signer_name,
        filename=lambda report: f"bao-cao-{report.number.replace('/', '-')}-{report.pk}",
        renewal="Báo cáo đã ký không được sửa: hãy ban hành báo cáo bổ sung nếu cần thay đổi.",
    )
)
