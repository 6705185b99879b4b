"""Pages of the folder import (issue 19): upload a folder, review and correct what eISO proposes
for each file, confirm. The staging token lives in the session, with the agency it belongs to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import working_agency
from eiso.documents import services, tasks
from eiso.documents.import_forms import FolderUploadForm, ImportRowFormSet, label_rows

SESSION_KEY = "documents.folder_import"


def _token(request, agency) -> str | None:
    staged = request.session.get(SESSION_KEY) or {}
    return staged.get("token") if staged.get("agency") == agency.pk else None


@login_required
def folder_import_upload(request):
    agency = working_agency(request, *QMS_MANAGERS)
    form = FolderUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = services.folder_upload(
                agency=agency, actor=request.user, uploaded=form.cleaned_data["files"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            previous = _token(request, agency)
            if previous:
                services.folder_discard(agency=agency, actor=request.user, token=previous)
            request.session[SESSION_KEY] = {"agency": agency.pk, "token": token}
            # On a worker in production; inline without a broker (the demo, the tests).
            tasks.read_folder.delay(agency.pk, request.user.pk, token)
            return redirect("documents:folder_import_review")
    return render(request, "documents/folder_import_upload.html", {"form": form, "agency": agency})


@login_required
def folder_import_review(request):
    agency = working_agency(request, *QMS_MANAGERS)
    token = _token(request, agency)
    try:
        progress = services.folder_progress(agency=agency, actor=request.user, token=token or "")
        if progress["state"] == "reading":
            return render(request, "documents/folder_import_progress.html", {"progress": progress})
        if progress["state"] == "failed":
            services.folder_discard(agency=agency, actor=request.user, token=token)
            request.session.pop(SESSION_KEY, None)
            raise DomainError(progress["message"])
        rows = services.folder_review(agency=agency, actor=request.user, token=token or "")
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect("documents:folder_import_upload")
    importable = [row for row in rows if not row.is_refused]
    formset = ImportRowFormSet(request.POST or None, initial=[row.initial for row in importable])
    error = ""
    if request.method == "POST" and formset.is_valid() and len(formset.forms) == len(importable):
        confirmed = [
            {**form.cleaned_data, "index": row.index}
            for row, form in zip(importable, formset.forms, strict=True)
            if not form.cleaned_data["skip"]
        ]
        try:
            documents = services.folder_import_confirm(
                agency=agency, actor=request.user, token=token, rows=confirmed
            )
        except DomainError as exc:
            error = exc.message
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, f"Đã nhập {len(documents)} tài liệu từ thư mục, đều đang hiệu lực.")
            return redirect("documents:document_list")
    context = {
        "formset": formset,
        "rows": label_rows(importable, formset),
        "refused": [row for row in rows if row.is_refused],
        "error": error,
    }
    return render(request, "documents/folder_import_review.html", context)


@login_required
def folder_import_progress(request):
    """The progress bar of the folder being read, polled by htmx; when the reading has ended (read,
    refused or gone), the page goes on to the review, which shows the outcome."""
    agency = working_agency(request, *QMS_MANAGERS)
    try:
        progress = services.folder_progress(
            agency=agency, actor=request.user, token=_token(request, agency) or ""
        )
    except DomainError:
        progress = {"state": "gone"}
    if progress["state"] != "reading":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("documents:folder_import_review")
        return response
    return render(request, "documents/_folder_import_progress.html", {"progress": progress})
