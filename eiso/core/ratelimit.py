"""Counters in Django's cache for the public pages' limits (per client address, per dossier code).

Each limit allows a number of events within a fixed window of seconds, started by the first. An
event is counted before it is judged (`hit`), so that many requests at the same moment cannot all
slip under a limit; one that turns out not to count is taken back (`unhit`)."""

import contextlib
import hashlib
from collections.abc import Sequence

from django.core.cache import cache

Limits = Sequence[tuple[int, int]]  # (events allowed, window in seconds)


def _key(name: str, window: int) -> str:
    # Hashed: names may be long or hold any character (a dossier code typed by anybody).
    return f"ratelimit:{window}:{hashlib.sha256(name.encode()).hexdigest()}"


def _count(name: str, window: int) -> int:
    key = _key(name, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def hit(name: str, limits: Limits) -> int:
    """Count one event under `name`; the longest window (seconds) it went over, 0 if none."""
    counts = [(_count(name, window), allowed, window) for allowed, window in limits]
    return max((window for count, allowed, window in counts if count > allowed), default=0)


def unhit(name: str, limits: Limits) -> None:
    """Take back one event counted by `hit`."""
    for _allowed, window in limits:
        with contextlib.suppress(ValueError):  # the window ended meanwhile
            cache.decr(_key(name, window))
