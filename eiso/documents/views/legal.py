from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from eiso.accounts.permissions import DENIED_MESSAGE, has_role
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404
from eiso.documents import legal_services, selectors
from eiso.documents.filters import LegalDocumentFilterSet
from eiso.documents.forms import LegalDocumentForm, LegalMarkForm, TaskCloseForm
from eiso.documents.models import LegalChangeTask, LegalDocument


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


@login_required
def legal_mark(request, pk: int):
    legal_document = _legal(request, pk)
    _require_keeper(request, legal_document)
    form = LegalMarkForm(request.POST or None, legal_document=legal_document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tasks = legal_services.legal_document_mark(
                legal_document=legal_document,
                status=data["status"],
                new_document=data["new_document"],
                on=data["on"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                f"Đã cập nhật tình trạng văn bản {legal_document.number}; "
                f"{len(tasks)} cơ quan được giao nhiệm vụ cập nhật tài liệu.",
            )
            return redirect(legal_document)
    return render(request, "documents/legal_mark.html", {"form": form, "legal_document": legal_document})


@login_required
def legal_task_list(request):
    status = request.GET.get("status", LegalChangeTask.Status.OPEN)
    if status not in LegalChangeTask.Status.values and status != "all":
        status = LegalChangeTask.Status.OPEN
    tasks = selectors.legal_task_list(user=request.user, status="" if status == "all" else status)
    page_obj = Paginator(tasks, 25).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "status": status, "today": timezone.localdate()}
    return render(request, "documents/legal_task_list.html", context)


@login_required
def legal_task_detail(request, pk: int):
    tasks = LegalChangeTask.objects.for_user(request.user)
    task = get_object_or_404(tasks.select_related("legal_document", "new_legal_document", "agency"), pk=pk)
    may_close = task.is_open and has_role(request.user, task.agency, *QMS_MANAGERS)
    form = TaskCloseForm(request.POST or None, task=task) if may_close else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(DENIED_MESSAGE)
        if form.is_valid():
            try:
                legal_services.legal_task_close(
                    task=task,
                    resolutions=form.resolutions(),
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "Đã hoàn thành nhiệm vụ cập nhật.")
                return redirect(task)
    items = task.items.select_related("content_type", "resolved_version__document").prefetch_related("target")
    context = {"task": task, "items": items, "form": form, "today": timezone.localdate()}
    return render(request, "documents/legal_task_detail.html", context)
