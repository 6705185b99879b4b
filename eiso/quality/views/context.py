from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.permissions import is_manager, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.orgs import editions
from eiso.quality import selectors, services
from eiso.quality.forms import ContextIssueForm, InterestedPartyForm
from eiso.quality.models import ContextIssue, InterestedParty
from eiso.quality.views.common import form_page, list_agency


@login_required
def context_list(request):
    agency = list_agency(request)
    today = timezone.localdate()
    issues = list(selectors.context_issue_list(user=request.user, agency=agency))
    parties = list(selectors.party_list(user=request.user, agency=agency))
    for row in [*issues, *parties]:
        row.review_due = row.is_active and row.is_review_due(today)
    context = {
        "issues": issues,
        "parties": parties,
        "can_manage": agency is not None and is_manager(request.user, agency),
        "edition_name": editions.name(agency),
    }
    return render(request, "quality/context_list.html", context)


def _form_page(request, *, anchor: str, **kwargs):
    done = reverse("quality:context_list") + anchor
    return form_page(request, template="quality/context_form.html", done_url=done, **kwargs)


@login_required
def context_issue_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = ContextIssueForm(
        request.POST or None, agency=agency, initial={"reviewed_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form=form,
        title="Thêm vấn đề nội bộ, bên ngoài",
        success="Đã thêm vấn đề.",
        anchor="#issues",
        save=lambda data: services.context_issue_create(agency=agency, actor=request.user, **data),
    )


@login_required
def context_issue_update(request, pk: int):
    issue = get_for_user_or_404(ContextIssue, request.user, pk=pk)
    require_manager(request.user, issue.agency)
    form = ContextIssueForm(request.POST or None, instance=issue, agency=issue.agency)
    return _form_page(
        request,
        form=form,
        title="Sửa vấn đề nội bộ, bên ngoài",
        success="Đã cập nhật vấn đề.",
        anchor="#issues",
        save=lambda data: services.context_issue_update(issue=issue, actor=request.user, **data),
    )


@login_required
@require_POST
def context_issue_review(request, pk: int):
    issue = get_for_user_or_404(ContextIssue, request.user, pk=pk)
    return run_action(
        request,
        reverse("quality:context_list") + "#issues",
        lambda: services.context_issue_review(issue=issue, actor=request.user),
        "Đã ghi nhận xem xét vấn đề.",
    )


@login_required
def party_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = InterestedPartyForm(
        request.POST or None, agency=agency, initial={"reviewed_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form=form,
        title="Thêm bên quan tâm",
        success="Đã thêm bên quan tâm.",
        anchor="#parties",
        save=lambda data: services.party_create(agency=agency, actor=request.user, **data),
    )


@login_required
def party_update(request, pk: int):
    party = get_for_user_or_404(InterestedParty, request.user, pk=pk)
    require_manager(request.user, party.agency)
    form = InterestedPartyForm(request.POST or None, instance=party, agency=party.agency)
    return _form_page(
        request,
        form=form,
        title="Sửa bên quan tâm",
        success="Đã cập nhật bên quan tâm.",
        anchor="#parties",
        save=lambda data: services.party_update(party=party, actor=request.user, **data),
    )


@login_required
@require_POST
def party_review(request, pk: int):
    party = get_for_user_or_404(InterestedParty, request.user, pk=pk)
    return run_action(
        request,
        reverse("quality:context_list") + "#parties",
        lambda: services.party_review(party=party, actor=request.user),
        "Đã ghi nhận xem xét bên quan tâm.",
    )
