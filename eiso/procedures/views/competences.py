"""The competence list page (danh mục TTHC thuộc thẩm quyền) of an agency: read by its people and by
the province; kept by its ISO secretary and the province's coordinator (services.competences)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eiso.core.actions import run_action
from eiso.core.collation import vietnamese
from eiso.core.permissions import has_province_role
from eiso.core.query import parse_int
from eiso.core.roles import PROVINCE_MEMBERS
from eiso.core.text import clean_text
from eiso.orgs.models import Agency
from eiso.procedures import selectors, services
from eiso.procedures.models import Procedure


def _chosen_agency(request) -> Agency | None:
    """The agency named by `agency` (GET or POST; 404 when the user cannot see it), else the working
    agency; None for a provincial user who has not chosen one yet."""
    value = request.POST.get("agency") or request.GET.get("agency")
    if value:
        if parse_int(str(value)) is None:
            raise Http404
        return get_object_or_404(Agency.objects.for_user(request.user).select_related("province"), pk=value)
    return getattr(request, "agency", None)


def _page_url(agency: Agency) -> str:
    return f"{reverse('procedures:competence_list')}?agency={agency.pk}"


@login_required
def competence_list(request):
    agency = _chosen_agency(request)
    if agency is None:
        province = getattr(request, "province", None)
        if not has_province_role(request.user, province, *PROVINCE_MEMBERS):
            raise Http404
        agencies = Agency.objects.for_user(request.user).filter(province=province).active()
        return render(
            request, "procedures/competence_list.html", {"agencies": agencies.order_by(vietnamese("name"))}
        )
    rows = selectors.competence_list(agency=agency)
    may_edit = services.may_edit_competences(request.user, agency)
    context = {
        "agency": agency,
        "competent": [row for row in rows if row.is_competent],
        "excluded": [row for row in rows if not row.is_competent],
        "may_edit": may_edit,
        "candidates": selectors.competence_candidates(agency=agency) if may_edit else [],
    }
    return render(request, "procedures/competence_list.html", context)


def _posted(request) -> tuple[Agency, Procedure | None]:
    agency = _chosen_agency(request)
    if agency is None:
        raise Http404
    value = request.POST.get("procedure", "")
    procedure = None
    if parse_int(value) is not None:
        procedure = get_object_or_404(Procedure.objects.for_user(request.user), pk=value)
    return agency, procedure


def _change(request, service, done: str):
    """Add a procedure to the agency's list or take it off, with the officer's note."""
    agency, procedure = _posted(request)
    if procedure is None:
        raise Http404
    note = clean_text(request.POST.get("note", ""), single_line=True).strip()  # no form: the input rule here
    return run_action(
        request,
        _page_url(agency),
        lambda: service(agency=agency, procedure=procedure, actor=request.user, note=note),
        f"Đã đưa thủ tục {procedure.code} {done} danh mục thuộc thẩm quyền của cơ quan.",
    )


@login_required
@require_POST
def competence_add(request):
    return _change(request, services.competence_add, "vào")


@login_required
@require_POST
def competence_remove(request):
    return _change(request, services.competence_remove, "ra khỏi")


@login_required
@require_POST
def competence_seed(request):
    agency, _ = _posted(request)
    added = services.competence_seed(agency=agency, actor=request.user)
    if added:
        messages.success(
            request, f"Đã bổ sung {len(added)} thủ tục theo danh mục và quy trình ISO của cơ quan."
        )
    else:
        messages.info(request, "Không có thủ tục nào cần bổ sung: danh mục đã đủ theo quy tắc rà soát.")
    return redirect(_page_url(agency))
