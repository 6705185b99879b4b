from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from eiso.core import selectors
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.registry import visible_cards


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
    page_obj = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_entry_list.html", {"page_obj": page_obj, "search": search, "action": action}
    )


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure makes the instance unhealthy
        return JsonResponse({"status": "error", "database": "unavailable", "detail": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
