from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.roles import Role
from eiso.core.selectors import agency_members
from eiso.core.tenancy import get_for_user_or_404
from eiso.orgs import selectors, services, signables, signing
from eiso.orgs.forms import AgencyForm, AgencyMergeForm, CmsForm, UnitForm
from eiso.orgs.models import Agency, SignedDocument, SigningSession, Unit


@login_required
def agency_list(request):
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    include_inactive = request.GET.get("inactive") == "1"
    agencies = selectors.agency_list(
        user=request.user, search=search, kind=kind, include_inactive=include_inactive
    )
    page_obj = Paginator(agencies, 50).get_page(request.GET.get("page"))
    may_create = request.province is not None and has_province_role(
        request.user, request.province, Role.ADMIN
    )
    template = "orgs/_agency_table.html" if request.htmx else "orgs/agency_list.html"
    return render(
        request,
        template,
        {
            "page_obj": page_obj,
            "search": search,
            "kind": kind,
            "include_inactive": include_inactive,
            "kinds": Agency.Kind.choices,
            "may_create": may_create,
        },
    )


@login_required
def agency_create(request):
    province = request.province
    if province is None or not has_province_role(request.user, province, Role.ADMIN):
        raise PermissionDenied(DENIED_MESSAGE)
    form = AgencyForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(province=province, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã thêm cơ quan {agency}.")
            return redirect(agency)
    return render(request, "orgs/agency_form.html", {"form": form})


@login_required
def agency_detail(request, pk: int):
    agency = get_for_user_or_404(Agency, request.user, pk=pk)
    return render(
        request,
        "orgs/agency_detail.html",
        {
            "agency": agency,
            "units": selectors.unit_list(user=request.user, agency=agency, include_inactive=True),
            "lineage": selectors.agency_history(agency=agency),
            "members": agency_members(agency=agency),
            "may_manage": has_role(request.user, agency, Role.ADMIN),
        },
    )


@login_required
def agency_update(request, pk: int):
    agency = get_for_user_or_404(Agency, request.user, pk=pk)
    if not has_role(request.user, agency, Role.ADMIN):
        raise PermissionDenied(DENIED_MESSAGE)
    form = AgencyForm(request.POST or None, instance=agency, province=agency.province)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        agency.refresh_from_db()  # the form wrote onto the instance; the service diffs from the saved row
        try:
            services.agency_update(agency=agency, actor=request.user, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin cơ quan.")
            return redirect(agency)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": agency})


@login_required
def agency_merge(request, pk: int):
    agency = get_for_user_or_404(Agency, request.user, pk=pk)
    if not has_role(request.user, agency, Role.ADMIN):
        raise PermissionDenied(DENIED_MESSAGE)
    form = AgencyMergeForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_merge(predecessor=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã ghi nhận việc sắp xếp cơ quan.")
            return redirect(form.cleaned_data["successor"])
    return render(request, "orgs/agency_merge.html", {"form": form, "agency": agency})


@login_required
def unit_create(request, agency_pk: int):
    agency = get_for_user_or_404(Agency, request.user, pk=agency_pk)
    if not has_role(request.user, agency, Role.ADMIN):
        raise PermissionDenied(DENIED_MESSAGE)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Đã thêm {unit}.")
            return redirect(agency)
    return render(request, "orgs/unit_form.html", {"form": form, "agency": agency})


@login_required
def unit_update(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    if not has_role(request.user, unit.agency, Role.ADMIN):
        raise PermissionDenied(DENIED_MESSAGE)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        unit.refresh_from_db()
        try:
            services.unit_update(unit=unit, actor=request.user, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lưu phòng/ban.")
            return redirect(unit.agency)
    return render(request, "orgs/unit_form.html", {"form": form, "agency": unit.agency, "unit": unit})


@login_required
@require_POST
def unit_deactivate(request, pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=pk)
    return run_action(
        request,
        unit.agency,
        lambda: services.unit_deactivate(unit=unit, actor=request.user),
        f"{unit} đã ngừng hoạt động.",
    )


# --- signing what eISO produces (orgs.signing) -------------------------------------------------


def _target(request, kind: str, pk: int):
    if kind not in signables.REGISTRY:
        raise Http404
    target = signables.target_of(kind, pk, request.user)
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def document_sign(request, kind: str, pk: int):
    target = _target(request, kind, pk)
    label = signables.get(kind).label
    return run_action(
        request,
        target,
        lambda: signing.document_sign(kind=kind, target=target, actor=request.user),
        f"Đã ký số {label[0].lower()}{label[1:]} bằng chứng thư số của cơ quan.",
    )


@login_required
@require_POST
def session_start(request, kind: str, pk: int):
    target = _target(request, kind, pk)
    try:
        session = signing.session_start(kind=kind, target=target, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(target)
    return redirect(session)


@login_required
def session_detail(request, pk: int):
    session = get_for_user_or_404(SigningSession, request.user, pk=pk)
    target = _target(request, session.kind, session.target_id)
    form = CmsForm()
    if request.method == "POST":
        form = CmsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signing.session_complete(
                    session=session, cms_der=form.cleaned_data["cms"], actor=request.user
                )
            except DomainError as error:
                form.add_error("cms", error.message)
            else:
                messages.success(request, "Đã gắn chữ ký số vào văn bản.")
                return redirect(target)
    context = {
        "session": session,
        "target": target,
        "label": signables.get(session.kind).label,
        "digest": signing.digest_base64(session),
        "is_expired": session.expires_at <= timezone.now(),
        "form": form,
    }
    return render(request, "orgs/signing_session.html", context, status=400 if form.errors else 200)


@login_required
def session_digest(request, pk: int):
    """The digest as a file a signing tool reads: base64, one line."""
    session = get_for_user_or_404(SigningSession, request.user, pk=pk)
    response = HttpResponse(signing.digest_base64(session) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phien-ky-{session.pk}-{session.algorithm}.txt"'
    return response


@login_required
def signed_file(request, pk: int):
    signed = get_for_user_or_404(SignedDocument, request.user, pk=pk)
    return FileResponse(
        signed.file.open("rb"),
        as_attachment=True,
        filename=signed.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
