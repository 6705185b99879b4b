"""Two-factor authentication (TOTP, RFC 6238) for local logins, with django-otp (issue 19).

Who must use it is a setting, `EISO_REQUIRE_2FA_ROLES` (roles whose holders must enrol before
they reach any page; docs/operations.md). Anyone else may enrol of their own accord; once a user
has a confirmed device, every login asks for a code. After enrolment the user gets ten one-time
recovery codes (django-otp's static device), for a lost phone. The province's administrator can
reset a user's devices; the user then enrols again at the next login.

The services here write the audit trail like every other change of state; verifying a code at
login changes nothing but the session, and is not audited (failed passwords are, by django-axes).
"""

import base64
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from eiso.accounts.models import User
from eiso.accounts.services import require_user_admin
from eiso.core import audit
from eiso.core.errors import DomainError

RECOVERY_CODES = 10
DEVICE_NAME = "Ứng dụng xác thực"
WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng."
# The session remembers, for the logged-in user, whether they must pass the second step: one
# look at their devices per session rather than one per request.
SESSION_KEY = "eiso_two_factor"
PENDING_KEY = "eiso_two_factor_pending_key"


@dataclass(frozen=True)
class Verification:
    device: object | None
    message: str = ""


def is_required(user) -> bool:
    """The user holds a role that `EISO_REQUIRE_2FA_ROLES` names (a superuser counts as admin)."""
    roles = set(settings.EISO_REQUIRE_2FA_ROLES)
    if not roles or not user.is_authenticated:
        return False
    if user.is_superuser and "admin" in roles:
        return True
    return any(membership.role in roles for membership in user.active_memberships())


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state(request) -> str:
    """ "device" (must enter a code), "enrol" (must enrol first) or "free", kept in the session."""
    user = request.user
    stored = request.session.get(SESSION_KEY)
    if stored and stored[0] == user.pk:
        return stored[1]
    return remember_on_login(sender=None, request=request, user=user)


def remember_on_login(sender, request, user, **kwargs) -> str:
    """Receiver of `user_logged_in` (accounts/apps.py): the state is worked out with the login, in
    the session the login saves anyway, so that pages ask nothing more."""
    if has_device(user):
        value = "device"
    elif is_required(user):
        value = "enrol"
    else:
        value = "free"
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = [user.pk, value]
    return value


def pending_device(session, user) -> TOTPDevice:
    """The device shown on the enrolment page, not saved: its secret waits in the session (the same
    one until it is confirmed), so that opening the page changes nothing."""
    key = session.get(PENDING_KEY)
    if not key:
        key = session[PENDING_KEY] = default_key()
    return TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app without a camera."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG data URI: an <img> under our CSP, no script, no inline style."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def verify(user, token: str) -> Verification:
    """The device (TOTP or recovery code) that accepts `token`, or a Vietnamese reason."""
    token = "".join(token.split())
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, data = device.verify_is_allowed()
            if not allowed:
                wait = (data or {}).get("locked_until")
                when = f" đến {wait.astimezone().strftime('%H:%M:%S')}" if wait else ""
                return Verification(None, f"Bạn đã nhập sai nhiều lần; hãy đợi{when} rồi thử lại.")
            if device.verify_token(token):
                return Verification(device)
    return Verification(None, WRONG_CODE)


def _scope(user: User) -> dict:
    membership = user.memberships.select_related("agency", "province").first()
    if membership is None:
        return {}
    return {"agency": membership.agency} if membership.agency_id else {"province": membership.province}


@transaction.atomic
def two_factor_enable(*, user: User, device: TOTPDevice, token: str, actor) -> list[str]:
    """Save the user's own authenticator once it shows a right code; return new recovery codes."""
    if actor.pk != user.pk or device.user_id != user.pk:
        raise DomainError("Chỉ chính người dùng mới bật được xác thực hai lớp cho tài khoản của mình.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    digits = "".join(token.split())
    if not digits.isdigit() or not totp.verify(int(digits), tolerance=device.tolerance):
        raise DomainError(WRONG_CODE, field="token")
    TOTPDevice.objects.filter(user=user).delete()
    # The code just used cannot log in again (django-otp refuses a step at or before last_t).
    device.last_t = totp.t()
    device.drift = totp.drift
    device.confirmed = True
    device.full_clean()
    device.save()
    codes = _new_recovery_codes(user)
    audit.record(
        actor=actor,
        action="user.enable_two_factor",
        target=user,
        changes={"two_factor": [False, True]},
        **_scope(user),
    )
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, actor) -> User:
    """Remove a user's authenticator and recovery codes (a lost phone): they enrol again at their
    next login. The province's administrator does it; their records and history stay."""
    require_user_admin(actor, user)
    if (
        not TOTPDevice.objects.filter(user=user).exists()
        and not StaticDevice.objects.filter(user=user).exists()
    ):
        raise DomainError("Tài khoản này chưa bật xác thực hai lớp.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action="user.reset_two_factor",
        target=user,
        changes={"two_factor": [True, False]},
        **_scope(user),
    )
    return user
