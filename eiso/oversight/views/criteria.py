from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.tenancy import get_for_user_or_404
from eiso.oversight import scoring, selectors, services
from eiso.oversight.forms import CriteriaSetForm, CriterionForm, RankingForm
from eiso.oversight.models import CriteriaSet, Criterion
from eiso.oversight.services.common import is_coordinator, require_provincial_reader
from eiso.oversight.views.common import base_context, overseen_province, run_action, year_param


@login_required
def criteria_list(request):
    province = overseen_province(request)
    form = CriteriaSetForm(request.POST or None)
    if request.method == "POST":
        if not is_coordinator(request.user, province):
            raise PermissionDenied(DENIED_MESSAGE)
        try:
            if "default" in request.POST:
                criteria_set = services.criteria_set_install_default(province=province, actor=request.user)
            elif form.is_valid():
                criteria_set = services.criteria_set_create(
                    province=province, actor=request.user, **form.cleaned_data
                )
            else:
                criteria_set = None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if criteria_set is not None:
                messages.success(request, "Đã tạo bộ tiêu chí.")
                return redirect(criteria_set)
    context = {
        **base_context(request, province),
        "form": form,
        "sets": selectors.criteria_set_list(user=request.user),
    }
    return render(request, "oversight/criteria_list.html", context)


def _set_for_reader(request, pk: int) -> CriteriaSet:
    criteria_set = get_for_user_or_404(CriteriaSet, request.user, pk=pk)
    require_provincial_reader(request.user, criteria_set.province)
    return criteria_set


@login_required
def criteria_detail(request, pk: int):
    criteria_set = _set_for_reader(request, pk)
    form = CriterionForm(request.POST or None, criteria_set=criteria_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_add(criteria_set=criteria_set, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã thêm tiêu chí.")
            return redirect(criteria_set)
    criteria = list(criteria_set.criteria.all())
    context = {
        **base_context(request, criteria_set.province),
        "criteria_set": criteria_set,
        "criteria": criteria,
        "total": sum(c.max_points for c in criteria if not any(o.parent_id == c.pk for o in criteria)),
        "form": form,
        "rules": scoring.RULES,
    }
    return render(request, "oversight/criteria_detail.html", context)


@login_required
@require_POST
def criterion_delete(request, pk: int):
    criterion = get_for_user_or_404(Criterion, request.user, pk=pk)
    criteria_set = criterion.criteria_set
    return run_action(
        request,
        lambda: services.criterion_delete(criterion=criterion, actor=request.user),
        "Đã xóa tiêu chí.",
        criteria_set,
    )


@login_required
@require_POST
def criteria_new_version(request, pk: int):
    criteria_set = _set_for_reader(request, pk)
    try:
        new = services.criteria_set_new_version(criteria_set=criteria_set, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(criteria_set)
    messages.success(
        request, f"Đã tạo phiên bản {new.version}; phiên bản cũ được giữ cho các kết quả đã chấm."
    )
    return redirect(new)


@login_required
def ranking(request):
    province = overseen_province(request)
    sets = CriteriaSet.objects.for_user(request.user).filter(province=province)
    form = RankingForm(request.GET or None, criteria_sets=sets)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or year_param(request)
    criteria_set = data.get("criteria_set") or sets.filter(is_active=True).order_by("-version").first()
    context = {
        **base_context(request, province),
        "form": form,
        "year": year,
        "criteria_set": criteria_set,
        "ranking": selectors.ranking(
            user=request.user, province=province, year=year, criteria_set=criteria_set
        )
        if criteria_set
        else {},
        "groups": criteria_set.criteria.filter(parent__isnull=True) if criteria_set else [],
    }
    return render(request, "oversight/ranking.html", context)
