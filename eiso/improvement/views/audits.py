from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.downloads import DOCX, PDF, attachment
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import has_province_role, has_role, require_manager, require_province_role
from eiso.core.query import query_year
from eiso.core.roles import PROVINCE_LIBRARIANS, QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.improvement import reports, selectors, services, signables
from eiso.improvement.forms import (
    AuditForm,
    LineRecordForm,
    MemberForm,
    ProgrammeForm,
    QuestionAddForm,
    QuestionForm,
)
from eiso.improvement.models import AuditProgramme, ChecklistLine, ChecklistQuestion, InternalAudit, Result
from eiso.improvement.services.audits import is_team_member
from eiso.orgs import editions, signing
from eiso.orgs.models import Province


@login_required
def audit_list(request):
    today = timezone.localdate()
    year = query_year(request, default=today.year)
    agency = getattr(request, "agency", None)
    context = {
        "year": year,
        "audits": selectors.audit_list(user=request.user, year=year),
        "programme": selectors.programme_for(agency, year) if agency else None,
        "status": selectors.year_status(agency=agency, today=today) if agency else None,
        "can_manage": agency is not None and has_role(request.user, agency, *QMS_MANAGERS),
        "programme_form": ProgrammeForm(initial={"year": year}),
    }
    return render(request, "improvement/audit_list.html", context)


@login_required
def programme_create(request):
    agency = working_agency(request)
    require_manager(request.user, agency)
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lập chương trình đánh giá nội bộ.")
            return redirect(programme)
    return render(request, "improvement/programme_form.html", {"form": form})


@login_required
def programme_detail(request, pk: int):
    programme = get_for_user_or_404(AuditProgramme, request.user, pk=pk)
    priorities, gaps = selectors.audit_priorities(agency=programme.agency, year=programme.year)
    context = {
        "programme": programme,
        "audits": selectors.audit_list(user=request.user).filter(programme=programme),
        "priorities": priorities,
        "gaps": gaps,
        "can_manage": has_role(request.user, programme.agency, *QMS_MANAGERS),
    }
    return render(request, "improvement/programme_detail.html", context)


programme_transition = transition_view(services.AUDIT_PROGRAMME)


