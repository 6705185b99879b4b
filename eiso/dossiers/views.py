from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from eiso.accounts.permissions import has_any_agency_role, is_administrator
from eiso.core import deadlines
from eiso.core.collation import vietnamese
from eiso.core.db import reading_from_replica
from eiso.core.downloads import DOCUMENT_FORMATS, XLSX, attachment
from eiso.core.errors import DomainError
from eiso.core.filters import active_filters
from eiso.core.forms import add_domain_error
from eiso.core.pagination import paginate_page
from eiso.core.permissions import DENIED_MESSAGE, has_role
from eiso.core.query import MAX_ID, parse_int, query_id, warn_bad_filters
from eiso.core.rendering import Table, xlsx_table
from eiso.core.roles import COUNTER, INGESTERS
from eiso.core.tenancy import ReadScope, get_for_user_or_404, read_scope, working_agency
from eiso.core.workflow_views import transition_view
from eiso.dossiers import paperwork, selectors, services
from eiso.dossiers.filters import ORDERING, DossierFilterSet
from eiso.dossiers.forms import PeriodForm, ReceiveForm
from eiso.dossiers.models import Dossier, DossierStep
from eiso.orgs.models import Agency, Unit
from eiso.procedures.selectors import competent_procedures, is_competent
from eiso.procedures.services import may_edit_competences


def _period(request) -> tuple[date, date, PeriodForm]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    form = PeriodForm(request.GET or None, initial={"tu": start, "den": end})
    if form.is_valid():
        start = form.cleaned_data["tu"] or start
        end = form.cleaned_data["den"] or end
    if end < start:
        start, end = end, start
    return start, end, form


def may_receive(request) -> bool:
    return request.agency is not None and has_role(request.user, request.agency, *COUNTER)


# The filters the list page's form shows; the others (a shortcut's `giao`, `tu`, `den`) show as
# chips and are carried along when the form is sent.
LIST_FORM_FILTERS = ("q", "status", "tre")


def sees_every_agency(user) -> bool:
    """The user's dossiers are the whole table (the province's coordinator in a deployment of one
    province), so the table's estimated size is theirs."""
    return not Agency.objects.exclude(pk__in=user.visible_agency_ids()).exists()


@login_required
def dossier_list(request):
    """Keyset pages (core.pagination): the first and the ten-thousandth page read the same 26 rows
    of the (agency, received_at, id) or (received_at, id) index."""
    queryset = selectors.dossier_list(user=request.user)
    filterset = DossierFilterSet(request.GET, queryset=queryset, request=request)
    warn_bad_filters(request, filterset)
    filters = active_filters(request, filterset, shown=LIST_FORM_FILTERS)
    listing = paginate_page(
        request,
        filterset.qs,
        ordering=ORDERING,
        size=25,
        whole_table=lambda: not filters and sees_every_agency(request.user),
    )
    now = timezone.now()
    for dossier in listing:
        dossier.overdue_now = dossier.is_overdue(now)
    context = {
        "listing": listing,
        "filters": {key: request.GET.get(key, "").strip() for key in LIST_FORM_FILTERS},
        "active_filters": filters,
        "statuses": filterset.filters["status"].extra["choices"],
        "lateness": filterset.filters["tre"].extra["choices"],
        "can_receive": may_receive(request),
        "may_ingest": has_any_agency_role(request.user, *INGESTERS) or is_administrator(request.user),
    }
    return render(request, "dossiers/dossier_list.html", context)


@login_required
def dossier_receive(request):
    """The counter offers only the procedures on the agency's competence list (the service refuses
    any other), in a picker with type-ahead search."""
    agency = working_agency(request, *COUNTER)
    procedures = list(competent_procedures(agency))
    chosen = request.POST.get("procedure") or request.GET.get("procedure")
    procedure = next((p for p in procedures if str(p.pk) == chosen), None)
    if chosen and procedure is None:
        messages.error(
            request,
            "Thủ tục đã chọn không thuộc danh mục thủ tục hành chính thuộc thẩm quyền của cơ quan: "
            "Bộ phận Một cửa không tiếp nhận hồ sơ này.",
        )
    version = procedure.current_version if procedure else None
    form = ReceiveForm(request.POST if request.method == "POST" and procedure else None, version=version)
    if request.method == "POST" and procedure and form.is_valid():
        try:
            dossier = services.dossier_receive(
                agency=agency, procedure=procedure, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Đã tiếp nhận hồ sơ {dossier.code}. "
                f"Hẹn trả: {timezone.localtime(dossier.appointment):%H:%M %d/%m/%Y}.",
            )
            return redirect(dossier)
    process, process_version = services.process_for(agency, procedure) if procedure else (None, None)
    context = {
        "form": form,
        "agency": agency,
        "may_edit_competences": may_edit_competences(request.user, agency),
        "procedures": procedures,
        "procedure": procedure,
        "version": version,
        "process_version": process_version,
        "steps": list(process_version.process_steps.select_related("unit", "other_agency").order_by("order"))
        if process_version
        else [],
    }
    return render(request, "dossiers/dossier_receive.html", context)


