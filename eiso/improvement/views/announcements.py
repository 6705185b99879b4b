from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.downloads import DOCX, attachment
from eiso.core.errors import DomainError
from eiso.core.permissions import has_role, require_manager
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.improvement import reports, selectors, services, signables
from eiso.improvement.forms import LifecycleForm
from eiso.improvement.models import Announcement
from eiso.orgs import signing


@login_required
def announcement_list(request):
    """The QMS lifecycle of the working agency: stage, scope, prerequisites and announcements."""
    agency = getattr(request, "agency", None)
    context = {"announcements": Announcement.objects.for_user(request.user).select_related("agency")}
    if agency is not None:
        lifecycle = selectors.lifecycle_for(agency)
        prerequisites = selectors.announcement_prerequisites(agency, on=timezone.localdate())
        context.update(
            lifecycle=lifecycle,
            prerequisites=prerequisites,
            is_ready=all(step.met for step in prerequisites),
            scope=selectors.current_scope(agency),
            change=selectors.scope_change(agency),
            has_announced=Announcement.objects.filter(
                agency=agency, status=Announcement.Status.ANNOUNCED
            ).exists(),
            can_manage=has_role(request.user, agency, *QMS_MANAGERS),
            is_leader=has_role(request.user, agency, Role.LEADER),
            lifecycle_form=LifecycleForm(initial={"internal_activities": lifecycle.internal_activities}),
        )
    return render(request, "improvement/announcement_list.html", context)


@login_required
@require_POST
def lifecycle_update(request):
    agency = working_agency(request)
    form = LifecycleForm(request.POST)
    if not form.is_valid():
        return form_invalid(request, "improvement:announcement_list", form)
    return run_action(
        request,
        "improvement:announcement_list",
        lambda: services.lifecycle_update(agency=agency, actor=request.user, **form.cleaned_data),
        "Đã cập nhật phạm vi hoạt động nội bộ.",
    )


@login_required
@require_POST
def lifecycle_confirm(request):
    agency = working_agency(request)
    return run_action(
        request,
        "improvement:announcement_list",
        lambda: services.lifecycle_confirm_effectiveness(agency=agency, actor=request.user),
        "Đã xác nhận hiệu lực của hệ thống quản lý chất lượng.",
    )


@login_required
@require_POST
def lifecycle_check_scope(request):
    agency = working_agency(request)
    require_manager(request.user, agency)
    lifecycle = services.lifecycle_check_scope(agency=agency, actor=request.user)
    if lifecycle.needs_reannouncement:
        messages.warning(request, "Phạm vi đã thay đổi: cần công bố lại.")
    else:
        messages.success(request, "Phạm vi không thay đổi so với lần công bố đang hiệu lực.")
    return redirect("improvement:announcement_list")


@login_required
@require_POST
def announcement_prepare(request):
    agency = working_agency(request)
    try:
        announcement = services.announcement_prepare(agency=agency, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("improvement:announcement_list")
    return redirect(announcement)


@login_required
def announcement_detail(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.for_user(request.user), pk=pk)
    # A draft shows the scope it would announce today; a decision, the scope it froze.
    scope = selectors.current_scope(announcement.agency) if announcement.is_draft else announcement.scope
    context = {"announcement": announcement, "scope": scope}
    return render(request, "improvement/announcement_detail.html", context)


announcement_transition = transition_view(services.ANNOUNCEMENT)


@login_required
def announcement_decision_docx(request, pk: int):
    announcement = get_for_user_or_404(Announcement, request.user, pk=pk)
    return attachment(
        reports.announcement_decision_docx(announcement),
        filename=f"quyet-dinh-cong-bo-{announcement.pk}.docx",
        content_type=DOCX,
    )


@login_required
def announcement_decision_pdf(request, pk: int):
    """The decision as PDF; once signed, the signed file, never a new rendering."""
    announcement = get_for_user_or_404(Announcement, request.user, pk=pk)
    signed = signing.signed_document(signables.DECISION_KIND, announcement)
    if signed is not None:
        return redirect("orgs:signed_file", signed.pk)
    return attachment(
        reports.announcement_decision_pdf(announcement),
        filename=f"quyet-dinh-cong-bo-{announcement.pk}.pdf",
        content_type="application/pdf",
    )
