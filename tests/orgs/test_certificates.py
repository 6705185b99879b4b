"""The agency's signing certificate and server-side signing (issue 20, item 2a): a generated
announcement decision is signed with the agency's PKCS#12 certificate and verifies."""

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from eiso.core import signatures
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, FileSignatures
from eiso.improvement import reports
from eiso.orgs import certificates
from eiso.orgs.models import SigningCertificate
from tests import signing
from tests.factories import UserFactory
from tests.improvement.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-p12"


@pytest.fixture(scope="module")
def keys():
    ca = signing.root_ca()
    return ca, signing.signer(ca, common_name="Sở Khoa học và Công nghệ", organisation="UBND tỉnh Hà Tĩnh")


def _p12(who, password: str = PASSWORD) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"eiso", who.key, who.certificate, None, BestAvailableEncryption(password.encode())
    )


def test_a_generated_announcement_decision_is_signed_server_side_and_verifies(keys, agency_a, sysadmin):
    ca, who = keys
    certificates.certificate_set(agency=agency_a, data=_p12(who), password=PASSWORD, actor=sysadmin)
    signatures.trusted_root_add(
        data=ca.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )
    announcement = AnnouncementFactory(agency=agency_a, number="15/QĐ-SKHCN", signer_name="Trần Văn Bình")
    pdf = reports.announcement_decision_pdf(announcement)
    signed = certificates.sign_pdf(agency=agency_a, pdf=pdf, reason="Ban hành quyết định công bố HTQLCL")
    result = signatures.check_pdf(signed)
    assert result.verdict == FileSignatures.Verdict.VALID
    assert signatures.described(result)[0]["signer"] == "Sở Khoa học và Công nghệ"


def test_the_certificate_and_its_password_are_never_stored_in_clear(keys, agency_a, sysadmin):
    data = _p12(keys[1])
    row = certificates.certificate_set(agency=agency_a, data=data, password=PASSWORD, actor=sysadmin)
    stored = bytes(SigningCertificate.objects.get(pk=row.pk).encrypted_password)
    assert PASSWORD.encode() not in stored and data not in bytes(row.encrypted_pkcs12)
    entry = AuditEntry.objects.get(action="signing_certificate.set")
    assert PASSWORD not in str(entry.changes)


def test_a_wrong_password_or_a_non_administrator_is_refused(keys, agency_a, sysadmin, secretary_a):
    with pytest.raises(DomainError, match="sai mật khẩu"):
        certificates.certificate_set(agency=agency_a, data=_p12(keys[1]), password="sai", actor=sysadmin)
    with pytest.raises(DomainError, match="Chỉ quản trị hệ thống"):
        certificates.certificate_set(
            agency=agency_a, data=_p12(keys[1]), password=PASSWORD, actor=secretary_a
        )
    assert not SigningCertificate.objects.exists()


def test_signing_without_a_certificate_says_what_is_missing(agency_a):
    with pytest.raises(DomainError, match="chưa có chứng thư số"):
        certificates.sign_pdf(agency=agency_a, pdf=b"%PDF-1.7", reason="Thử")


def test_a_changed_secret_key_asks_for_the_certificate_again(keys, agency_a, sysadmin, settings):
    certificates.certificate_set(agency=agency_a, data=_p12(keys[1]), password=PASSWORD, actor=sysadmin)
    settings.SECRET_KEY = "another-secret-key-after-a-rotation-long-enough"
    with pytest.raises(DomainError, match="đặt lại chứng thư số"):
        certificates.sign_pdf(agency=agency_a, pdf=b"%PDF-1.7", reason="Thử")


def test_the_administrator_sets_the_certificate_in_the_admin_and_a_wrong_password_is_named(
    client, keys, agency_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:orgs_signingcertificate_add")
    wrong = client.post(
        url, {"agency": agency_a.pk, "upload": SimpleUploadedFile("so.p12", _p12(keys[1])), "password": "sai"}
    )
    assert wrong.status_code == 200 and "sai mật khẩu" in wrong.content.decode()
    right = client.post(
        url,
        {"agency": agency_a.pk, "upload": SimpleUploadedFile("so.p12", _p12(keys[1])), "password": PASSWORD},
    )
    assert right.status_code == 302
    assert SigningCertificate.objects.get(agency=agency_a).subject.startswith("CN=Sở Khoa học và Công nghệ")
