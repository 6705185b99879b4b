"""Pages of the people import (issue 19): the template, the preview and the confirmation.

The workbook checked by the preview waits as a pending file (core.pending_files) until confirmed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eiso.accounts import people_import, services
from eiso.accounts.forms import PeopleImportForm
from eiso.core import uploads
from eiso.core.downloads import XLSX, attachment
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.pending_files import PendingSlot
from eiso.core.permissions import require_role
from eiso.core.roles import Role
from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs.models import Agency

PENDING_PEOPLE = PendingSlot("pending_people_import", "tmp/people-imports")
PEOPLE = uploads.Policy(frozenset({uploads.Kind.XLSX}), "Tệp phải là tệp Excel (.xlsx) theo mẫu.")


def _agency(request, pk: int) -> Agency:
    """The agency (404 outside the user's province), whose administrator the user is (403)."""
    agency = get_for_user_or_404(Agency, request.user, pk=pk)
    require_role(request.user, agency, Role.ADMIN)
    return agency


@login_required
def people_import_template(request, pk: int):
    _agency(request, pk)
    return attachment(
        people_import.template_workbook(), filename="mau-nhap-nguoi-dung.xlsx", content_type=XLSX
    )


@login_required
def people_import_upload(request, pk: int):
    agency = _agency(request, pk)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context = {"agency": agency, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            uploads.check_upload(upload, PEOPLE)
        except DomainError as error:
            add_domain_error(form, error)
            return render(request, "accounts/people_import.html", context)
        data = upload.read()
        plan = services.people_import_plan(agency=agency, data=data, actor=request.user)
        PENDING_PEOPLE.discard(request.session)
        if plan.is_valid and plan.changes_anything:
            pending = PENDING_PEOPLE.stash(
                request.session, data=data, filename=upload.name, scope_id=agency.pk
            )
            context["token"] = pending.token
        context.update(plan=plan, filename=upload.name, form=PeopleImportForm())
    return render(request, "accounts/people_import.html", context)


@login_required
@require_POST
def people_import_confirm(request, pk: int):
    agency = _agency(request, pk)
    pending = PENDING_PEOPLE.get(request.session, request.POST.get("token", ""), scope_id=agency.pk)
    if pending is None:
        messages.error(request, "Không còn tệp chờ nhập (đã nhập hoặc đã hết hạn). Hãy tải tệp lên lại.")
        return redirect("accounts:people_import", pk=agency.pk)
    try:
        plan = services.people_import_apply(
            agency=agency, data=pending.read(), filename=pending.filename, actor=request.user
        )
    except services.PeopleImportRejected as exc:
        messages.error(request, exc.message)
        context = {
            "agency": agency,
            "form": PeopleImportForm(),
            "plan": exc.plan,
            "filename": pending.filename,
        }
        return render(request, "accounts/people_import.html", context)
    finally:
        PENDING_PEOPLE.discard(request.session)
    counts = plan.counts()
    messages.success(
        request,
        f"Đã nhập tệp {pending.filename}: {counts['created']} thêm mới, {counts['updated']} cập nhật, "
        f"{counts['deactivated']} ngừng hoạt động, {counts['unchanged']} không thay đổi.",
    )
    return redirect("accounts:user_list")
