from django.contrib.auth import authenticate
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        error_messages={"required": "Thiếu tên đăng nhập.", "blank": "Thiếu tên đăng nhập."}
    )
    password = serializers.CharField(
        error_messages={"required": "Thiếu mật khẩu.", "blank": "Thiếu mật khẩu."},
        style={"input_type": "password"},
    )


class LoginThrottle(AnonRateThrottle):
    rate = "20/min"


@extend_schema(
    request=TokenRequestSerializer, responses=inline_serializer("Token", {"token": serializers.CharField()})
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
        return Response(
            {"message": "Tên đăng nhập hoặc mật khẩu không đúng.", "extra": {}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


class MembershipSerializer(serializers.Serializer):
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
    path("me", me, name="me"),
]
