import uuid

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
