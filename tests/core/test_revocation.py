"""Revocation of the certificates that signed PDFs (issue 20, item 1): checked against the CRLs the
administrator uploads and, online, against the CRLs and OCSP answers the CA publishes, fetched
within a few seconds and only from http(s) on the default ports; otherwise said plainly."""

import hashlib
import io
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from eiso.core import revocation, signatures
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, FileSignatures, RevocationList
from tests import signing
from tests.factories import UserFactory
from tests.hostile_files import pdf_bytes
from tests.revocation_data import NOW, REVOKED_AT, crl_of, ocsp_good, signer_with

pytestmark = pytest.mark.django_db
Verdict = FileSignatures.Verdict


@pytest.fixture(scope="module")
def ca():
    return signing.root_ca()


@pytest.fixture
def administrator(ca):
    user = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    signatures.trusted_root_add(data=ca.pem, name="Root thử nghiệm", actor=user)
    return user


class Publisher:
    """A CA's web server on 127.0.0.1: a CRL at /ca.crl, OCSP answers at /ocsp, and /slow, which
    never answers in time. `asked` lists the paths requested."""

    def __init__(self):
        self.crl, self.ocsp, self.asked = b"", b"", []
        self.release = threading.Event()
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                publisher.asked.append(self.path)
                if self.path == "/slow":
                    publisher.release.wait(30)
                    return
                body = publisher.crl if self.path == "/ca.crl" else publisher.ocsp
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._answer()

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def publisher(monkeypatch, settings):
    """The CA's server, its port taken as http's default, and eISO online."""
    served = Publisher()
    monkeypatch.setattr(revocation, "DEFAULT_PORTS", {"http": served.port})
    settings.EISO_REVOCATION_CHECK = "online"
    settings.EISO_REVOCATION_TIMEOUT = 1
    yield served
    served.close()


class StoredPdf:
    """What a FileField gives the badge: a name and the content."""

    name = "quyet-dinh.pdf"

    def __init__(self, data: bytes):
        self.data = data

    def open(self, mode):
        return io.BytesIO(self.data)


def checked(data: bytes) -> tuple[FileSignatures, str]:
    """The file's result and its badge, as a page shows it."""
    page = Template("{% load signatures %}{% signature_badge file %}").render(
        Context({"file": StoredPdf(data)})
    )
    return FileSignatures.objects.get(sha256=hashlib.sha256(data).hexdigest()), page


def test_an_uploaded_crl_that_revokes_the_signer_makes_the_signature_revoked(ca, administrator):
    who = signer_with(ca)
    revocation.revocation_list_add(data=crl_of(ca, [who]), actor=administrator)
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert result.verdict == Verdict.REVOKED
    assert 'data-verdict="revoked"' in page and "Chứng thư ký đã bị thu hồi" in page
    assert 'data-status="revoked"' in page
    revoked_at = REVOKED_AT.astimezone(signatures.timezone.get_current_timezone())
    assert f"đã bị thu hồi lúc {revoked_at:%d/%m/%Y %H:%M}, lý do: lộ khóa bí mật" in page


def test_an_uploaded_crl_without_the_signer_says_valid_and_names_its_source(ca, administrator):
    who = signer_with(ca)
    revocation.revocation_list_add(data=crl_of(ca, [signer_with(ca)], pem=True), actor=administrator)
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert result.verdict == Verdict.VALID
    assert "Tình trạng thu hồi chứng thư: còn hiệu lực (theo CRL do quản trị tải lên, cập nhật " in page


def test_without_a_crl_and_offline_the_revocation_is_not_checked(ca, administrator, settings):
    assert settings.EISO_REVOCATION_CHECK == "off"
    who = signer_with(ca, crl_url="http://crl.example.invalid/ca.crl")
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert result.verdict == Verdict.VALID
    assert 'data-status="unchecked"' in page and "Tình trạng thu hồi chứng thư: chưa kiểm tra" in page


def test_an_untrusted_signature_is_never_checked_for_revocation(ca, publisher):
    who = signer_with(ca, crl_url=publisher.url + "/ca.crl")
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))  # no trusted root at all
    assert result.verdict == Verdict.UNTRUSTED and 'data-status="unchecked"' in page
    assert publisher.asked == []


def test_online_a_crl_published_by_the_ca_revokes_the_signer(ca, administrator, publisher):
    who = signer_with(ca, crl_url=publisher.url + "/ca.crl")
    publisher.crl = crl_of(ca, [who])
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert publisher.asked == ["/ca.crl"]
    assert result.verdict == Verdict.REVOKED and "lý do: lộ khóa bí mật" in page


def test_online_a_good_ocsp_answer_says_valid_from_ocsp(ca, administrator, publisher):
    who = signer_with(ca, ocsp_url=publisher.url + "/ocsp")
    publisher.ocsp = ocsp_good(ca, who)
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert publisher.asked == ["/ocsp"]
    assert result.verdict == Verdict.VALID
    assert "còn hiệu lực (theo OCSP trực tuyến, cập nhật " in page


def test_online_a_publisher_that_does_not_answer_gives_not_checkable_within_the_timeout(
    ca, administrator, publisher
):
    who = signer_with(ca, crl_url=publisher.url + "/slow")
    data = signing.sign_pdf(pdf_bytes(), who, ca)
    started = time.monotonic()
    result, page = checked(data)
    assert time.monotonic() - started < 10  # one second for the fetch, the rest the sandbox's start
    assert publisher.asked == ["/slow"]
    assert result.verdict == Verdict.VALID
    assert 'data-status="unavailable"' in page and "không kiểm tra được" in page


