"""What a client locked out by django-axes sees (AXES_LOCKOUT_CALLABLE): the API gets the
project's JSON error body, pages get the Vietnamese page; both answer 429 with Retry-After.

A lockout holds for one username from one client address (AXES_LOCKOUT_PARAMETERS), so guessing
from elsewhere, or guessing other usernames from the same address, never locks a person out."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from eiso.core.api_errors import throttled_body

LOCKED = (
    "Tài khoản tạm khóa đăng nhập từ địa chỉ này vì nhập sai mật khẩu {limit} lần. "
    "Vui lòng thử lại sau {minutes} phút."
)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    if request.path_info.startswith("/api/"):
        message = LOCKED.format(limit=settings.AXES_FAILURE_LIMIT, minutes=seconds // 60)
        response = JsonResponse(
            throttled_body(seconds, message), status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": seconds // 60}
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
