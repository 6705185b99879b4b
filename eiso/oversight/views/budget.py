"""Budget lines per agency and year, and the province's training sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from eiso.oversight.forms import (
    AttendeeForm,
    BudgetFilterForm,
    BudgetLineForm,
    SpentForm,
    TrainingSessionForm,
)
from eiso.oversight.models import BudgetLine, TrainingSession
from eiso.oversight.services.common import can_report_for, is_coordinator, is_provincial_reader
from eiso.oversight.views.common import base_context, overseen_province, year_param


@login_required
def budget_list(request):
    province = overseen_province(request)
    agencies = Agency.objects.filter(province=province).active()
    filters = BudgetFilterForm(request.GET or None, agencies=agencies, auto_id="filter_%s")
    chosen = filters.cleaned_data if filters.is_valid() else {}
    year = chosen.get("year") or year_param(request)
    can_edit = is_coordinator(request.user, province)
    form = BudgetLineForm(request.POST or None, agencies=agencies, initial={"year": year})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                line = services.budget_line_save(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã thêm dòng kinh phí.")
                return redirect(f"{request.path}?year={line.year}")
    lines = list(
        selectors.budget_lines(
            user=request.user, year=year, purpose=chosen.get("purpose", ""), agency=chosen.get("agency")
        )
    )
    context = {
        **base_context(request, province),
        "year": year,
        "filters": filters,
        "form": form,
        "lines": lines,
        "totals": selectors.budget_totals_by_purpose(lines),
        "per_agency": selectors.budget_and_training_by_agency(
            user=request.user, province=province, year=year
        ),
    }
    return render(request, "oversight/budget_list.html", context)


@login_required
def budget_edit(request, pk: int):
    """The coordinator edits the whole line; the agency's secretary or leader records the spending."""
    line = get_for_user_or_404(BudgetLine, request.user, pk=pk)
    province = line.agency.province
    coordinator = is_coordinator(request.user, province)
    can_save = coordinator or can_report_for(request.user, line.agency)
    if not can_save and not is_provincial_reader(request.user, province):
        raise PermissionDenied(DENIED_MESSAGE)
    values = {
        name: getattr(line, name)
        for name in ("year", "purpose", "planned", "approved", "spent", "source", "note")
    }
    form_class = BudgetLineForm if coordinator else SpentForm
    form = form_class(request.POST or None, initial=values)
    if request.method == "POST":
        if not can_save:
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                if coordinator:
                    services.budget_line_save(
                        agency=line.agency, line=line, actor=request.user, **form.cleaned_data
                    )
                else:
                    services.budget_line_record_spent(line=line, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã lưu dòng kinh phí.")
                return redirect(
                    f"{reverse('oversight:budget_list')}?year={line.year}" if coordinator else line
                )
    context = {
        "line": line,
        "form": form,
        "can_save": can_save,
        "is_provincial": is_provincial_reader(request.user, province),
    }
    return render(request, "oversight/budget_edit.html", context)


@login_required
def training_list(request):
    province = overseen_province(request)
    can_edit = is_coordinator(request.user, province)
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                session = services.training_session_create(
                    province=province, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã tạo lớp đào tạo.")
                return redirect(session)
    context = {
        **base_context(request, province),
        "sessions": selectors.training_sessions(user=request.user),
        "form": form,
    }
    return render(request, "oversight/training_list.html", context)


@login_required
def training_detail(request, pk: int):
    session = get_for_user_or_404(TrainingSession, request.user, pk=pk)
    province = session.province
    can_edit = is_coordinator(request.user, province)
    form = AttendeeForm(request.POST or None, agencies=Agency.objects.filter(province=province).active())
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                services.training_attendee_add(session=session, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Đã thêm học viên.")
                return redirect(session)
    context = {
        **base_context(request, province),
        "session": session,
        "attendances": session.attendances.select_related("agency"),
        "form": form,
    }
    return render(request, "oversight/training_detail.html", context)
