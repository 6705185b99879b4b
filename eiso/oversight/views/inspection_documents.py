"""The documents of the inspections as .docx or PDF — the plan (TT 26/2014 Mẫu 19), the request to
report (Điều 35) and the closing request (Điều 37) of an inspection through documents, the
decision (Mẫu 20) and the minutes (Mẫu 21) of an on-site one — and the heading and signer the
plan's documents carry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.downloads import document_attachment
from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs import signing
from eiso.oversight import paperwork, services, signables
from eiso.oversight.forms import InspectionPlanDocumentForm
from eiso.oversight.models import Inspection
from eiso.oversight.views.common import plan_for_reader, run_action


def _download(paper: paperwork.Paper, fmt: str):
    return document_attachment(paper.render, stem=paper.filename, fmt=fmt)


@login_required
def inspection_plan_document(request, pk: int, fmt: str):
    """Mẫu 19. KHKT."""
    plan = plan_for_reader(request, pk)
    signed = signing.signed_document(signables.PLAN_KIND, plan)
    if signed is not None and fmt == "pdf":
        return redirect("orgs:signed_file", signed.pk)
    return _download(paperwork.inspection_plan(plan, today=timezone.localdate()), fmt)


@login_required
@require_POST
def inspection_plan_update(request, pk: int):
    plan = plan_for_reader(request, pk)
    form = InspectionPlanDocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cơ quan ban hành và chức vụ người ký là bắt buộc.")
        return redirect(plan)
    return run_action(
        request,
        lambda: services.inspection_plan_update(plan=plan, actor=request.user, **form.cleaned_data),
        "Đã lưu thông tin văn bản của kế hoạch kiểm tra.",
        plan,
    )


@login_required
def inspection_decision(request, pk: int, fmt: str):
    """Mẫu 20. QĐKT: only an on-site inspection is decided (TT 26/2014 Điều 35)."""
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    if inspection.form != Inspection.Form.ON_SITE:
        messages.error(
            request,
            "Quyết định kiểm tra (Mẫu 20) chỉ lập cho cuộc kiểm tra tại trụ sở; kiểm tra qua hồ sơ, báo cáo "
            "dùng văn bản đề nghị cơ quan báo cáo.",
        )
        return redirect(inspection)
    signed = signing.signed_document(services.DECISION_KIND, inspection)
    if signed is not None and fmt == "pdf":
        # The signed PDF is the decision: served as signed, never rendered again.
        return redirect("orgs:signed_file", signed.pk)
    return _download(paperwork.inspection_decision(inspection, today=timezone.localdate()), fmt)


@login_required
def inspection_minutes(request, pk: int, fmt: str):
    """Mẫu 21. BBKT of an on-site inspection: from the day it starts (a draft until it is concluded)."""
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    if not inspection.is_on_site:
        messages.error(
            request,
            "Biên bản kiểm tra (Mẫu 21) chỉ lập cho cuộc kiểm tra tại trụ sở; kiểm tra qua hồ sơ, báo cáo "
            "kết thúc bằng văn bản đề nghị khắc phục.",
        )
        return redirect(inspection)
    if not inspection.has_started:
        messages.error(request, "Cuộc kiểm tra chưa bắt đầu nên chưa có biên bản.")
        return redirect(inspection)
    signed = signables.minutes_signed(inspection)
    if signed is not None and fmt == "pdf":
        return redirect("orgs:signed_file", signed.pk)
    return _download(paperwork.inspection_minutes(inspection, today=timezone.localdate()), fmt)


@login_required
def inspection_report_request(request, pk: int, fmt: str):
    """The request of Điều 35 that an agency inspected through documents report, with evidence."""
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    if inspection.is_on_site:
        messages.error(
            request,
            "Cuộc kiểm tra tại trụ sở dùng quyết định kiểm tra (Mẫu 20); văn bản đề nghị báo cáo dành cho "
            "cơ quan kiểm tra qua hồ sơ, báo cáo.",
        )
        return redirect(inspection)
    return _download(paperwork.report_request(inspection, today=timezone.localdate()), fmt)


@login_required
def inspection_result_letter(request, pk: int, fmt: str):
    """The written request that ends an inspection through documents (Điều 37), once it has started."""
    inspection = get_for_user_or_404(Inspection, request.user, pk=pk)
    if inspection.is_on_site:
        messages.error(request, "Cuộc kiểm tra tại trụ sở kết thúc bằng biên bản kiểm tra (Mẫu 21).")
        return redirect(inspection)
    if not inspection.has_started:
        messages.error(request, "Cuộc kiểm tra chưa bắt đầu nên chưa có văn bản đề nghị khắc phục.")
        return redirect(inspection)
    return _download(paperwork.result_letter(inspection, today=timezone.localdate()), fmt)
