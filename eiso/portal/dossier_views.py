"""The citizen's dossier lookup and rating (no login).

Lookup needs the dossier code and the last 4 digits of the phone number given at reception; a
wrong code and wrong digits get the same answer, and attempts are limited per client address,
so codes cannot be enumerated. The rating (NĐ 118/2025 Điều 33) is taken once per dossier,
after the result, with the same two keys.
"""

from django.core.cache import cache
from django.shortcuts import render

from eiso.core.errors import DomainError
from eiso.dossiers import public, services
from eiso.dossiers.forms import LookupForm, RatingForm

MAX_ATTEMPTS = 10
WINDOW_SECONDS = 600
NOT_FOUND = (
    "Không tìm thấy hồ sơ với mã số và 4 số cuối điện thoại đã nhập. Vui lòng kiểm tra lại giấy tiếp nhận."
)
TOO_MANY = "Ông/bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _allowed(request) -> bool:
    key = f"dossier-lookup:{_client(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        attempts = 1
    return attempts <= MAX_ATTEMPTS


def dossier_lookup(request):
    data = request.GET if "phone4" in request.GET else None
    form = LookupForm(data, initial={"code": request.GET.get("code", "")})
    view = None
    if data is not None and form.is_valid():
        if not _allowed(request):
            form.add_error(None, TOO_MANY)
        else:
            view = public.public_view(**form.cleaned_data)
            if view is None:
                form.add_error(None, NOT_FOUND)
    context = {"form": form, "view": view, "rating_form": RatingForm() if view and view["can_rate"] else None}
    return render(
        request,
        "portal/dossier_lookup.html",
        context,
        status=429 if TOO_MANY in str(form.non_field_errors()) else 200,
    )


def dossier_rate(request):
    if request.method != "POST":
        return dossier_lookup(request)
    lookup = LookupForm(request.POST)
    rating_form = RatingForm(request.POST)
    view = None
    if lookup.is_valid():
        if not _allowed(request):
            lookup.add_error(None, TOO_MANY)
        else:
            dossier = public.find(**lookup.cleaned_data)
            if dossier is None:
                lookup.add_error(None, NOT_FOUND)
            elif rating_form.is_valid():
                values = {key: rating_form.cleaned_data[key] for key in services.RATING_FIELDS}
                try:
                    services.rating_submit(
                        dossier=dossier, values=values, comment=rating_form.cleaned_data["comment"]
                    )
                except DomainError as error:
                    rating_form.add_error(None, error.message)
                else:
                    return render(request, "portal/dossier_rated.html", {"code": dossier.code})
            view = public.public_view(**lookup.cleaned_data)
    return render(
        request, "portal/dossier_lookup.html", {"form": lookup, "view": view, "rating_form": rating_form}
    )
