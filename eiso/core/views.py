from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from eiso.core import calendar as work_calendar
from eiso.core import history, selectors, services
from eiso.core.errors import DomainError
from eiso.core.forms import CalendarDayForm, OfficeHoursForm
from eiso.core.models import CalendarDay
from eiso.core.pagination import paginate_page
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, is_administrator
from eiso.core.query import query_year
from eiso.core.registry import visible_cards
from eiso.core.roles import Role


@login_required
def home(request):
    cards = [(card, card.context(request)) for card in visible_cards(request)]
    return render(request, "core/home.html", {"cards": cards})


@login_required
def audit_entry_list(request):
    if not selectors.may_read_audit_trail(request.user):
        raise PermissionDenied(DENIED_MESSAGE)
    search = request.GET.get("q", "").strip()
    action = request.GET.get("action", "").strip()
    entries = selectors.audit_entry_list(user=request.user, action=action, search=search)
    listing = paginate_page(
        request,
        entries.select_related("actor"),
        ordering=selectors.AUDIT_TRAIL_ORDERING,
        size=50,
        whole_table=lambda: not (search or action) and request.user.is_superuser,
    )
    context = {
        "listing": listing,
        "lines": history.render(listing.page.rows),
        "search": search,
        "action": action,
        "show_raw": is_administrator(request.user),
    }
    return render(request, "core/audit_entry_list.html", context)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure makes the instance unhealthy
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": str(exc)[:200]}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def _calendar_province(request):
    province_id = request.province.pk if request.province else None
    if province_id is None:
        raise PermissionDenied("Tài khoản của bạn chưa thuộc tỉnh nào.")
    return request.province


@login_required
def calendar_detail(request):
    """The province's working calendar: office hours, announced days and the year's days off."""
    province = _calendar_province(request)
    year = query_year(request, default=timezone.localdate().year)
    row = services.calendar_get_or_create(province=province)
    office_form = OfficeHoursForm(initial={name: getattr(row, name) for name in services.OFFICE_FIELDS})
    return render(
        request,
        "core/calendar_detail.html",
        {
            "province": province,
            "year": year,
            "days": work_calendar.year_overview(work_calendar.for_province(province), year),
            "announced": row.days.filter(date__year=year),
            "office_form": office_form,
            "day_form": CalendarDayForm(),
            "may_edit": has_province_role(request.user, province, Role.ADMIN),
        },
    )


@login_required
@require_POST
def calendar_update(request):
    province = _calendar_province(request)
    form = OfficeHoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Giờ làm việc không hợp lệ: hãy nhập theo dạng giờ:phút, ví dụ 07:30.")
        return redirect("core:calendar_detail")
    try:
        services.calendar_update(province=province, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã lưu giờ làm việc.")
    return redirect("core:calendar_detail")


@login_required
@require_POST
def calendar_day_add(request):
    province = _calendar_province(request)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.calendar_day_add(province=province, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Đã thêm ngày {day.date:%d/%m/%Y}: {day.name}.")
            return redirect(f"{reverse('core:calendar_detail')}?year={day.date.year}")
    else:
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
        messages.error(request, f"Chưa thêm được ngày: {errors}")
    return redirect("core:calendar_detail")


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    province = _calendar_province(request)
    day = get_object_or_404(CalendarDay, pk=pk, calendar__province=province)
    services.calendar_day_delete(day=day, actor=request.user)
    messages.success(request, f"Đã xóa ngày {day.date:%d/%m/%Y} khỏi lịch.")
    return redirect(f"{reverse('core:calendar_detail')}?year={day.date.year}")
