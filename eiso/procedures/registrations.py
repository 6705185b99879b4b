"""Navigation entry and demo loader of the procedures app."""

from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.permissions import has_role
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.core.roles import INTEGRATORS, QMS_MANAGERS
from eiso.documents.hooks import on_version_published, on_version_submitting
from eiso.procedures import demo, demo_forms, demo_processes
from eiso.procedures.hooks import on_procedure_version_changed
from eiso.procedures.models import Process, ProcessStep
from eiso.procedures.services import processes as processes_services
from eiso.procedures.services import reactions


def _manages_processes(request) -> bool:
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS)


def _card_context(request) -> dict:
    from eiso.procedures import selectors
    from eiso.procedures.models import Process

    processes = Process.objects.filter(agency=request.agency).select_related("document")
    return {
        "count": processes.count(),
        "review": list(processes.filter(needs_review=True)[:5]),
        "updates": list(selectors.processes_with_template_updates(agency=request.agency)[:5]),
        "owed": selectors.steps_owed(user=request.user).count(),
    }


register_card(
    DashboardCard(
        key="processes",
        title="Quy trình ISO",
        template="procedures/cards/processes.html",
        visible=_manages_processes,
        context=_card_context,
        order=30,
    )
)
on_version_published(reactions.on_version_published)
on_version_submitting(processes_services.prepare_submission)
on_procedure_version_changed(reactions.on_procedure_version_changed)

register_nav(
    NavItem(
        label="Thủ tục hành chính",
        url_name="procedures:procedure_list",
        icon="card-checklist",
        visible=lambda request: request.user.is_authenticated,
        order=30,
    )
)

register_nav(
    NavItem(
        label="Quy trình ISO",
        url_name="procedures:process_list",
        icon="diagram-3",
        visible=lambda request: request.user.is_authenticated,
        order=31,
    )
)
register_nav(
    NavItem(
        label="Kết nối một cửa",
        url_name="procedures:webhook_list",
        icon="broadcast",
        visible=lambda request: (
            request.agency is not None and has_role(request.user, request.agency, *INTEGRATORS)
        ),
        order=60,
        section="admin",
    )
)

register_demo_loader(40, "Danh mục thủ tục hành chính mẫu (Hà Tĩnh)", demo.load)
register_demo_loader(41, "Tệp mẫu đơn, tờ khai của danh mục mẫu", demo_forms.load)
register_demo_loader(50, "Quy trình ISO, quy trình mẫu của tỉnh và áp dụng tại các xã", demo_processes.load)


# Keys the process services record beside the models' fields, for change histories (core.history).
history.register(ProcessStep, keys={"duration": "Thời gian thực hiện"})
history.register(
    Process,
    keys={
        "dismissed_version": "Phiên bản quy trình mẫu không áp dụng",
        "from_version": "Chép từ phiên bản",
        "procedure_version": "Phiên bản thủ tục hành chính",
    },
)
