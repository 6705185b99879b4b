"""The agency's webhook page: registered URLs, recent deliveries and failures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.roles import INTEGRATORS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.procedures import services
from eiso.procedures.forms import WebhookEndpointForm
from eiso.procedures.models import WebhookDelivery, WebhookEndpoint


@login_required
def webhook_list(request):
    agency = working_agency(request, *INTEGRATORS)
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(
                agency=agency, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Đã đăng ký {endpoint.url}. Khóa ký: {endpoint.secret}")
            return redirect("procedures:webhook_list")
    status = request.GET.get("trang-thai", "")
    deliveries = (
        WebhookDelivery.objects.for_user(request.user).filter(agency=agency).select_related("endpoint")
    )
    if status in WebhookDelivery.Status.values:
        deliveries = deliveries.filter(status=status)
    context = {
        "form": form,
        "endpoints": WebhookEndpoint.objects.filter(agency=agency).order_by("-is_active", "url"),
        "deliveries": deliveries.order_by("-created_at")[:100],
        "status": status,
        "statuses": WebhookDelivery.Status.choices,
    }
    return render(request, "procedures/webhook_list.html", context)


@login_required
@require_POST
def webhook_deactivate(request, pk: int):
    endpoint = get_for_user_or_404(WebhookEndpoint, request.user, pk=pk)
    return run_action(
        request,
        "procedures:webhook_list",
        lambda: services.webhook_endpoint_deactivate(endpoint=endpoint, actor=request.user),
        f"Đã ngừng gửi sự kiện tới {endpoint.url}.",
    )


@login_required
@require_POST
def delivery_retry(request, pk: int):
    delivery = get_for_user_or_404(WebhookDelivery, request.user, pk=pk)
    return run_action(
        request,
        "procedures:webhook_list",
        lambda: services.webhook_delivery_retry(delivery=delivery, actor=request.user),
        "Sự kiện sẽ được gửi lại trong lần chạy tiếp theo.",
    )
