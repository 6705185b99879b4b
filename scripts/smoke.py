"""Smoke test of a running eISO (used by CI): health, a logged-in page, a Celery round trip.

Usage: python scripts/smoke.py http://127.0.0.1:8765
"""

import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

import django


def fail(message: str) -> None:
    print(f"SMOKE FAILED: {message}")
    sys.exit(1)


def main(base: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    with opener.open(f"{base}/healthz", timeout=30) as response:
        health = json.load(response)
    if health.get("database") != "ok":
        fail(f"/healthz says {health}")
    print(f"healthz: {health}")

    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        fail("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": "secretary", "password": "eiso-demo-2026"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request, timeout=30) as response:
        home = response.read().decode()
        final_url = response.geturl()
    if "/accounts/login/" in final_url or "Xin chào" not in home:
        fail(f"login as secretary did not reach the dashboard ({final_url})")
    print("logged-in page: OK (secretary sees the dashboard)")

    django.setup()
    from eiso.core.tasks import ping

    result = ping.apply_async()
    if result.get(timeout=60) != "pong":
        fail("the Celery worker did not answer")
    print("celery worker: OK")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    main(sys.argv[1].rstrip("/"))
