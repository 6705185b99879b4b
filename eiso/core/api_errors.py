"""The API's one error body (STYLE.md §10): what a DomainError, a validation error, a 404, a
PermissionDenied or a throttle (429, with the wait) becomes for a client. Pages turn the same
errors into messages through core.actions and core.forms; settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]
points here."""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE


def throttled_body(wait: float | None, message: str = "") -> dict:
    """The 429 body: the wait in whole seconds, in the message and in `extra.retry_after`."""
    seconds = max(1, math.ceil(wait or 1))
    message = message or f"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây."
    return {"message": message, "extra": {"retry_after": seconds}}


def exception_handler(exc, context):
    """One error body for the whole API: `{"message": …, "extra": …}` with a Vietnamese message."""
    if isinstance(exc, DomainError):
        extra = dict(exc.extra)
        if exc.field:
            extra.setdefault("field", exc.field)
        return Response({"message": exc.message, "extra": extra}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            {"message": "Dữ liệu không hợp lệ.", "extra": detail}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        return Response({"message": "Không tìm thấy.", "extra": {}}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response(
            {"message": str(exc) or DENIED_MESSAGE, "extra": {}},
            status=status.HTTP_403_FORBIDDEN,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        response.data = throttled_body(exc.wait)
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {"message": "Dữ liệu không hợp lệ.", "extra": response.data}
    elif isinstance(exc, exceptions.ParseError):
        # DRF appends the parser's own English ("JSON parse error - Expecting value: …").
        response.data = {
            "message": "Không đọc được nội dung yêu cầu: dữ liệu gửi lên sai định dạng.",
            "extra": {},
        }
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.data = {"message": "Chưa đăng nhập hoặc mã truy cập không hợp lệ.", "extra": {}}
    else:
        response.data = {"message": str(getattr(exc, "detail", exc)), "extra": {}}
    return response
