"""Smoke test of a running eISO (used by CI): health, a logged-in page, a dossier received through
the API and counted by its statistic, a Celery round trip, and a document's attachment: a zip bomb
refused by the upload gate, a real .docx stored and its text read by the worker.

Usage: python scripts/smoke.py http://127.0.0.1:8765
"""

import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile

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
    receive_and_count(base)

    from eiso.core.tasks import ping

    result = ping.apply_async()
    if result.get(timeout=60) != "pong":
        fail("the Celery worker did not answer")
    print("celery worker: OK")
    text_read_on_the_worker()


def api(base: str, path: str, body=None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        fail(f"{'POST' if body is not None else 'GET'} {path} answered {error.code}: {error.read()[:300]!r}")


def receive_and_count(base: str) -> None:
    """The one-stop officer receives a dossier through the API; the statistic counts it."""
    from datetime import timedelta

    from django.utils import timezone

    from eiso.orgs.demo import demo_agency
    from eiso.procedures.models import Procedure

    agency = demo_agency()
    procedure = (
        Procedure.objects.filter(province=agency.province, current_version__level="province")
        .select_related("current_version")
        .order_by("code")
        .first()
    )
    if procedure is None:
        fail("the demo catalogue has no province-level procedure")
    components = list(procedure.current_version.components.values_list("order", flat=True))
    token = api(base, "/api/v1/auth/token", {"username": "officer", "password": "eiso-demo-2026"})["token"]
    # A dossier received after hours or on a holiday counts on the next working day.
    today = timezone.localdate()
    query = (
        f"/api/v1/stats/dossiers?agency={agency.identifier_code}&from={today}&to={today + timedelta(days=15)}"
    )
    before = api(base, query, token=token)["received"]
    dossier = api(
        base,
        "/api/v1/dossiers/",
        {
            "procedure": procedure.code,
            "applicant_name": "Người nộp thử nghiệm",
            "applicant_phone": "0912345678",
            "channel": "direct",
            "components": components,
        },
        token=token,
    )
    after = api(base, query, token=token)["received"]
    if after != before + 1:
        fail(f"dossier {dossier.get('code')} received, but the statistic went from {before} to {after}")
    print(f"api: dossier {dossier['code']} received; statistic 'received' {before} -> {after}")


def text_read_on_the_worker() -> None:
    """The upload gate refuses a zip bomb; a real .docx is stored and its text read by the worker
    (documents.read_version_text: from the shared file storage, in the sandbox)."""
    import io
    import time
    import uuid

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from eiso.accounts.models import User
    from eiso.core.errors import DomainError
    from eiso.documents import services
    from eiso.orgs.demo import demo_agency

    secretary = User.objects.get(username="secretary")
    document = services.document_create(
        agency=demo_agency(),
        code=f"SMOKE-{uuid.uuid4().hex[:6]}",
        title="Tài liệu thử nghiệm tệp đính kèm",
        kind="work_instruction",
        owner_unit=None,
        actor=secretary,
        with_draft=True,
    )
    version = document.versions.get()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            for _ in range(300):
                part.write(b"A" * 1024 * 1024)
    began = time.perf_counter()
    try:
        services.version_update(
            version=version,
            actor=secretary,
            expected_revision=version.revision,
            body="",
            change_summary="",
            upload=SimpleUploadedFile("bom.docx", bomb.getvalue()),
        )
    except DomainError as refused:
        spent = (time.perf_counter() - began) * 1000
        print(f"upload gate: zip bomb refused in {spent:.1f} ms ({refused.message})")
    else:
        fail("the upload gate accepted a zip bomb")
    word = docx.Document()
    word.add_paragraph("Hướng dẫn lưu trữ hồ sơ điện tử")
    buffer = io.BytesIO()
    word.save(buffer)
    with transaction.atomic():  # the task is queued when this commits, as after a page's request
        services.version_update(
            version=version,
            actor=secretary,
            expected_revision=version.revision,
            body="",
            change_summary="",
            upload=SimpleUploadedFile("huong-dan.docx", buffer.getvalue()),
        )
    for _ in range(60):
        version.refresh_from_db()
        if "lưu trữ hồ sơ" in version.file_text:
            print("document attachment: stored, its text read by the worker")
            return
        time.sleep(1)
    fail("the worker did not read the text of the attached .docx within 60 s")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    main(sys.argv[1].rstrip("/"))
