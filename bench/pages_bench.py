"""Page latency under load (issue 9: pages): 50 concurrent virtual users for a fixed time against
gunicorn started here on 127.0.0.1 — logged-in secretary, officer and coordinator browsing their
main pages, citizens looking up dossiers — beside a bare Django view; p50/p95 per page, errors,
ratio to the bare view.

    DATABASE_URL=postgres://... python -m bench.pages_bench [--users 50] [--seconds 30]

The load is made by threads of this script (locust is not in the project's package index); each
user logs in once, then requests its pages in turn without think time. Only loopback addresses.
"""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.ingest_bench import _free_port

ROLES = {
    "secretary": ["/", "/dossiers/", "/dossiers/thong-ke/", "/documents/"],
    "officer": ["/", "/dossiers/", "/dossiers/?status=open"],
    # The province's coordinator works on province pages (agency pages need a chosen agency).
    "coordinator": [
        "/",
        "/oversight/",
        "/oversight/dashboard/",
        "/oversight/ranking/",
        "/oversight/reports/",
    ],
    None: ["/tthc/ho-so/tra-cuu/", "/tthc/"],
}
MIX = ["secretary"] * 3 + ["officer"] * 3 + ["coordinator"] * 1 + [None] * 3


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def login(base, username):
    opener = _opener()
    page = opener.open(f"{base}/accounts/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": "eiso-demo-2026"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=60).read()
    return opener


def user_loop(base, role, start, deadline, samples, errors, lock, rng):
    # Logins (deliberately slow password hashing) happen before the measured window opens.
    opener = login(base, role) if role else _opener()
    pages = ROLES[role] + ["/bench/bare"]
    start.wait()
    while time.monotonic() < deadline[0]:
        page = rng.choice(pages)
        began = time.perf_counter()
        try:
            with opener.open(base + page, timeout=60) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        elapsed = time.perf_counter() - began
        label = f"{role or 'citizen'} {page}" if page != "/bench/bare" else "bare Django view"
        with lock:
            samples.setdefault(label, []).append(elapsed)
            if not ok:
                errors[label] = errors.get(label, 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from bench.report import emit

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-key-for-a-loopback-server",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # Password logins for every role, as the demo: else the coordinator, whose role needs a TOTP,
        # is sent to the enrolment page and that page is what gets measured (redirects are followed).
        "EISO_REQUIRE_2FA_ROLES": "",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "eiso.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/bench/bare", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        samples, errors, lock = {}, {}, threading.Lock()
        deadline = [0.0]
        # The barrier's action runs before anyone is released: the window opens after the logins.
        start = threading.Barrier(
            args.users + 1, action=lambda: deadline.__setitem__(0, time.monotonic() + args.seconds)
        )
        threads = [
            threading.Thread(
                target=user_loop,
                args=(base, MIX[n % len(MIX)], start, deadline, samples, errors, lock, random.Random(n)),
            )
            for n in range(args.users)
        ]
        for thread in threads:
            thread.start()
        start.wait()
        for thread in threads:
            thread.join()
        rss = _rss_of_workers(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = statistics.median(samples["bare Django view"])
    rows = []
    for label in sorted(samples):
        times = sorted(samples[label])
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append(
            {
                "page": label,
                "requests": len(times),
                "errors": errors.get(label, 0),
                "p50_ms": round(p50 * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "p50_vs_bare": round(p50 / bare, 1),
            }
        )
    emit("pages", rows)
    emit(
        "web workers",
        [
            {
                "workers": len(rss),
                "max_rss_mb": max(rss, default=0),
                "users": args.users,
                "seconds": args.seconds,
            }
        ],
    )


def _rss_of_workers(master: int) -> list[float]:
    """Resident memory of gunicorn's workers (children of the master), in MB."""
    sizes = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) != master:
                    continue
            with open(f"/proc/{pid}/status") as status:
                rss = next(line for line in status if line.startswith("VmRSS"))
            sizes.append(round(int(rss.split()[1]) / 1024, 1))
        except (OSError, StopIteration, ValueError):
            continue
    return sizes


if __name__ == "__main__":
    main()
