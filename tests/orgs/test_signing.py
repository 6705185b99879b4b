"""Signing what eISO produces (issue 20, item 2): the announcement decision signed by the agency
leader on the server and, through the API, by the leader's own device (interrupted signing: digest
out, CMS in); the signature placed in the signature block (NĐ 30/2020 Phụ lục I); a wrong CMS, a
used or expired session refused with a precise message; the signed file is the record."""

import base64
import io
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from eiso.core import signatures
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, FileSignatures
from eiso.improvement import reports
from eiso.improvement.models import Announcement
from eiso.orgs import certificates, placement, signing
from eiso.orgs.models import SignedDocument, SigningSession
from tests import signing as test_signing
from tests.factories import UserFactory
from tests.improvement.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db
KIND = "announcement_decision"


@pytest.fixture(scope="module")
def keys():
    ca = test_signing.root_ca()
    agency = test_signing.signer(ca, common_name="Sở Tư pháp", organisation="UBND tỉnh Hà Tĩnh")
    person = test_signing.signer(ca, common_name="Trần Văn Bình", organisation="Sở Tư pháp")
    return ca, agency, person


@pytest.fixture
def trusted(keys):
    signatures.trusted_root_add(
        data=keys[0].pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )


@pytest.fixture
def announcement(agency_a):
    return AnnouncementFactory(
        agency=agency_a,
        status=Announcement.Status.ANNOUNCED,
        number="15/QĐ-STP",
        decided_on=date(2026, 9, 1),
        signer_name="Trần Văn Bình",
        scope={
            "processes": [{"code": "QT-01", "title": "Cấp phiếu lý lịch tư pháp"}],
            "internal_activities": "",
        },
    )


@pytest.fixture
def api(leader_a):
    client = APIClient()
    client.force_authenticate(leader_a)
    return client


