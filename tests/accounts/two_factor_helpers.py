"""Codes an authenticator app would show, computed in the test from the device's secret."""

import time

from django_otp.oath import TOTP


def totp_code(device, *, ahead: int = 0) -> str:
    """The code for now, or for `ahead` time steps later (a code is accepted once: a second login
    within the same 30 seconds needs the next step's code, which the device tolerates)."""
    if device.pk:
        device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():0{device.digits}d}"
