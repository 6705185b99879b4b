"""Pages of ISO processes: list, create, the process page (steps, time, flowchart, workflow),
step editing, and the inter-agency steps an agency owes to others.

A process's lifecycle is its versions': the process page renders the version's transitions from
the documents declaration (`{% transitions version %}`), which post to the documents app's one
transition view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.query import query_int
from eiso.core.roles import DRAFTERS, QMS_MANAGERS, Role
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.documents import services as documents
from eiso.documents.models import Document, DocumentVersion, LegalCitation
from eiso.procedures import flowchart, selectors, services
from eiso.procedures.forms import (
    DismissForm,
    ProcessForm,
    ProcessProceduresForm,
    StepForm,
    TemplatePublishForm,
)
from eiso.procedures.models import Process, ProcessStep


def _version_url(process: Process, version: DocumentVersion) -> str:
    return f"{process.get_absolute_url()}?phien-ban={version.number}"


@login_required
def process_list(request):
    agency = request.agency
    processes = selectors.process_list(user=request.user, agency=agency)
    page_obj = Paginator(processes, 50).get_page(request.GET.get("page"))
    context = {
        "processes": page_obj,
        "page_obj": page_obj,
        "agency": agency,
        "can_create": agency is not None and has_role(request.user, agency, *QMS_MANAGERS),
        "owed_count": selectors.steps_owed(user=request.user).count(),
    }
    return render(request, "procedures/process_list.html", context)


@login_required
def process_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = ProcessForm(request.POST or None, agency=agency, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Đã tạo quy trình {process.code}. Hãy thêm các bước vào bản dự thảo.")
            return redirect(process)
    return render(request, "procedures/process_form.html", {"form": form, "agency": agency})


def _selected_version(request, process: Process, versions: list[DocumentVersion]) -> DocumentVersion | None:
    number = query_int(request, "phien-ban", label="Phiên bản", minimum=1, maximum=10_000)
    if number is not None:
        for version in versions:
            if version.number == number:
                return version
        raise Http404
    open_version = next((v for v in versions if v.is_open), None)
    current = next((v for v in versions if v.pk == process.document.current_version_id), None)
    return open_version or current or (versions[0] if versions else None)


def _legal_bases(process: Process):
    content_type = ContentType.objects.get_for_model(Document)
    return (
        LegalCitation.objects.filter(content_type=content_type, object_id=process.document_id)
        .select_related("legal_document")
        .order_by("legal_document__number")
    )


@login_required
def process_detail(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    versions = selectors.process_versions(process=process)
    version = _selected_version(request, process, versions)
    steps = selectors.version_steps(version=version) if version else []
    user = request.user
    has_open = any(v.is_open for v in versions)
    context = {
        "process": process,
        "versions": versions,
        "version": version,
        "steps": steps,
        "check": services.time_check(process=process, version=version) if version else None,
        "chart": flowchart.render(selectors.flowchart_boxes(steps), title=f"Lưu đồ {process}"),
        "procedures": process.procedures.select_related("current_version").order_by("code"),
        "legal_bases": _legal_bases(process),
        "can_edit": version is not None and documents.may_edit(version, user),
        "can_new_draft": not has_open and has_role(user, process.agency, *DRAFTERS),
        "can_copy_steps": version is not None
        and not steps
        and version.is_editable
        and process.document.current_version_id is not None
        and documents.may_edit(version, user),
        "template_update": selectors.template_update_view(process=process),
        "deviations": selectors.deviations(process=process),
        "can_answer_update": has_role(user, process.agency, *QMS_MANAGERS),
        "can_publish_template": has_province_role(user, process.agency.province, Role.COORDINATOR)
        and process.document.current_version_id is not None,
        "procedures_form": ProcessProceduresForm(
            agency=process.agency, user=user, initial={"procedures": list(process.procedures.all())}
        ),
        "dismiss_form": DismissForm(),
        "template_form": TemplatePublishForm(initial={"code": process.code, "name": process.name}),
    }
    return render(request, "procedures/process_detail.html", context)


@login_required
@require_POST
def process_new_draft(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    try:
        version = services.process_new_draft(process=process, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(process)
    messages.success(request, f"Đã tạo bản dự thảo lần {version.number} từ các bước hiện hành.")
    return redirect(_version_url(process, version))


@login_required
@require_POST
def process_set_procedures(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    form = ProcessProceduresForm(request.POST, agency=process.agency, user=request.user)
    try:
        if not form.is_valid():
            raise DomainError("Thủ tục đã chọn không có trong danh mục của tỉnh.")
        services.process_set_procedures(
            process=process, procedures=list(form.cleaned_data["procedures"]), actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã cập nhật thủ tục hành chính áp dụng.")
    return redirect(process)


@login_required
@require_POST
def process_draft_copy_steps(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    try:
        version = services.process_draft_copy_steps(process=process, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(process)
    messages.success(request, "Đã chép các bước từ phiên bản đang hiệu lực.")
    return redirect(_version_url(process, version))


def _draft_or_403(request, process: Process) -> DocumentVersion:
    version = services.open_version(process)
    if version is None or not version.is_editable:
        raise PermissionDenied("Quy trình không có bản dự thảo đang soạn để thêm bước.")
    if not documents.may_edit(version, request.user):
        raise PermissionDenied(DENIED_MESSAGE)
    return version


@login_required
def step_create(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    version = _draft_or_403(request, process)
    form = StepForm(request.POST or None, agency=process.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(version=version, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Đã thêm bước.")
            return redirect(_version_url(process, version))
    check = services.time_check(process=process, version=version)
    context = {"form": form, "process": process, "version": version, "check": check}
    return render(request, "procedures/step_form.html", context)


@login_required
def step_update(request, pk: int):
    step = get_for_user_or_404(ProcessStep, request.user, pk=pk)
    process = step.version.document.process
    if not documents.may_edit(step.version, request.user):
        raise PermissionDenied(DENIED_MESSAGE)
    form = StepForm(request.POST or None, instance=step, agency=step.agency)
    if request.method == "POST" and form.is_valid():
        try:
            values = {name: form.cleaned_data[name] for name in [*form.Meta.fields, "legal_documents"]}
            services.step_update(step=ProcessStep.objects.get(pk=step.pk), actor=request.user, **values)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Đã lưu bước {step.label}.")
            return redirect(_version_url(process, step.version))
    check = services.time_check(process=process, version=step.version, without=step)
    context = {"form": form, "process": process, "version": step.version, "step": step, "check": check}
    return render(request, "procedures/step_form.html", context)


@login_required
@require_POST
def step_delete(request, pk: int):
    step = get_for_user_or_404(ProcessStep, request.user, pk=pk)
    process, version = step.version.document.process, step.version
    return run_action(
        request,
        _version_url(process, version),
        lambda: services.step_delete(step=step, actor=request.user),
        f"Đã xóa bước “{step.name}”.",
    )


@login_required
@require_POST
def step_move(request, pk: int):
    step = get_for_user_or_404(ProcessStep, request.user, pk=pk)
    process, version = step.version.document.process, step.version
    try:
        services.step_move(step=step, up=request.POST.get("direction") == "up", actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_version_url(process, version) + "#cac-buoc")


@login_required
def steps_owed(request):
    steps = selectors.steps_owed(user=request.user)
    return render(request, "procedures/steps_owed.html", {"steps": steps})
