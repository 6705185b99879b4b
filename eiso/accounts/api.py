from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from eiso.accounts import tokens
from eiso.accounts.models import ApiToken
from eiso.core.serializers import Serializer
from eiso.core.throttling import AddressRateThrottle


class TokenRequestSerializer(Serializer):
    username = serializers.CharField(
        error_messages={"required": "Thiếu tên đăng nhập.", "blank": "Thiếu tên đăng nhập."}
    )
    password = serializers.CharField(
        error_messages={"required": "Thiếu mật khẩu.", "blank": "Thiếu mật khẩu."},
        style={"input_type": "password"},
    )


class LoginThrottle(AddressRateThrottle):
    """Password guesses per client address, signed in or not; django-axes locks a username from
    an address after AXES_FAILURE_LIMIT wrong passwords on top of this."""

    scope = "api_token"
    rate = "20/min"


@extend_schema(
    summary="Lấy mã truy cập API (token) bằng tên đăng nhập và mật khẩu",
    description=(
        "Trả về `token` (chỉ hiện một lần, eISO chỉ lưu dấu băm của nó) và `expiry` (thời điểm hết "
        "hạn). Gửi kèm mọi lời gọi: `Authorization: Token <token>`. Gia hạn: gọi lại trước `expiry` để "
        "lấy mã mới; mã cũ còn dùng được đến khi hết hạn. Sai mật khẩu 400; quá 20 lần mỗi phút từ một "
        "địa chỉ, hoặc tên đăng nhập bị tạm khóa từ địa chỉ này sau nhiều lần sai mật khẩu: 429."
    ),
    request=TokenRequestSerializer,
    responses=inline_serializer(
        "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
    ),
    auth=[],
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def obtain_token(request):
    """Exchange a username and password for an API token (sent as `Authorization: Token <key>`)."""
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = authenticate(request._request, **serializer.validated_data)
    if user is None or not user.is_active:
        # A lockout by django-axes is answered by accounts.lockout (429) instead of this.
        return Response(
            {"message": "Tên đăng nhập hoặc mật khẩu không đúng.", "extra": {}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    # As a login: django-axes forgets the failures, last_login is set.
    user_logged_in.send(sender=user.__class__, request=request._request, user=user)
    token, key = tokens.token_issue(user=user)
    return Response({"token": key, "expiry": serializers.DateTimeField().to_representation(token.expiry)})


@extend_schema(
    summary="Thu hồi mã truy cập đang dùng",
    request=None,
    responses={204: None},
)
@api_view(["POST"])
def revoke_token(request):
    """Revoke the token this call was made with (an integration that stops, a leaked token)."""
    if isinstance(request.auth, ApiToken):
        tokens.token_revoke(token=request.auth)
    return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipSerializer(Serializer):
    role = serializers.CharField()
    agency = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()

    def get_agency(self, membership) -> dict | None:
        agency = membership.agency
        if agency is None:
            return None
        return {"id": agency.pk, "code": agency.identifier_code, "name": agency.name}

    def get_province(self, membership) -> dict | None:
        province = membership.province
        if province is None:
            return None
        return {"id": province.pk, "name": province.name}


@extend_schema(
    responses=inline_serializer(
        "Me", {"username": serializers.CharField(), "memberships": MembershipSerializer(many=True)}
    )
)
@api_view(["GET"])
def me(request):
    """Who the token belongs to, with their memberships, so an integration knows its agencies."""
    memberships = request.user.active_memberships()
    return Response(
        {"username": request.user.username, "memberships": MembershipSerializer(memberships, many=True).data}
    )


ROUTES: list = []
URLS = [
    path("auth/token", obtain_token, name="auth_token"),
    path("auth/token/revoke", revoke_token, name="auth_token_revoke"),
    path("me", me, name="me"),
]
