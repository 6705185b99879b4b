from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core import rendering
from eiso.core.downloads import DOCUMENT_FORMATS
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.tenancy import get_for_user_or_404
from eiso.core.workflow_views import transition_view
from eiso.orgs import signing
from eiso.oversight import reporting, selectors, services, signables, tasks
from eiso.oversight.forms import ReportCreateForm, ReportTextForm
from eiso.oversight.models import Report
from eiso.oversight.services.common import is_coordinator, require_provincial_reader
from eiso.oversight.views.common import base_context, overseen_province, run_action


@login_required
def report_list(request):
    province = overseen_province(request)
    today = timezone.localdate()
    form = ReportCreateForm(
        request.POST or None, initial={"year": today.year, "half": 1 if today.month <= 6 else 2}
    )
    if request.method == "POST":
        if not is_coordinator(request.user, province):
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                report = services.report_create(province=province, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã lập báo cáo. Hãy viết các phần nội dung rồi tạo tệp.")
                return redirect(report)
    context = {
        **base_context(request, province),
        "form": form,
        "reports": selectors.report_list(user=request.user),
    }
    return render(request, "oversight/report_list.html", context)


def _report_for_reader(request, pk: int) -> Report:
    report = get_for_user_or_404(Report, request.user, pk=pk)
    require_provincial_reader(request.user, report.province)
    return report


@login_required
def report_detail(request, pk: int):
    report = _report_for_reader(request, pk)
    form = ReportTextForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not is_coordinator(request.user, report.province):
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                services.report_update(report=report, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                report.refresh_from_db()
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã lưu nội dung báo cáo.")
                return redirect(report)
    header = reporting.header(report, timezone.localdate())
    context = {
        **base_context(request, report.province),
        "report": report,
        "form": form,
        "blocks": rendering.blocks(reporting.body(report)) if report.figures else [],
        "header": header,
        "place_date": rendering.place_and_date(header.place, header.day),
    }
    return render(request, "oversight/report_detail.html", context)


@login_required
def report_progress(request, pk: int):
    """The progress bar, polled by htmx while the files are being generated."""
    report = _report_for_reader(request, pk)
    return render(request, "oversight/_report_progress.html", {"report": report})


@login_required
@require_POST
def report_generate(request, pk: int):
    report = _report_for_reader(request, pk)
    return run_action(
        request,
        lambda: tasks.start_report_generation(report=report, actor=request.user),
        "Đang tạo tệp báo cáo.",
        report,
    )


@login_required
def report_download(request, pk: int, fmt: str):
    report = _report_for_reader(request, pk)
    file = report.docx_file if fmt == "docx" else report.pdf_file
    if fmt not in DOCUMENT_FORMATS or not file:
        raise Http404("Báo cáo chưa có tệp này.")
    signed = signing.signed_document(signables.REPORT_KIND, report)
    if signed is not None and fmt == "pdf":
        # The signed PDF is the report: served as signed.
        return redirect("orgs:signed_file", signed.pk)
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=report.download_name(fmt),
        content_type=DOCUMENT_FORMATS[fmt],
    )


report_transition = transition_view(services.REPORT)
