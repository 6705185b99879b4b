"""The announcement decision as a signable document (orgs.signables): the agency leader signs it
once it is issued, with the agency's certificate on the server or their own device."""

from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.permissions import require_role
from eiso.core.roles import Role
from eiso.improvement import reports
from eiso.improvement.models import Announcement
from eiso.orgs import editions, signables

DECISION_KIND = "announcement_decision"
PRINTED_FIELDS = ["kind", "number", "decided_on", "signer_name", "signer_position", "scope"]


def _check(announcement: Announcement, actor) -> None:
    require_role(actor, announcement.agency, Role.LEADER)
    if announcement.status != Announcement.Status.ANNOUNCED:
        raise DomainError("Chỉ quyết định công bố đang hiệu lực mới được ký số.")


def _printed(announcement: Announcement) -> dict:
    values = {name: getattr(announcement, name) for name in PRINTED_FIELDS}
    values["decided_on"] = announcement.decided_on.isoformat() if announcement.decided_on else None
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
