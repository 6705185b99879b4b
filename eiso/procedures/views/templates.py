"""Pages of province templates: the list, a template with its adoption coverage, publishing
(coordinator), adopting (agency) and answering a newer template version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.procedures import selectors, services, templating
from eiso.procedures.forms import DismissForm, TemplatePublishForm, TemplateVersionForm
from eiso.procedures.models import Process, Template
from eiso.procedures.timing import duration_text


@login_required
def template_list(request):
    agency = request.agency
    templates = selectors.template_list(user=request.user)
    adopted = {}
    if agency is not None:
        adopted = {
            p.template_version.template_id: p
            for p in Process.objects.filter(agency=agency, template_version__isnull=False).select_related(
                "template_version", "document"
            )
        }
    context = {
        "templates": templates,
        "agency": agency,
        "adopted": adopted,
        "can_adopt": agency is not None and has_role(request.user, agency, *QMS_MANAGERS),
        "is_coordinator": has_province_role(request.user, request.province, Role.COORDINATOR),
    }
    return render(request, "procedures/template_list.html", context)


@login_required
def template_detail(request, pk: int):
    template = get_for_user_or_404(Template, request.user, pk=pk)
    is_coordinator = has_province_role(request.user, template.province, Role.COORDINATOR)
    agency = request.agency
    versions = list(template.versions.select_related("published_by").order_by("-number"))
    rows = selectors.template_coverage(template=template) if is_coordinator else []
    context = {
        "template": template,
        "versions": versions,
        "steps": [
            {**step, "duration_text": duration_text(step["duration_amount"], step["duration_unit"])}
            for step in template.current_version.steps
        ],
        "changes": [
            (newer, templating.compare(older.steps, newer.steps))
            for newer, older in zip(versions, versions[1:], strict=False)
        ],
        "is_coordinator": is_coordinator,
        "rows": rows,
        "counts": selectors.coverage_counts(rows),
        "adopted": Process.objects.filter(agency=agency, template_version__template=template).first()
        if agency
        else None,
        "can_adopt": agency is not None
        and agency.kind == template.agency_kind
        and has_role(request.user, agency, *QMS_MANAGERS),
        "version_form": TemplateVersionForm(),
    }
    return render(request, "procedures/template_detail.html", context)


@login_required
@require_POST
def template_publish(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    if not has_province_role(request.user, process.agency.province, Role.COORDINATOR):
        raise PermissionDenied(DENIED_MESSAGE)
    form = TemplatePublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn loại cơ quan áp dụng quy trình mẫu.")
        return redirect(process)
    try:
        template = services.template_publish(process=process, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(process)
    messages.success(
        request, f"Đã ban hành quy trình mẫu {template.code} cho {template.get_agency_kind_display()}."
    )
    return redirect(template)


@login_required
@require_POST
def template_version_publish(request, pk: int):
    template = get_for_user_or_404(Template, request.user, pk=pk)
    form = TemplateVersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(form.errors["change_summary"]))
        version = services.template_version_publish(
            template=template, actor=request.user, change_summary=form.cleaned_data["change_summary"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã ban hành phiên bản mẫu {version.number}; các cơ quan đã áp dụng sẽ thấy thay đổi."
        )
    return redirect(template)


@login_required
@require_POST
def template_adopt(request, pk: int):
    template = get_for_user_or_404(Template, request.user, pk=pk)
    agency = working_agency(request)
    try:
        process = services.template_adopt(template=template, agency=agency, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(template)
    messages.success(
        request,
        f"Đã tạo quy trình {process.code} từ mẫu. Hãy điều chỉnh đơn vị, người thực hiện và thời gian "
        "cho phù hợp rồi trình duyệt.",
    )
    return redirect(process)


@login_required
@require_POST
def template_update_apply(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    try:
        draft = services.template_update_apply(process=process, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(process)
    messages.success(request, f"Đã đưa thay đổi của quy trình mẫu vào bản dự thảo lần {draft.number}.")
    return redirect(f"{process.get_absolute_url()}?phien-ban={draft.number}")


@login_required
@require_POST
def template_update_dismiss(request, pk: int):
    process = get_for_user_or_404(Process, request.user, pk=pk)
    form = DismissForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.template_update_dismiss(process=process, reason=reason, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi nhận: không áp dụng phiên bản mẫu mới.")
    return redirect(process)