@login_required
def dossier_detail(request, pk: int):
    dossier = get_for_user_or_404(Dossier, request.user, pk=pk)
    steps = list(dossier.steps.select_related("unit", "other_agency").order_by("order"))
    previous_done = True
    for step in steps:
        # Nobody takes a step while the dossier waits for the applicant's supplement.
        allowed = (
            dossier.is_open
            and not dossier.is_awaiting_supplement
            and services.can_handle_step(request.user, step)
        )
        step.can_start = allowed and previous_done and not step.started_at
        step.can_finish = allowed and step.started_at and not step.finished_at
        previous_done = step.finished_at is not None
    now = timezone.now()
    overran = [
        step
        for step in steps
        if step.overrun_hours > 0
        or (step.started_at and not step.finished_at and step.due and step.due < now)
    ]
    closure_due = services.closure_due(dossier)
    apology_needed = (
        dossier.is_open
        and not dossier.is_awaiting_supplement
        and not dossier.extended
        and (bool(overran) or dossier.appointment < now)
    )
    context = {
        "dossier": dossier,
        "steps": steps,
        "handovers": list(dossier.handovers.order_by("at", "pk")),
        "events": selectors.timeline(dossier),
        "now": now,
        "is_overdue": dossier.is_overdue(now),
        "apology_needed": apology_needed,
        "overran": overran,
        "extension_last_day": deadlines.extension_last_day(
            services.calendar_for(dossier.agency), dossier.legal_due
        ),
        "closure_due": closure_due,
        "closure_proposed": closure_due is not None and closure_due < now,
        "apology_unfold": "extend" if apology_needed else "",
        "forms": paperwork.available_forms(dossier),
        "outside_competence": not is_competent(dossier.agency, dossier.procedure),
    }
    return render(request, "dossiers/dossier_detail.html", context)


