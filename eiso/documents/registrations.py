"""Navigation entries, dashboard cards and demo loader of the documents app; importing the
services registers the app's declared workflows (versions, documents, the legal register and its
update tasks) at startup."""

from django.utils import timezone

from eiso.accounts.permissions import has_province_role, has_role
from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.core.roles import AGENCY_MEMBERS, PROVINCE_MEMBERS, PROVINCE_OVERSEERS, QMS_MANAGERS
from eiso.documents import (  # noqa: F401 (workflows)
    demo,
    legal_services,
    records,  # noqa: F401  (registers its record types and their retention)
    selectors,
    services,
)
from eiso.documents.models import (
    ApprovalChain,
    Approver,
    Document,
    DocumentVersion,
    LegalChangeTask,
    LegalDocument,
)


def _works_somewhere(request) -> bool:
    return request.user.is_authenticated and any(
        m.role in AGENCY_MEMBERS or m.role in PROVINCE_MEMBERS for m in request.user.active_memberships()
    )


def _agency_member(request) -> bool:
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *AGENCY_MEMBERS)


def _card_context(request) -> dict:
    agency = request.agency
    today = timezone.localdate()
    manages = has_role(request.user, agency, *QMS_MANAGERS)
    context = {
        "awaiting": selectors.versions_awaiting(user=request.user)[:5],
        "to_read": list(selectors.pending_acknowledgements(user=request.user)[:5]),
        "manages": manages,
    }
    if manages:
        tasks = selectors.legal_task_list(user=request.user, status=LegalChangeTask.Status.OPEN).filter(
            agency=agency
        )
        context["due_count"] = (
            selectors.documents_due_for_review(user=request.user, today=today).filter(agency=agency).count()
        )
        context["open_tasks"] = tasks.count()
        context["overdue_tasks"] = tasks.filter(due_on__lt=today).count()
    return context


def _provincial(request) -> bool:
    province = getattr(request, "province", None)
    return getattr(request, "agency", None) is None and has_province_role(
        request.user, province, *PROVINCE_OVERSEERS
    )


def _province_card_context(request) -> dict:
    today = timezone.localdate()
    tasks = selectors.legal_task_list(user=request.user, status=LegalChangeTask.Status.OPEN).filter(
        agency__province=request.province
    )
    return {
        "open_tasks": tasks.count(),
        "overdue": list(tasks.filter(due_on__lt=today)[:5]),
        "overdue_count": tasks.filter(due_on__lt=today).count(),
    }


register_nav(
    NavItem(
        label="Tài liệu",
        url_name="documents:document_list",
        icon="folder2-open",
        visible=_works_somewhere,
        order=20,
    )
)
register_nav(
    NavItem(
        label="Văn bản pháp luật",
        url_name="documents:legal_list",
        icon="journal-text",
        visible=_works_somewhere,
        order=25,
    )
)
register_card(
    DashboardCard(
        key="documents",
        title="Kiểm soát tài liệu",
        template="documents/cards/documents.html",
        visible=_agency_member,
        context=_card_context,
        order=20,
    )
)
register_card(
    DashboardCard(
        key="legal_changes_province",
        title="Cập nhật theo văn bản pháp luật",
        template="documents/cards/legal_changes_province.html",
        visible=_provincial,
        context=_province_card_context,
        order=25,
    )
)
register_demo_loader(30, "Tài liệu hệ thống và văn bản pháp luật mẫu", demo.load)


# How change histories and the audit trail name document records and the keys their services
# record beside the models' fields (core.history).
history.register(
    DocumentVersion,
    phrase=lambda version: f"phiên bản {version.number} của {version.document.code}",
    select=("document",),
    keys={
        "signed": history.Key("Bước đã ký", choices=dict(Approver.choices)),
        "waiting_for": history.Key("Chờ ý kiến của", choices=dict(Approver.choices)),
        "superseded": "Thay thế phiên bản",
        "asked_to_read": "Số người được yêu cầu đọc",
        "acknowledged_by": "Người xác nhận đã đọc",
    },
)
history.register(Document, phrase=lambda document: f"tài liệu {document.code}")
history.register(ApprovalChain, keys={"steps": history.Key("Các bước ký", choices=dict(Approver.choices))})
history.register(
    LegalDocument, keys={"new_document": "Văn bản sửa đổi, thay thế", "legal_bases": "Căn cứ pháp lý"}
)
history.register(LegalChangeTask, keys={"affected_records": "Số hồ sơ, tài liệu bị ảnh hưởng"})
