from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import has_role, require_role
from eiso.core.errors import DomainError
from eiso.core.filters import active_filters
from eiso.core.forms import add_domain_error
from eiso.core.query import parse_int, warn_bad_filters
from eiso.core.roles import DRAFTERS, QMS_MANAGERS
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.core.workflow_views import transition_view
from eiso.documents import selectors, services
from eiso.documents.filters import DocumentFilterSet
from eiso.documents.forms import CommentForm, DocumentForm
from eiso.documents.models import Document, DocumentVersion
from eiso.orgs.models import Unit

# The filters the list page's form shows; the others (a shortcut's `version_status`, `can_doc`)
# show as removable chips and are carried along when the form is sent.
LIST_FILTERS = ("q", "kind", "status", "owner_unit")


def _may_manage(request) -> bool:
    agency = getattr(request, "agency", None)
    return agency is not None and has_role(request.user, agency, *QMS_MANAGERS)


@login_required
def document_list(request):
    queryset = selectors.document_list(user=request.user)
    filterset = DocumentFilterSet(request.GET, queryset=queryset, request=request)
    warn_bad_filters(request, filterset)
    page_obj = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    agency = getattr(request, "agency", None)
    units = Unit.objects.filter(agency=agency) if agency else Unit.objects.none()
    context = {
        "page_obj": page_obj,
        "filters": {key: request.GET.get(key, "") for key in LIST_FILTERS},
        "active_filters": active_filters(
            request, filterset, shown=LIST_FILTERS, names={"owner_unit": {u.pk: u.name for u in units}}
        ),
        "kinds": Document.Kind.choices,
        "statuses": Document.Status.choices,
        "version_statuses": DocumentVersion.Status.choices,
        "units": units,
        "can_create": _may_manage(request),
        "today": timezone.localdate(),
        "pending": selectors.pending_acknowledgements(user=request.user),
    }
    return render(request, "documents/document_list.html", context)


@login_required
def document_create(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = DocumentForm(request.POST or None, agency=agency, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                agency=agency,
                code=data["code"],
                title=data["title"],
                kind=data["kind"],
                owner_unit=data["owner_unit"],
                review_period_months=data["review_period_months"],
                legal_documents=list(data["legal_documents"]),
                with_draft=True,
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Đã tạo tài liệu {document.code} với dự thảo lần 1.")
            return redirect(document.versions.get())
    return render(request, "documents/document_form.html", {"form": form, "agency": agency})


@login_required
def document_detail(request, pk: int):
    document = get_for_user_or_404(Document, request.user, pk=pk)
    versions = selectors.document_versions(document=document)
    today = timezone.localdate()
    manages = has_role(request.user, document.agency, *QMS_MANAGERS)
    context = {
        "document": document,
        "versions": versions,
        "open_version": next((v for v in versions if v.is_open), None),
        "legal_documents": selectors.citations_of(document),
        "can_manage": manages and not document.is_obsolete,
        "can_draft": has_role(request.user, document.agency, *DRAFTERS) and not document.is_obsolete,
        "review_due": document.is_review_due(today),
        "review_form": CommentForm(),
    }
    return render(request, "documents/document_detail.html", context)


@login_required
def document_update(request, pk: int):
    document = get_for_user_or_404(Document, request.user, pk=pk)
    require_role(request.user, document.agency, *QMS_MANAGERS)
    initial = {
        "title": document.title,
        "owner_unit": document.owner_unit,
        "review_period_months": document.review_period_months,
        "legal_documents": selectors.citations_of(document),
    }
    form = DocumentForm(
        request.POST or None, initial=initial, agency=document.agency, user=request.user, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_update(
                document=document,
                title=data["title"],
                owner_unit=data["owner_unit"],
                review_period_months=data["review_period_months"],
                legal_documents=list(data["legal_documents"]),
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin tài liệu.")
            return redirect(document)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@login_required
@require_POST
def version_create(request, pk: int):
    document = get_for_user_or_404(Document, request.user, pk=pk)
    try:
        version = services.version_create_draft(document=document, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(document)
    messages.success(request, f"Đã mở dự thảo lần {version.number}.")
    return redirect("documents:version_update", pk=version.pk)


@login_required
@require_POST
def document_review(request, pk: int):
    document = get_for_user_or_404(Document, request.user, pk=pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.document_review_confirm(
            document=document, comment=form.cleaned_data.get("comment", ""), actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã ghi nhận xem xét định kỳ; lần tới: {document.next_review_on:%d/%m/%Y}."
        )
    return redirect(document)


# Withdrawal: the declared transition (services.DOCUMENT).
document_transition = transition_view(services.DOCUMENT)


@login_required
def review_list(request):
    today = timezone.localdate()
    documents = selectors.documents_due_for_review(user=request.user, today=today)
    return render(
        request,
        "documents/review_list.html",
        {"documents": documents, "today": today, "can_manage": _may_manage(request)},
    )


@login_required
def version_compare(request, pk: int):
    document = get_for_user_or_404(Document, request.user, pk=pk)
    versions = {version.number: version for version in document.versions.all()}
    numbers = sorted(versions)
    newer = versions.get(_int(request.GET.get("den"))) or (versions[numbers[-1]] if numbers else None)
    older = versions.get(_int(request.GET.get("tu")))
    if older is None and newer is not None:
        older = versions.get(max((n for n in numbers if n < newer.number), default=None))
    diff = selectors.version_diff(old=older, new=newer) if older and newer and older != newer else None
    context = {"document": document, "numbers": numbers, "older": older, "newer": newer, "diff": diff}
    return render(request, "documents/version_compare.html", context)


def _int(value) -> int | None:
    return parse_int(value or "")