@login_required
@require_POST
def step_action(request, pk: int, action: str):
    step = get_for_user_or_404(DossierStep, request.user, pk=pk)
    service = {"start": services.step_start, "finish": services.step_finish}.get(action)
    if service is None:
        raise PermissionDenied(DENIED_MESSAGE)
    try:
        service(step=step, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã {'nhận xử lý' if action == 'start' else 'hoàn thành'} bước {step}.")
    return redirect("dossiers:dossier_detail", pk=step.dossier_id)


dossier_transition = transition_view(services.DOSSIER)


@login_required
def pending_event_list(request):
    """Events the province's system sent before their dossier's reception, waiting for it."""
    events = selectors.pending_events(user=request.user)
    listing = paginate_page(request, events, ordering=("created_at", "id"), size=50)
    return render(request, "dossiers/pending_event_list.html", {"listing": listing})


@login_required
def dossier_form(request, pk: int, kind: str, fmt: str):
    """A form of the dossier as .docx or PDF: the latest of its kind, or the one `?so=<id>` names;
    `?in=1` opens the PDF in the browser, to print it on its own page size."""
    dossier = get_for_user_or_404(Dossier, request.user, pk=pk)
    chosen = request.GET.get("so", "").strip()
    issued_id = parse_int(chosen) if chosen else None
    valid = not chosen or (issued_id is not None and 1 <= issued_id <= MAX_ID)
    paper = None
    if fmt in DOCUMENT_FORMATS and valid:
        paper = paperwork.build(dossier, kind, issued_id=issued_id, request=request)
    if paper is None:
        messages.error(request, "Hồ sơ không có biểu mẫu này.")
        return redirect(dossier)
    response = attachment(
        paper.render(fmt), filename=f"{paper.filename}.{fmt}", content_type=DOCUMENT_FORMATS[fmt]
    )
    if fmt == "pdf" and request.GET.get("in") == "1":
        response["Content-Disposition"] = content_disposition_header(False, f"{paper.filename}.pdf")
    return response


def _scope_context(request, scope: ReadScope, start: date, end: date) -> dict:
    """What the scope picker of a page of figures needs: "Toàn tỉnh" and the agencies for a
    provincial reader, and the query that keeps scope and period on the page's links."""
    period = {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"}
    return {
        "scope": scope,
        "scope_agencies": scope.choices(request.user),
        "query": urlencode({**scope.query, **period}),
    }


@login_required
@reading_from_replica()
def delay_report(request):
    """Where time was lost: one agency (its units and people), or the whole province agency by
    agency for the province's readers."""
    scope = read_scope(request)
    start, end, form = _period(request)
    unit = None
    unit_id = query_id(request, "unit", label="Phòng/ban")
    if unit_id is not None and scope.agency is not None:
        unit = Unit.objects.filter(agency=scope.agency, pk=unit_id).first()
    context = {
        **_scope_context(request, scope, start, end),
        "form": form,
        "start": start,
        "end": end,
        "units": Unit.objects.filter(agency=scope.agency, is_active=True).order_by(vietnamese("name"))
        if scope.agency
        else [],
        "unit": unit,
        "ranking": selectors.delay_ranking(agencies=scope.agencies, start=start, end=end),
        "steps": selectors.late_steps(agencies=scope.agencies, start=start, end=end, unit=unit)[:200],
    }
    return render(request, "dossiers/delay_report.html", context)


@login_required
@reading_from_replica()
def statistics(request):
    """The counting contract's figures for one agency (by procedure and by unit), or for the whole
    province with one row per agency, for the province's readers."""
    scope = read_scope(request)
    start, end, form = _period(request)
    agencies = scope.agencies
    context = {
        **_scope_context(request, scope, start, end),
        "form": form,
        "start": start,
        "end": end,
        "total": selectors.dossier_stats(agencies=agencies, start=start, end=end),
        "by_agency": selectors.stats_by(agencies=agencies, start=start, end=end, by="agency")
        if scope.agency is None
        else [],
        "by_procedure": selectors.stats_by(agencies=agencies, start=start, end=end, by="procedure"),
        "by_unit": selectors.stats_by(agencies=agencies, start=start, end=end, by="unit")
        if scope.agency
        else [],
    }
    return render(request, "dossiers/statistics.html", context)


STAT_COLUMNS = [
    ("received", "Tiếp nhận"),
    ("resolved", "Đã giải quyết"),
    ("early", "Trước hạn"),
    ("on_time", "Đúng hạn"),
    ("late", "Quá hạn"),
    ("pending", "Đang giải quyết"),
    ("awaiting_supplement", "Chờ bổ sung"),
    ("overdue", "Đang quá hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
    ("average_days", "Thời gian TB (ngày)"),
    ("supplements", "Bổ sung"),
    ("refused", "Từ chối"),
    ("extended", "Xin lỗi, gia hạn"),
    ("late_without_apology", "Quá hạn không xin lỗi"),
    ("stopped", "Dừng theo đề nghị"),
    ("closed", "Kết thúc do không bổ sung"),
]


def _number(value):
    return float(value) if value is not None and not isinstance(value, int) else value


@login_required
@reading_from_replica()
def statistics_export(request):
    """The statistics as .xlsx: one row per procedure of the agency, or one row per agency of the
    province; the last row is the total, counted by the same selector as the page."""
    scope = read_scope(request)
    start, end, _ = _period(request)
    if scope.agency is None:
        heading, by, name = "Cơ quan", "agency", scope.province.name

        def row_label(row):
            return row["agency__name"]
    else:
        heading, by, name = "Thủ tục", "procedure", scope.agency.name

        def row_label(row):
            return f"{row['procedure__code']} — {row['procedure__current_version__name']}"

    rows = [
        [row_label(row)] + [_number(row[key]) for key, _ in STAT_COLUMNS]
        for row in selectors.stats_by(agencies=scope.agencies, start=start, end=end, by=by)
    ]
    total = selectors.dossier_stats(agencies=scope.agencies, start=start, end=end)
    rows.append(["Tổng cộng"] + [_number(total[key]) for key, _ in STAT_COLUMNS])
    content = xlsx_table(
        title=f"THỐNG KÊ GIẢI QUYẾT HỒ SƠ — {name.upper()}",
        subtitle=f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
        table=Table(columns=[heading] + [label for _, label in STAT_COLUMNS], rows=rows),
        sheet_name="Thống kê",
    )
    where = "toan-tinh" if scope.agency is None else f"co-quan-{scope.agency.pk}"
    return _xlsx(content, f"thong-ke-ho-so-{where}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


@login_required
@reading_from_replica()
def tracking_book_export(request):
    """The tracking book of the working agency for receptions in the period (TT 03/2025 Mẫu 07,
    TT 01/2018 Mẫu 06 for dossiers received before 01/07/2025)."""
    agency = read_scope(request).agency
    if agency is None:  # a book is an agency's: the province's readers open one agency's
        raise Http404
    start, end, _ = _period(request)
    content = paperwork.tracking_book_xlsx(agency, start, end)
    return _xlsx(content, f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return attachment(content, filename=filename, content_type=XLSX)
