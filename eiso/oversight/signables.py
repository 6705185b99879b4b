"""Mẫu 20 (the decision to inspect an agency on site) as a signable document (orgs.signables): the
coordinator signs it for the plan's issuing agency, with that agency's certificate or their own
device."""

from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.orgs import editions, signables
from eiso.orgs.models import Agency
from eiso.oversight import paperwork
from eiso.oversight.models import Inspection
from eiso.oversight.services.common import require_coordinator
from eiso.oversight.services.inspections import DECISION_KIND

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
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()
    }


def _issuer(inspection: Inspection) -> Agency:
    issuer = Agency.objects.filter(province=inspection.province, name=inspection.plan.issuing_agency).first()
    if issuer is None:
        raise DomainError(
            f"Không tìm thấy cơ quan ban hành “{inspection.plan.issuing_agency}” trong danh sách cơ quan "
            "của tỉnh để lấy chứng thư số."
        )
    return issuer


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
