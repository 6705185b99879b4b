from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import DENIED_MESSAGE, has_role
from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.roles import AGENCY_MEMBERS, QMS_MANAGERS
from eiso.core.workflow_views import transition_view
from eiso.documents import selectors, services
from eiso.documents.forms import VersionForm
from eiso.documents.models import DocumentVersion


def _version(request, pk: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion.objects.for_user(request.user).select_related("document"), pk=pk)


@login_required
def version_detail(request, pk: int):
    version = _version(request, pk)
    user = request.user
    read, unread = selectors.acknowledgements(version=version)
    own = next((row for row in read + unread if row.user_id == user.pk), None)
    context = {
        "version": version,
        "document": version.document,
        "can_edit": services.may_edit(version, user),
        "signoffs": version.signoffs.select_related("signed_by"),
        "read_count": len(read),
        "asked_units": selectors.asked_units(version=version) if version.is_published else [],
        "unread_count": len(unread),
        "is_current": version.pk == version.document.current_version_id,
        "may_acknowledge": version.is_published
        and (own is None or not own.is_acknowledged)
        and has_role(user, version.agency, *AGENCY_MEMBERS),
        "own_acknowledgement": own,
        "sees_readers": has_role(user, version.agency, *QMS_MANAGERS),
    }
    return render(request, "documents/version_detail.html", context)


@login_required
def version_update(request, pk: int):
    version = _version(request, pk)
    if not services.may_edit(version, request.user):
        if not version.is_editable:
            messages.error(request, "Phiên bản này không còn ở giai đoạn soạn thảo nên không sửa được.")
            return redirect(version)
        raise PermissionDenied(DENIED_MESSAGE)
    initial = {"revision": version.revision, "body": version.body, "change_summary": version.change_summary}
    form = VersionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.version_update(
                version=version,
                expected_revision=data["revision"],
                body=data["body"],
                change_summary=data["change_summary"],
                upload=data["file"],
                remove_file=data["remove_file"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo.")
            return redirect(version)
    return render(request, "documents/version_form.html", {"form": form, "version": version})


# Submit, approve, request changes, publish: the declared transitions (services.DOCUMENT_VERSION).
version_transition = transition_view(services.DOCUMENT_VERSION)


@login_required
@require_POST
def version_acknowledge(request, pk: int):
    version = _version(request, pk)
    return run_action(
        request,
        version,
        lambda: services.version_acknowledge(version=version, actor=request.user),
        f"Đã xác nhận bạn đã đọc {version}.",
    )


@login_required
def version_readers(request, pk: int):
    version = _version(request, pk)
    if not has_role(request.user, version.agency, *QMS_MANAGERS):
        raise PermissionDenied(DENIED_MESSAGE)
    read, unread = selectors.acknowledgements(version=version)
    return render(
        request,
        "documents/version_readers.html",
        {"version": version, "document": version.document, "read": read, "unread": unread},
    )


@login_required
def version_file(request, pk: int):
    version = _version(request, pk)
    if not version.file:
        raise Http404
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)
