import uuid

from django.http import JsonResponse
from django.shortcuts import render

from eiso.core.audit import current_request_id
from eiso.core.clients import client_address


class RequestIdMiddleware:
    """Gives each request an id, echoed in a response header and stored with audit-trail entries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class ClientAddressMiddleware:
    """Puts the client's real address (core/clients.py) into REMOTE_ADDR, for everything after it:
    DRF's throttles, django-axes, the portal's limits and the logs see one and the same client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_address(request)
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuses a query string holding a NUL character, before any view reads it.

    No one types NUL, and PostgreSQL cannot compare text with one (SQLite can): without this gate
    every search box and filter would answer a probe with a 500 on one database only. Forms already
    refuse NUL in what is posted (Django's ProhibitNullCharactersValidator)."""

    MESSAGE = "Địa chỉ trang chứa ký tự không hợp lệ (ký tự NUL). Vui lòng kiểm tra lại đường dẫn."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return self._refuse(request, name.replace("\x00", ""))
        return self.get_response(request)

    def _refuse(self, request, name):
        if request.path.startswith("/api/"):
            body = {"message": self.MESSAGE, "extra": {"field": name}}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"message": self.MESSAGE}, status=400)
