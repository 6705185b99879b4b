from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import DENIED_MESSAGE, has_province_role
from eiso.core.actions import run_action
from eiso.core.pending_files import PendingSlot
from eiso.core.query import parse_int, warn_bad_filters
from eiso.core.roles import Role
from eiso.core.tenancy import get_for_user_or_404
from eiso.procedures import selectors, services
from eiso.procedures.filters import ProcedureFilterSet
from eiso.procedures.forms import FormFileForm, ImportForm
from eiso.procedures.models import Procedure, ProcedureComponent, ProcedureVersion

PENDING_CATALOGUE = PendingSlot("pending_procedure_import", "tmp/procedure-imports")


def _import_province(request):
    """The province whose catalogue the user may import into: their current one, as coordinator."""
    province = getattr(request, "province", None)
    if not has_province_role(request.user, province, Role.COORDINATOR):
        raise PermissionDenied(DENIED_MESSAGE)
    return province


def may_import(request) -> bool:
    return has_province_role(request.user, getattr(request, "province", None), Role.COORDINATOR)


@login_required
def procedure_list(request):
    filterset = ProcedureFilterSet(request.GET, queryset=selectors.procedure_list(user=request.user))
    warn_bad_filters(request, filterset)
    page_obj = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "filters": {key: request.GET.get(key, "") for key in ("q", "field", "level")},
        "fields": selectors.procedure_fields(user=request.user),
        "levels": ProcedureVersion.Level.choices,
        "can_import": may_import(request),
    }
    return render(request, "procedures/procedure_list.html", context)


@login_required
def procedure_detail(request, pk: int):
    procedure = get_for_user_or_404(Procedure, request.user, pk=pk)
    versions = selectors.procedure_versions(procedure=procedure)
    by_number = {version.number: version for version in versions}
    newer = by_number.get(_int(request.GET.get("den")), versions[0] if versions else None)
    older = by_number.get(_int(request.GET.get("tu")), by_number.get(newer.number - 1) if newer else None)
    context = {
        "procedure": procedure,
        "version": procedure.current_version,
        "versions": versions,
        "older": older,
        "newer": newer,
        "diff": selectors.version_diff(old=older, new=newer) if older and newer and older != newer else None,
        "can_manage": has_province_role(request.user, procedure.province, Role.COORDINATOR),
        "form_file_form": FormFileForm(),
    }
    return render(request, "procedures/procedure_detail.html", context)


def _int(value) -> int | None:
    return parse_int(value or "")


@login_required
@require_POST
def component_attach_form(request, pk: int):
    component = get_for_user_or_404(ProcedureComponent, request.user, pk=pk)
    procedure = component.version.procedure
    if not has_province_role(request.user, procedure.province, Role.COORDINATOR):
        raise PermissionDenied(DENIED_MESSAGE)
    form = FormFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["file"]))
        return redirect(procedure)
    return run_action(
        request,
        procedure,
        lambda: services.component_attach_form(
            component=component, upload=form.cleaned_data["file"], actor=request.user
        ),
        f"Đã đính kèm mẫu cho “{component.name}”.",
    )


@login_required
def procedure_import(request):
    province = _import_province(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "province": province}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        plan = services.procedure_import_plan(
            data=data, filename=upload.name, province=province, actor=request.user
        )
        PENDING_CATALOGUE.discard(request.session)
        if plan.is_valid and plan.changes_anything:
            context["pending"] = PENDING_CATALOGUE.stash(
                request.session, data=data, filename=upload.name, scope_id=province.pk
            )
        context.update(plan=plan, filename=upload.name, form=ImportForm())
    return render(request, "procedures/procedure_import.html", context)


@login_required
@require_POST
def procedure_import_confirm(request):
    province = _import_province(request)
    pending = PENDING_CATALOGUE.get(request.session, request.POST.get("token", ""), scope_id=province.pk)
    if pending is None:
        messages.error(request, "Không còn tệp chờ nhập (đã nhập hoặc đã hết hạn). Hãy tải tệp lên lại.")
        return redirect("procedures:procedure_import")
    try:
        plan = services.procedure_import(
            data=pending.read(), filename=pending.filename, province=province, actor=request.user
        )
    except services.ImportRejected as exc:
        messages.error(request, exc.message)
        context = {"form": ImportForm(), "province": province, "plan": exc.plan, "filename": pending.filename}
        return render(request, "procedures/procedure_import.html", context)
    finally:
        PENDING_CATALOGUE.discard(request.session)
    counts = plan.counts()
    messages.success(
        request,
        f"Đã nhập danh mục từ tệp {pending.filename}: {counts['created']} thủ tục mới, "
        f"{counts['updated']} thủ tục có phiên bản mới, {counts['unchanged']} thủ tục không thay đổi.",
    )
    return redirect("procedures:procedure_list")