def test_online_an_address_off_the_default_port_is_never_asked(ca, administrator, publisher, monkeypatch):
    monkeypatch.setattr(revocation, "DEFAULT_PORTS", {"http": 80, "https": 443})
    who = signer_with(ca, crl_url=publisher.url + "/ca.crl")
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert publisher.asked == [] and 'data-status="unavailable"' in page


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("http://crl.ca.gov.vn/ca.crl", True),
        ("https://ocsp.ca.gov.vn", True),
        ("https://ocsp.ca.gov.vn:443/x", True),
        ("http://crl.ca.gov.vn:8080/ca.crl", False),
        ("https://ocsp.ca.gov.vn:80/", False),
        ("file:///etc/passwd", False),
        ("ldap://ldap.ca.gov.vn/cn=CA", False),
        ("http://user:pw@crl.ca.gov.vn/ca.crl", False),
        ("http://[::1/ca.crl", False),
        ("http:///ca.crl", False),
    ],
)
def test_only_http_on_the_default_ports_is_fetched(url, fetched):
    assert revocation.allowed(url) is fetched


def test_a_crl_is_kept_once_per_issuer_the_newest_and_changes_are_audited(ca, administrator):
    first = revocation.revocation_list_add(
        data=crl_of(ca, issued=NOW - timedelta(days=1)), actor=administrator
    )
    with pytest.raises(DomainError, match="mới hơn"):
        revocation.revocation_list_add(data=crl_of(ca, issued=NOW - timedelta(days=2)), actor=administrator)
    newer = revocation.revocation_list_add(data=crl_of(ca, [signer_with(ca)]), actor=administrator)
    assert list(RevocationList.objects.all()) == [newer] and newer.revoked_count == 1
    assert AuditEntry.objects.filter(action="revocation_list.remove", target_id=first.pk).count() == 1
    assert AuditEntry.objects.filter(action="revocation_list.add").count() == 2
    with pytest.raises(DomainError, match="Chỉ quản trị hệ thống"):
        revocation.revocation_list_remove(entry=newer, actor=UserFactory())
    with pytest.raises(DomainError, match="không phải là danh sách"):
        revocation.revocation_list_add(data=ca.der, actor=administrator)


def test_a_new_crl_makes_kept_results_stale(ca, administrator):
    who = signer_with(ca)
    data = signing.sign_pdf(pdf_bytes(), who, ca)
    assert signatures.check_pdf(data).verdict == Verdict.VALID
    revocation.revocation_list_add(data=crl_of(ca, [who]), actor=administrator)
    assert signatures.check_pdf(data).verdict == Verdict.REVOKED
    assert FileSignatures.objects.count() == 1


def test_the_administrator_uploads_a_crl_in_the_admin_and_a_bad_file_is_named(client, ca, administrator):
    client.force_login(administrator)
    url = reverse("admin:core_revocationlist_add")
    bad = client.post(url, {"upload": SimpleUploadedFile("ca.crl", b"garbage")})
    assert bad.status_code == 200 and "không phải là danh sách chứng thư bị thu hồi" in bad.content.decode()
    good = client.post(url, {"upload": SimpleUploadedFile("ca.crl", crl_of(ca))})
    assert good.status_code == 302
    assert RevocationList.objects.get().issuer == ca.certificate.subject.rfc4514_string()
    listing = client.get(reverse("admin:core_revocationlist_changelist")).content.decode()
    assert "Ban Cơ yếu Chính phủ (thử nghiệm)" in listing


def test_online_an_answer_that_is_not_revocation_data_does_not_spoil_a_good_one(ca, administrator, publisher):
    who = signer_with(ca, crl_url=publisher.url + "/ca.crl", ocsp_url=publisher.url + "/ocsp")
    publisher.crl, publisher.ocsp = crl_of(ca), "<html>Trang lỗi</html>".encode()
    result, page = checked(signing.sign_pdf(pdf_bytes(), who, ca))
    assert sorted(publisher.asked) == ["/ca.crl", "/ocsp"]
    assert result.verdict == Verdict.VALID and "còn hiệu lực (theo CRL trực tuyến, cập nhật " in page


def test_a_crl_in_a_trusted_roots_name_must_bear_its_signature(ca, administrator):
    impostor = signing.root_ca()  # the same name as the trusted root, another key
    assert impostor.certificate.subject == ca.certificate.subject
    with pytest.raises(DomainError, match="không do chứng thư đó ký"):
        revocation.revocation_list_add(data=crl_of(impostor), actor=administrator)
    assert not RevocationList.objects.exists()


def test_a_folder_asks_each_address_once_and_a_silent_host_once(ca, administrator, publisher):
    revoked, kept = (
        signer_with(ca, crl_url=publisher.url + "/ca.crl"),
        signer_with(ca, crl_url=publisher.url + "/ca.crl"),
    )
    publisher.crl = crl_of(ca, [revoked])
    results = signatures.check_pdfs([signing.sign_pdf(pdf_bytes(), who, ca) for who in (revoked, kept)])
    assert [result.verdict for result in results] == [Verdict.REVOKED, Verdict.VALID]
    assert publisher.asked == ["/ca.crl"]
    slow = [
        signer_with(ca, crl_url=publisher.url + "/slow", ocsp_url=publisher.url + "/ocsp") for _ in range(3)
    ]
    started = time.monotonic()
    results = signatures.check_pdfs([signing.sign_pdf(pdf_bytes(), who, ca) for who in slow])
    assert time.monotonic() - started < 12  # one wait of a second, not three
    assert publisher.asked.count("/slow") == 1
    assert {result.signatures[0]["revocation"]["status"] for result in results} == {"unavailable"}
