from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.downloads import DOCX, PDF, attachment
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import has_role, require_manager
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.improvement import reports, selectors, services, signables
from eiso.improvement.forms import OutputForm, ReviewForm
from eiso.improvement.models import ManagementReview
from eiso.orgs import signing


@login_required
def review_list(request):
    agency = getattr(request, "agency", None)
    context = {
        "reviews": selectors.review_list(user=request.user),
        "can_manage": agency is not None and has_role(request.user, agency, *QMS_MANAGERS),
        "status": selectors.year_status(agency=agency, today=timezone.localdate()) if agency else None,
    }
    return render(request, "improvement/review_list.html", context)


@login_required
def review_create(request):
    agency = working_agency(request)
    require_manager(request.user, agency)
    today = timezone.localdate()
    initial = {
        "title": f"Xem xét của lãnh đạo năm {today.year}",
        "period_start": today.replace(month=1, day=1),
        "period_end": today,
        "planned_on": today,
    }
    form = ReviewForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_plan(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lập kế hoạch họp xem xét của lãnh đạo.")
            return redirect(review)
    return render(request, "improvement/review_form.html", {"form": form})


@login_required
def review_update(request, pk: int):
    review = get_for_user_or_404(ManagementReview, request.user, pk=pk)
    require_manager(request.user, review.agency)
    fields = ["title", "period_start", "period_end", "planned_on", "location", "chair", "participants"]
    initial = {name: getattr(review, name) for name in fields}
    form = ReviewForm(request.POST or None, agency=review.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(review=review, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã cập nhật cuộc họp.")
            return redirect(review)
    return render(request, "improvement/review_form.html", {"form": form, "review": review})


@login_required
def review_detail(request, pk: int):
    review = get_object_or_404(ManagementReview.objects.for_user(request.user).select_related("chair"), pk=pk)
    if review.is_held:
        inputs = review.inputs
    else:
        inputs = selectors.review_inputs_compile(
            agency=review.agency,
            period_start=review.period_start,
            period_end=review.period_end,
            exclude_review=review,
        )
    context = {
        "review": review,
        "inputs": inputs,
        "outputs": selectors.source_actions(review),
        "can_manage": has_role(request.user, review.agency, *QMS_MANAGERS),
        "action_form": OutputForm(agency=review.agency),
    }
    return render(request, "improvement/review_detail.html", context)


review_transition = transition_view(services.MANAGEMENT_REVIEW)


@login_required
@require_POST
def review_add_output(request, pk: int):
    review = get_for_user_or_404(ManagementReview, request.user, pk=pk)
    form = OutputForm(request.POST, agency=review.agency)
    if not form.is_valid():
        return form_invalid(request, review, form)
    return run_action(
        request,
        review,
        lambda: services.review_add_output(review=review, actor=request.user, **form.cleaned_data),
        "Đã giao hành động.",
    )


@login_required
def review_minutes_docx(request, pk: int):
    review = get_for_user_or_404(ManagementReview, request.user, pk=pk)
    return attachment(
        reports.review_minutes_docx(review), filename=f"bien-ban-xem-xet-{review.pk}.docx", content_type=DOCX
    )


@login_required
def review_minutes_pdf(request, pk: int):
    review = get_for_user_or_404(ManagementReview, request.user, pk=pk)
    signed = signing.signed_document(signables.REVIEW_MINUTES_KIND, review)
    if signed is not None:
        return redirect("orgs:signed_file", signed.pk)
    return attachment(
        reports.review_minutes_pdf(review), filename=f"bien-ban-xem-xet-{review.pk}.pdf", content_type=PDF
    )