@login_required
def audit_create(request, pk: int):
    programme = get_for_user_or_404(AuditProgramme, request.user, pk=pk)
    require_manager(request.user, programme.agency)
    try:
        services.check_programme_approved(programme)
    except DomainError as error:  # the page offers no plan then; an old link lands here
        messages.error(request, error.message)
        return redirect(programme)
    form = AuditForm(request.POST or None, agency=programme.agency)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_plan(programme=programme, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã lập kế hoạch cuộc đánh giá {audit.code}.")
            return redirect(audit)
    return render(request, "improvement/audit_form.html", {"form": form, "programme": programme})


@login_required
def audit_detail(request, pk: int):
    audit = get_object_or_404(
        InternalAudit.objects.for_user(request.user).select_related(
            "programme", "lead_auditor", "acknowledged_by"
        ),
        pk=pk,
    )
    lines = audit.lines.select_related("document_version__document", "finding__nonconformity")
    can_manage = has_role(request.user, audit.agency, *QMS_MANAGERS)
    is_team = is_team_member(audit, request.user)
    findings = list(audit.findings.select_related("nonconformity", "unit"))
    for finding in findings:
        finding.mapping = editions.record_mapping(
            agency=audit.agency, number=finding.clause, edition=audit.edition
        )
    context = {
        "audit": audit,
        "edition": audit.edition or editions.of(audit.agency),
        "team": audit.team.select_related("user"),
        "lines": lines,
        "findings": findings,
        "done_count": sum(1 for line in lines if line.result != Result.PENDING),
        "can_manage": can_manage,
        "is_team": is_team,
        # The checklist services let the team and the QMS managers record results.
        "can_record": is_team or can_manage,
        "member_form": MemberForm(agency=audit.agency),
        "question_form": QuestionAddForm(),
    }
    return render(request, "improvement/audit_detail.html", context)


audit_transition = transition_view(services.INTERNAL_AUDIT)


@login_required
@require_POST
def audit_add_member(request, pk: int):
    audit = get_for_user_or_404(InternalAudit, request.user, pk=pk)
    form = MemberForm(request.POST, agency=audit.agency)
    if not form.is_valid():
        return form_invalid(request, audit, form)
    return run_action(
        request,
        audit,
        lambda: services.audit_add_member(audit=audit, actor=request.user, user=form.cleaned_data["user"]),
        "Đã bổ sung thành viên đoàn đánh giá.",
    )


@login_required
@require_POST
def line_add(request, pk: int):
    audit = get_for_user_or_404(InternalAudit, request.user, pk=pk)
    form = QuestionAddForm(request.POST)
    if not form.is_valid():
        return form_invalid(request, audit, form)
    return run_action(
        request,
        audit,
        lambda: services.checklist_line_add(audit=audit, actor=request.user, **form.cleaned_data),
        "Đã thêm câu hỏi vào danh mục kiểm tra.",
    )


@login_required
def line_record(request, pk: int):
    line = get_object_or_404(ChecklistLine.objects.for_user(request.user).select_related("audit"), pk=pk)
    initial = {
        "result": line.result if line.result != Result.PENDING else Result.CONFORMING,
        "evidence_text": line.evidence_text,
        "record_reference": line.record_reference,
        "document_version": line.document_version_id,
    }
    form = LineRecordForm(request.POST or None, request.FILES or None, agency=line.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_line_record(line=line, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã ghi kết quả điều khoản {line.clause}.")
            return redirect(f"{line.audit.get_absolute_url()}#line-{line.pk}")
    return render(request, "improvement/line_form.html", {"form": form, "line": line, "audit": line.audit})


@login_required
def audit_report_docx(request, pk: int):
    audit = get_for_user_or_404(InternalAudit, request.user, pk=pk)
    return attachment(
        reports.audit_report_docx(audit), filename=f"bao-cao-danh-gia-{audit.pk}.docx", content_type=DOCX
    )


@login_required
def audit_report_pdf(request, pk: int):
    audit = get_for_user_or_404(InternalAudit, request.user, pk=pk)
    signed = signing.signed_document(signables.AUDIT_REPORT_KIND, audit)
    if signed is not None:
        return redirect("orgs:signed_file", signed.pk)
    return attachment(
        reports.audit_report_pdf(audit), filename=f"bao-cao-danh-gia-{audit.pk}.pdf", content_type=PDF
    )


# --- the province's question library ---------------------------------------------------------------


def _province(request):
    ids = request.user.visible_province_ids()
    agency = getattr(request, "agency", None)
    if agency is not None:
        return agency.province
    return get_object_or_404(Province, pk__in=ids) if len(ids) == 1 else None


@login_required
def library_list(request):
    """Reads only: an empty library is filled by the coordinator's POST to library_load (or by
    planning the province's first audit)."""
    province = _province(request)
    questions = (
        ChecklistQuestion.objects.filter(province=province) if province else ChecklistQuestion.objects.none()
    )
    can_edit = province is not None and has_province_role(request.user, province, *PROVINCE_LIBRARIANS)
    return render(request, "improvement/library_list.html", {"questions": questions, "can_edit": can_edit})


@login_required
@require_POST
def library_load(request):
    province = _province(request)
    if province is None:
        raise PermissionDenied
    return run_action(
        request,
        "improvement:library_list",
        lambda: services.library_load_defaults(province=province, actor=request.user),
        "Đã nạp bộ câu hỏi mặc định.",
    )


@login_required
def question_edit(request, pk: int | None = None):
    province = _province(request)
    if province is None:
        raise PermissionDenied
    require_province_role(request.user, province, *PROVINCE_LIBRARIANS)
    question = get_object_or_404(ChecklistQuestion, pk=pk, province=province) if pk else None
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        stored = (
            ChecklistQuestion.objects.get(pk=question.pk) if question else None
        )  # the form changed `question`
        try:
            services.question_save(
                actor=request.user, province=province, question=stored, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lưu câu hỏi.")
            return redirect("improvement:library_list")
    return render(request, "improvement/question_form.html", {"form": form, "question": question})
