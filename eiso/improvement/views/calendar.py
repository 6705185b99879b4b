"""The QMS calendar pages: the agency's due items ("Lịch HTQLCL"), its recurring obligations, and
each user's iCalendar feed (read without a login through a secret link)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from eiso.core.actions import form_invalid, run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.permissions import is_manager, require_manager
from eiso.core.query import query_choice
from eiso.core.tenancy import get_for_user_or_404, working_agency
from eiso.improvement import ical, qms_calendar, services
from eiso.improvement.forms import ScheduleCompleteForm, ScheduleForm
from eiso.improvement.models import Schedule

OVERDUE, UPCOMING = "qua-han", "sap-den-han"
STATES = [(OVERDUE, "Quá hạn"), (UPCOMING, "Sắp đến hạn")]
FEED_HORIZON_DAYS = 365


def _filtered(request, items: list, today) -> tuple[list, dict]:
    state = query_choice(request, "trang_thai", STATES, label="Trạng thái")
    kind = query_choice(request, "loai", qms_calendar.Kind.choices, label="Loại việc")
    mine = query_choice(request, "cua_toi", ["1"], label="Việc của tôi")
    if state:
        items = [item for item in items if item.is_overdue(today) == (state == OVERDUE)]
    if kind:
        items = [item for item in items if item.kind == kind]
    if mine:
        items = [item for item in items if qms_calendar.is_owned_by(item, request.user)]
    return items, {"state": state, "kind": kind, "mine": bool(mine)}


@login_required
def calendar(request):
    agency = working_agency(request)
    today = timezone.localdate()
    items, filters = _filtered(
        request, qms_calendar.agency_items(user=request.user, agency=agency, today=today), today
    )
    feed = qms_calendar.feed_of(request.user)
    context = {
        **filters,
        "agency": agency,
        "today": today,
        "overdue": [item for item in items if item.is_overdue(today)],
        "upcoming": [item for item in items if not item.is_overdue(today)],
        "states": STATES,
        "kinds": qms_calendar.Kind.choices,
        "schedules": Schedule.objects.for_user(request.user)
        .filter(agency=agency, is_active=True)
        .select_related("owner"),
        "can_manage": is_manager(request.user, agency),
        "feed_url": request.build_absolute_uri(reverse("improvement:calendar_feed", args=[feed.token]))
        if feed
        else "",
        "horizon": qms_calendar.DEFAULT_HORIZON_DAYS,
    }
    return render(request, "improvement/calendar.html", context)


@login_required
def schedule_create(request):
    agency = working_agency(request)
    require_manager(request.user, agency)
    form = ScheduleForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_create(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã thêm việc định kỳ vào lịch HTQLCL.")
            return redirect("improvement:calendar")
    return render(request, "improvement/schedule_form.html", {"form": form})


@require_POST
@login_required
def schedule_complete(request, pk: int):
    schedule = get_for_user_or_404(Schedule, request.user, pk=pk)
    form = ScheduleCompleteForm(request.POST)
    if not form.is_valid():
        return form_invalid(request, "improvement:calendar", form)
    return run_action(
        request,
        "improvement:calendar",
        lambda: services.schedule_complete(schedule=schedule, actor=request.user, **form.cleaned_data),
        "Đã ghi nhận hoàn thành; hạn lần tới đã được cập nhật.",
    )


@require_POST
@login_required
def feed_generate(request):
    services.feed_generate(user=request.user, actor=request.user)
    messages.success(request, "Đã tạo liên kết lịch mới; liên kết cũ (nếu có) không còn dùng được.")
    return redirect("improvement:calendar")


@require_GET
def calendar_feed(request, token: str):
    """The user's due items as iCalendar, for calendar apps: no login, the secret link is the key."""
    user = qms_calendar.feed_user(token)
    if user is None:
        raise Http404("Không tìm thấy lịch.")
    today = timezone.localdate()
    items = qms_calendar.user_items(user=user, today=today, horizon_days=FEED_HORIZON_DAYS)
    body = ical.feed_calendar(items, base_url=request.build_absolute_uri("/").rstrip("/"), today=today)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-htqlcl.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
