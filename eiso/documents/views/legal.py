from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from eiso.accounts.permissions import DENIED_MESSAGE
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.query import warn_bad_filters
from eiso.core.tenancy import get_for_user_or_404
from eiso.core.workflow_views import transition_view
from eiso.documents import legal_services, selectors
from eiso.documents.filters import LegalDocumentFilterSet
from eiso.documents.forms import LegalDocumentForm
from eiso.documents.models import LegalChangeTask, LegalDocument

TASK_TABS = [
    (LegalChangeTask.Status.OPEN, "Đang xử lý"),
    (LegalChangeTask.Status.CLOSED, "Đã hoàn thành"),
    ("all", "Tất cả"),
]


def _keeper_province(request):
    """The province whose register the user keeps now; 403 for those who do not keep it."""
    province = getattr(request, "province", None)
    if not legal_services.may_keep_register(request.user, province):
        raise PermissionDenied(DENIED_MESSAGE)
    return province


def _legal(request, pk: int) -> LegalDocument:
    legal_document = get_for_user_or_404(LegalDocument, request.user, pk=pk)
    return legal_document


def _require_keeper(request, legal_document: LegalDocument) -> None:
    if not legal_services.may_keep_register(request.user, legal_document.province):
        raise PermissionDenied(DENIED_MESSAGE)


@login_required
def legal_list(request):
    filterset = LegalDocumentFilterSet(request.GET, queryset=selectors.legal_list(user=request.user))
    warn_bad_filters(request, filterset)
    page_obj = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "filters": {key: request.GET.get(key, "") for key in ("q", "kind", "status")},
        "kinds": LegalDocument.Kind.choices,
        "statuses": LegalDocument.Status.choices,
        "can_keep": legal_services.may_keep_register(request.user, getattr(request, "province", None)),
    }
    return render(request, "documents/legal_list.html", context)


def _form_data(form) -> dict:
    data = form.cleaned_data
    return {
        key: data[key] for key in ("number", "kind", "issuing_body", "title", "issued_on", "effective_on")
    }


@login_required
def legal_create(request):
    province = _keeper_province(request)
    form = LegalDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_document = legal_services.legal_document_create(
                province=province, actor=request.user, **_form_data(form)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Đã thêm văn bản {legal_document.number} vào danh mục.")
            return redirect(legal_document)
    return render(request, "documents/legal_form.html", {"form": form})


@login_required
def legal_detail(request, pk: int):
    legal_document = _legal(request, pk)
    context = {
        "legal_document": legal_document,
        "citations": selectors.citing_records(legal_document=legal_document, user=request.user),
        "amends": legal_document.amends.all(),
        "replaces": legal_document.replaces.all(),
        "tasks": selectors.legal_task_list(user=request.user).filter(legal_document=legal_document),
        "can_keep": legal_services.may_keep_register(request.user, legal_document.province),
        "can_mark": bool(legal_services.LEGAL_DOCUMENT.choices(legal_document, request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "documents/legal_detail.html", context)


@login_required
def legal_update(request, pk: int):
    legal_document = _legal(request, pk)
    _require_keeper(request, legal_document)
    initial = {
        key: getattr(legal_document, key)
        for key in ("number", "kind", "issuing_body", "title", "issued_on", "effective_on")
    }
    form = LegalDocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            legal_services.legal_document_update(
                legal_document=legal_document, actor=request.user, **_form_data(form)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin văn bản.")
            return redirect(legal_document)
    return render(request, "documents/legal_form.html", {"form": form, "legal_document": legal_document})


# Amended, replaced, expired: the declared transitions (legal_services.LEGAL_DOCUMENT).
legal_document_transition = transition_view(legal_services.LEGAL_DOCUMENT)


@login_required
def legal_task_list(request):
    status = request.GET.get("status", LegalChangeTask.Status.OPEN)
    if status not in LegalChangeTask.Status.values and status != "all":
        status = LegalChangeTask.Status.OPEN
    tasks = selectors.legal_task_list(user=request.user, status="" if status == "all" else status)
    page_obj = Paginator(tasks, 25).get_page(request.GET.get("page"))
    tabs = [{"value": value, "label": label, "active": value == status} for value, label in TASK_TABS]
    context = {"page_obj": page_obj, "tabs": tabs, "today": timezone.localdate()}
    return render(request, "documents/legal_task_list.html", context)


@login_required
@require_safe
def legal_task_detail(request, pk: int):
    tasks = LegalChangeTask.objects.for_user(request.user)
    task = get_object_or_404(tasks.select_related("legal_document", "new_legal_document", "agency"), pk=pk)
    items = task.items.select_related("content_type", "resolved_version__document").prefetch_related("target")
    context = {"task": task, "items": items, "today": timezone.localdate()}
    return render(request, "documents/legal_task_detail.html", context)


# Closing a task: the declared transition (legal_services.LEGAL_CHANGE_TASK).
legal_change_task_transition = transition_view(legal_services.LEGAL_CHANGE_TASK)
