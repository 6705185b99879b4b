"""API tokens: django-rest-knox tokens (a digest at rest, an expiry) issued by
`POST /api/v1/auth/token`, refused once their user's password changed, revoked when django-axes
locks the user out, and revocable by their holder.

Why knox and not DRF's own tokens with an expiry of ours: DRF keeps the key itself in the
database (and so in every copy of it), allows one token per user, and has no expiry; knox stores
only a SHA-512 digest, gives each integration its own token, and expires them, in a small
package (MIT, Django and DRF only) that we would otherwise rewrite.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from eiso.accounts.models import ApiToken, User

log = logging.getLogger("eiso.security")

# Live tokens a user may hold; a new one beyond this revokes the oldest (a script that asks for a
# token on every call would otherwise pile them up).
TOKENS_PER_USER = 10


@transaction.atomic
def token_issue(*, user: User) -> tuple[ApiToken, str]:
    """A new token for `user` (the key is returned once, never stored); drops their expired tokens
    and the oldest beyond TOKENS_PER_USER."""
    ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    oldest = ApiToken.objects.filter(user=user).order_by("-created").values_list("digest", flat=True)
    ApiToken.objects.filter(digest__in=list(oldest[TOKENS_PER_USER - 1 :])).delete()
    return ApiToken.objects.create(user, password_hash=user.get_session_auth_hash())


def tokens_revoke(*, username: str, reason: str) -> int:
    """Revoke every token of the user named `username`; returns how many there were."""
    count, _ = ApiToken.objects.filter(user__username=username).delete()
    if count:
        log.warning("API tokens of %s revoked (%s): %d", username, reason, count)
    return count


def token_revoke(*, token: ApiToken) -> None:
    """Revoke one token (its holder logs out)."""
    token.delete()


def revoke_on_lockout(sender, request, username: str | None = None, **kwargs) -> None:
    """django-axes locked `username` out: whoever guesses its password, its tokens stop now."""
    if username:
        tokens_revoke(username=username, reason="lockout")


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`: knox's check (digest, expiry, active user), and the token must
    have been issued under the user's current password."""

    def validate_user(self, auth_token: ApiToken):
        current = auth_token.user.get_session_auth_hash()
        if not constant_time_compare(auth_token.password_hash, current):
            auth_token.delete()
            raise exceptions.AuthenticationFailed("Mã truy cập đã hết hiệu lực vì mật khẩu đã đổi.")
        return super().validate_user(auth_token)


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token: how to get it and renew it."""

    target_class = "eiso.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        hours = int(settings.REST_KNOX["TOKEN_TTL"].total_seconds() // 3600)
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Gửi `Authorization: Token <mã>`. Lấy mã bằng `POST /api/v1/auth/token` với tên đăng nhập "
                f"và mật khẩu; mã hết hạn sau {hours} giờ (trường `expiry` của câu trả lời). Gia hạn: "
                "lấy mã mới bằng cùng lời gọi trước khi mã cũ hết hạn (mỗi người dùng giữ tối đa "
                f"{TOKENS_PER_USER} mã còn hạn). Mã hết hiệu lực khi đổi mật khẩu, khi tài khoản bị "
                "khóa, hoặc khi bị tạm khóa vì nhập sai mật khẩu nhiều lần; thu hồi mã đang dùng bằng "
                "`POST /api/v1/auth/token/revoke`. Mã hết hạn hay bị thu hồi nhận 401."
            ),
        }
