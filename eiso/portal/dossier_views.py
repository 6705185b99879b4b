"""The citizen's dossier lookup and rating (no login).

Lookup needs the dossier code and the last 4 digits of the phone number given at reception; a
wrong code and wrong digits get the same answer, and attempts are limited per client address
(the real one, core.clients) and per dossier code (dossiers.public), so codes cannot be
enumerated nor digits guessed. Over a limit the page answers 429. The rating (NĐ 118/2025
Điều 33) is taken once per dossier, after the result, with the same two keys.
"""

from django.shortcuts import render

from eiso.core import ratelimit
from eiso.core.clients import client_address
from eiso.core.errors import DomainError
from eiso.dossiers import public, services
from eiso.dossiers.forms import LookupForm, RatingForm

ADDRESS_LIMITS = [(10, 600)]  # lookups and ratings per client address: (tries, seconds)
NOT_FOUND = (
    "Không tìm thấy hồ sơ với mã số và 4 số cuối điện thoại đã nhập. Vui lòng kiểm tra lại giấy tiếp nhận."
)
TOO_MANY = "Ông/bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."


class Limited(Exception):
    """Over a limit: the form shows `message` and the page answers 429."""

    def __init__(self, message: str):
        self.message = message


def _find(request, cleaned: dict, lookup):
    """`lookup` (public.find or public.public_view) within the address and code limits."""
    if ratelimit.hit(f"dossier-lookup:{client_address(request)}", ADDRESS_LIMITS):
        raise Limited(TOO_MANY)
    try:
        return lookup(**cleaned)
    except public.TooManyTries as error:
        raise Limited(error.message) from error


def dossier_lookup(request):
    data = request.GET if "phone4" in request.GET else None
    form = LookupForm(data, initial={"code": request.GET.get("code", "")})
    view, status = None, 200
    if data is not None and form.is_valid():
        try:
            view = _find(request, form.cleaned_data, public.public_view)
        except Limited as limited:
            form.add_error(None, limited.message)
            status = 429
        else:
            if view is None:
                form.add_error(None, NOT_FOUND)
    context = {"form": form, "view": view, "rating_form": RatingForm() if view and view["can_rate"] else None}
    return render(request, "portal/dossier_lookup.html", context, status=status)


def dossier_rate(request):
    if request.method != "POST":
        return dossier_lookup(request)
    lookup = LookupForm(request.POST)
    rating_form = RatingForm(request.POST)
    view, status = None, 200
    if lookup.is_valid():
        try:
            dossier = _find(request, lookup.cleaned_data, public.find)
        except Limited as limited:
            lookup.add_error(None, limited.message)
            status = 429
        else:
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
            view = public.describe(dossier) if dossier is not None else None
    return render(
        request,
        "portal/dossier_lookup.html",
        {"form": lookup, "view": view, "rating_form": rating_form},
        status=status,
    )