def _fields(pdf: bytes) -> dict:
    """The signature fields of a PDF: name → (page index, rectangle)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf))
    pages = {
        reader.find_page_for_modification(i)[0].idnum: i for i in range(int(reader.root["/Pages"]["/Count"]))
    }
    found = {}
    for name, _, field in enumerate_sig_fields(reader):
        annotation = field.get_object()
        found[name] = (pages[annotation.raw_get("/P").idnum], [float(v) for v in annotation["/Rect"]])
    return found


def _start(api, announcement) -> dict:
    response = api.post(
        "/api/v1/signing-sessions/", {"kind": KIND, "target_id": announcement.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _complete(api, session_id, cms: bytes):
    return api.post(
        f"/api/v1/signing-sessions/{session_id}/complete/",
        {"cms": base64.b64encode(cms).decode()},
        format="json",
    )


def test_external_signing_round_trip_on_the_api(api, announcement, keys, trusted):
    ca, _, person = keys
    session = _start(api, announcement)
    assert session["algorithm"] == "sha256" and session["state"] == "pending"
    cms = test_signing.cms_over(base64.b64decode(session["digest"]), person, ca)
    response = _complete(api, session["id"], cms)
    assert response.status_code == 201, response.json()
    assert response.json()["verdict"] == FileSignatures.Verdict.VALID
    signed = SignedDocument.objects.get(kind=KIND, target_id=announcement.pk)
    assert signed.method == SignedDocument.Method.EXTERNAL and signed.signer == "Trần Văn Bình"
    data = signed.file.open("rb").read()
    found = signatures.described(signatures.check_pdf(data))
    assert found[0]["intact"] and found[0]["trusted"] and found[0]["field"] == signing.FIELD_PERSON
    assert SigningSession.objects.get(pk=session["id"]).state == SigningSession.State.COMPLETED
    assert AuditEntry.objects.filter(action="signing_session.complete", target_id=announcement.pk).exists()
    # The session is used: the same CMS again is refused, precisely.
    again = _complete(api, session["id"], cms)
    assert again.status_code == 400 and "đã được dùng" in again.json()["message"]


def test_the_person_signs_in_the_signature_block_of_the_last_page(api, announcement, keys):
    ca, _, person = keys
    pdf = reports.announcement_decision_pdf(announcement)
    box = placement.person_box(pdf)
    session = _start(api, announcement)
    _complete(api, session["id"], test_signing.cms_over(base64.b64decode(session["digest"]), person, ca))
    data = SignedDocument.objects.get(kind=KIND).file.open("rb").read()
    page, (x0, y0, x1, y1) = _fields(data)[signing.FIELD_PERSON]
    places = placement._destinations(_reader(pdf))
    last = int(_reader(pdf).root["/Pages"]["/Count"]) - 1
    assert page == last == box.page
    # Between the signer's position and name, in the signer's (right) column.
    assert places[placement.NAME][2] <= y0 < y1 <= places[placement.SPACE][2]
    assert x0 >= places[placement.SPACE][1] and x1 - x0 <= placement.PERSON_WIDTH + 1


def _reader(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))


def test_a_cms_over_another_digest_or_garbage_is_refused_and_nothing_is_lost(api, announcement, keys):
    ca, _, person = keys
    session = _start(api, announcement)
    wrong = _complete(api, session["id"], test_signing.cms_over(b"\x01" * 32, person, ca))
    assert wrong.status_code == 400
    assert wrong.json()["message"].startswith("Chữ ký số không khớp với văn bản đã chuẩn bị")
    assert session["digest"] in wrong.json()["message"] and wrong.json()["extra"]["field"] == "cms"
    garbage = _complete(api, session["id"], b"not a signature")
    assert garbage.status_code == 400 and "không phải chữ ký số CMS" in garbage.json()["message"]
    not_base64 = api.post(
        f"/api/v1/signing-sessions/{session['id']}/complete/", {"cms": "%%%"}, format="json"
    )
    assert not_base64.status_code == 400 and "base64" in str(not_base64.json())
    assert not SignedDocument.objects.exists()
    # The session is still open: the right CMS is then accepted.
    right = _complete(
        api, session["id"], test_signing.cms_over(base64.b64decode(session["digest"]), person, ca)
    )
    assert right.status_code == 201


def test_an_expired_session_or_a_changed_document_asks_to_prepare_again(api, announcement, keys):
    ca, _, person = keys
    session = _start(api, announcement)
    cms = test_signing.cms_over(base64.b64decode(session["digest"]), person, ca)
    SigningSession.objects.filter(pk=session["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = _complete(api, session["id"], cms)
    assert expired.status_code == 400 and "đã hết hạn" in expired.json()["message"]
    fresh = _start(api, announcement)
    Announcement.objects.filter(pk=announcement.pk).update(signer_name="Lê Thị Hoa")
    changed = _complete(
        api, fresh["id"], test_signing.cms_over(base64.b64decode(fresh["digest"]), person, ca)
    )
    assert changed.status_code == 400 and "đã thay đổi sau khi chuẩn bị" in changed.json()["message"]


def test_the_leader_signs_the_announcement_decision_on_the_server_with_the_seal(
    announcement, keys, trusted, leader_a, sysadmin, agency_a
):
    _, agency_identity, _ = keys
    data = pkcs12.serialize_key_and_certificates(
        b"stp", agency_identity.key, agency_identity.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency_a, data=data, password="pw", actor=sysadmin)
    signed = signing.document_sign(kind=KIND, target=announcement, actor=leader_a)
    assert signatures.check_file(signed.file).verdict == FileSignatures.Verdict.VALID
    content = signed.file.open("rb").read()
    person = placement.person_box(reports.announcement_decision_pdf(announcement))
    page, (x0, y0, x1, y1) = _fields(content)[signing.FIELD_AGENCY]
    # The seal overlaps the left third of the person's place.
    third = person.x0 + (person.x1 - person.x0) / 3
    assert page == person.page and x0 < person.x0 < x1 and abs(x1 - third) < 1
    assert y0 < (person.y0 + person.y1) / 2 < y1
    with pytest.raises(DomainError, match="đã được ký số"):
        signing.document_sign(kind=KIND, target=announcement, actor=leader_a)


def test_only_the_leader_signs_and_only_an_issued_decision(announcement, secretary_a, leader_a):
    with pytest.raises(PermissionDenied):
        signing.session_start(kind=KIND, target=announcement, actor=secretary_a)
    Announcement.objects.filter(pk=announcement.pk).update(status=Announcement.Status.SUPERSEDED)
    announcement.refresh_from_db()
    with pytest.raises(DomainError, match="đang hiệu lực"):
        signing.session_start(kind=KIND, target=announcement, actor=leader_a)


def test_a_change_after_signing_is_shown_and_the_signed_file_is_served(
    client, api, announcement, keys, leader_a
):
    ca, _, person = keys
    session = _start(api, announcement)
    _complete(api, session["id"], test_signing.cms_over(base64.b64decode(session["digest"]), person, ca))
    signed = SignedDocument.objects.get(kind=KIND)
    agency = announcement.agency
    agency.name = "Sở Tư pháp tỉnh Hà Tĩnh (mới)"
    agency.save(update_fields=["name"])
    announcement.refresh_from_db()
    assert signing.changes_since_signing(signed, announcement) == ["agency"]
    client.force_login(leader_a)
    page = client.get(announcement.get_absolute_url()).content.decode()
    assert 'data-testid="signed-differs"' in page and "công bố lại" in page
    assert "Dữ liệu đã thay đổi sau khi ký (tên cơ quan)" in page
    assert reverse("improvement:announcement_list") in page.split('data-testid="signed-differs"')[1]
    download = client.get(reverse("improvement:announcement_decision_pdf", args=[announcement.pk]))
    served = client.get(download["Location"])
    assert b"".join(served.streaming_content) == signed.file.open("rb").read()


def test_the_session_page_shows_the_digest_and_takes_the_p7s(client, announcement, keys, leader_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ca, _, person = keys
    client.force_login(leader_a)
    started = client.post(reverse("orgs:signing_session_start", args=[KIND, announcement.pk]))
    session = SigningSession.objects.get()
    assert started["Location"] == session.get_absolute_url()
    page = client.get(session.get_absolute_url()).content.decode()
    assert signing.digest_base64(session) in page
    digest_file = client.get(reverse("orgs:signing_session_digest", args=[session.pk]))
    assert digest_file.content.decode().strip() == signing.digest_base64(session)
    bad = client.post(session.get_absolute_url(), {"cms": SimpleUploadedFile("chu-ky.p7s", b"rac")})
    assert bad.status_code == 400 and "không phải chữ ký số CMS" in bad.content.decode()
    cms = test_signing.cms_over(bytes(session.digest), person, ca)
    done = client.post(session.get_absolute_url(), {"cms": SimpleUploadedFile("chu-ky.p7s", cms)})
    assert done.status_code == 302 and SignedDocument.objects.filter(kind=KIND).exists()


def test_sessions_that_are_over_are_purged_and_the_signed_document_stays(api, announcement, keys):
    from django.core.management import call_command

    ca, _, person = keys
    used = _start(api, announcement)
    _complete(api, used["id"], test_signing.cms_over(base64.b64decode(used["digest"]), person, ca))
    SigningSession.objects.filter(pk=used["id"]).update(completed_at=timezone.now() - timedelta(days=2))
    other = AnnouncementFactory(agency=announcement.agency)
    requester = SigningSession.objects.get(pk=used["id"]).requested_by

    def pending(expires_at):
        return SigningSession.objects.create(
            agency=other.agency,
            kind=KIND,
            target_id=other.pk,
            requested_by=requester,
            digest=b"\x00" * 32,
            reserved_start=1,
            reserved_end=2,
            expires_at=expires_at,
        )

    open_session = pending(timezone.now() + timedelta(hours=1))
    pending(timezone.now() - timedelta(minutes=1))
    call_command("purge_signing_sessions", stdout=io.StringIO())
    assert list(SigningSession.objects.values_list("pk", flat=True)) == [open_session.pk]
    assert SignedDocument.objects.filter(kind=KIND, target_id=announcement.pk).exists()
