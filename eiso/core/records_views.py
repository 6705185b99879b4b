"""Pages of records retention: the agency's records and their retention, the disposal lists
(danh mục tài liệu hết giá trị), archive packages and their verification, and the province's
retention periods (core.retention, core.disposal, core.archive)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core import archive, disposal, retention
from eiso.core import tasks as core_tasks
from eiso.core.errors import DomainError
from eiso.core.models import ArchivePackage, DisposalList
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.records_forms import PackageRequestForm, RuleForm, VerifyForm
from eiso.core.roles import PROVINCE_MEMBERS, QMS_MANAGERS, Role
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view

PAGE_SIZE = 50


@login_required
def record_list(request):
    """The working agency's records of one type, with the day each may be disposed of."""
    agency = working_agency(request, *QMS_MANAGERS)
    types = retention.record_types()
    key = request.GET.get("loai") or types[0].key
    record_type = next((rt for rt in types if rt.key == key), None)
    if record_type is None:
        raise Http404
    rule = retention.rule_for(record_type, agency.province)
    rows = record_type.model.objects.filter(agency=agency).select_related(*record_type.select_related)
    page_obj = Paginator(rows.order_by("-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    lines = []
    for obj in page_obj:
        ended_on = record_type.ended_on(obj)
        until = retention.kept_until(rule, ended_on)
        lines.append((obj, record_type.code(obj), record_type.title(obj), ended_on, until))
    context = {"tab": "records", "types": types, "record_type": record_type, "rule": rule}
    context.update({"page_obj": page_obj, "lines": lines})
    return render(request, "core/records/record_list.html", context)


@login_required
@require_POST
def record_delete(request, record_type: str, pk: int):
    kind = retention.REGISTRY.get(record_type)
    if kind is None:
        raise Http404
    obj = get_for_user_or_404(kind.model, request.user, pk=pk)
    try:
        retention.record_delete(obj=obj, actor=request.user, today=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã xoá hồ sơ.")
    return redirect(f"{reverse('core:record_list')}?loai={record_type}")


@login_required
def rule_list(request):
    """The retention periods in force in the province; the administrator changes the ISO defaults."""
    province = getattr(request, "province", None)
    if not (has_province_role(request.user, province, *PROVINCE_MEMBERS) or _is_qms_manager(request)):
        raise PermissionDenied(DENIED_MESSAGE)
    may_edit = has_province_role(request.user, province, Role.ADMIN)
    rows = [
        (rule, RuleForm(prefix=key, initial=RuleForm.initial_for(rule)) if may_edit else None)
        for key, rule in retention.rules_for(province).items()
    ]
    return render(
        request, "core/records/rule_list.html", {"tab": "rules", "rows": rows, "may_edit": may_edit}
    )


@login_required
@require_POST
def rule_update(request, key: str):
    if key not in retention.REGISTRY:
        raise Http404
    form = RuleForm(request.POST, prefix=key)
    if not form.is_valid():
        messages.error(request, next(iter(e for errors in form.errors.values() for e in errors)))
        return redirect("core:rule_list")
    try:
        rule = retention.rule_set(province=request.province, key=key, actor=request.user, **form.input())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Đã lưu thời hạn lưu của {rule.record_type.label.lower()}: {rule.period_text}."
        )
    return redirect("core:rule_list")


def _is_qms_manager(request) -> bool:
    return has_role(request.user, getattr(request, "agency", None), *QMS_MANAGERS)


@login_required
def disposal_index(request):
    """The records whose retention has ended (to propose for disposal) and the agency's lists."""
    agency = working_agency(request, *QMS_MANAGERS)
    candidates = disposal.expired_records(agency=agency, today=timezone.localdate())
    lists = DisposalList.objects.filter(agency=agency).select_related("proposed_by", "decided_by")
    context = {
        "tab": "disposal",
        "candidates": candidates,
        "lists": lists,
        "may_propose": has_role(request.user, agency, Role.SECRETARY),
    }
    return render(request, "core/records/disposal_index.html", context)


@login_required
@require_POST
def disposal_propose(request):
    agency = working_agency(request, *QMS_MANAGERS)
    try:
        created = disposal.disposal_propose(
            agency=agency,
            actor=request.user,
            keys=request.POST.getlist("records"),
            reason=request.POST.get("reason", "")[:2000],
            today=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("core:disposal_index")
    messages.success(request, "Đã lập danh mục tài liệu hết giá trị, chờ lãnh đạo duyệt.")
    return redirect(created)


@login_required
def disposal_detail(request, pk: int):
    disposal_list = get_for_user_or_404(DisposalList, request.user, pk=pk)
    items = disposal_list.items.all()
    return render(
        request,
        "core/records/disposal_detail.html",
        {"tab": "disposal", "disposal": disposal_list, "items": items},
    )


disposal_transition = transition_view(disposal.DISPOSAL_LIST)


@login_required
def package_list(request):
    agency = working_agency(request, *QMS_MANAGERS)
    packages = ArchivePackage.objects.filter(agency=agency).select_related("requested_by")
    form = PackageRequestForm(initial={"year": timezone.localdate().year - 1})
    return render(
        request, "core/records/package_list.html", {"tab": "archive", "packages": packages, "form": form}
    )


@login_required
@require_POST
def package_request(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = PackageRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm không hợp lệ: hãy nhập năm bốn chữ số, ví dụ 2025.")
        return redirect("core:package_list")
    try:
        package = archive.package_request(
            agency=agency, year=form.cleaned_data["year"], actor=request.user, today=timezone.localdate()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        core_tasks.start_archive_package(package)
        messages.success(request, f"Đang tạo gói lưu trữ năm {package.year}.")
    return redirect("core:package_list")


@login_required
def package_progress(request, pk: int):
    package = get_for_user_or_404(ArchivePackage, request.user, pk=pk)
    return render(request, "core/records/_package_row.html", {"package": package})


@login_required
def package_download(request, pk: int):
    package = get_for_user_or_404(ArchivePackage, request.user, pk=pk)
    if not has_role(request.user, package.agency, *QMS_MANAGERS):
        raise PermissionDenied(DENIED_MESSAGE)
    if package.status != ArchivePackage.Status.DONE or not package.file:
        raise Http404
    name = f"goi-luu-tru-{package.agency.identifier_code or package.agency_id}-{package.year}.zip"
    return FileResponse(
        package.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )


@login_required
def package_verify(request):
    """Verify a package brought back to eISO: every checksum, every record present once."""
    working_agency(request, *QMS_MANAGERS)
    result = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = archive.verify(form.cleaned_data["package"])
    return render(
        request, "core/records/package_verify.html", {"tab": "verify", "form": form, "result": result}
    )
