"""Digital signatures on PDFs (issue 20, item 1): every PDF eISO accepts has its embedded
signatures validated against the province's trusted roots and shown as a badge."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.core import signatures
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, FileSignatures, TrustedRoot
from eiso.documents import services as documents
from eiso.procedures import services as procedures
from eiso.quality import services as quality
from tests import signing
from tests.documents.factories import DocumentFactory
from tests.factories import UserFactory
from tests.hostile_files import pdf_bytes
from tests.procedures.factories import ProcedureComponentFactory, ProcedureFactory
from tests.quality.factories import QualityObjectiveFactory

pytestmark = pytest.mark.django_db
Verdict = FileSignatures.Verdict


@pytest.fixture(scope="module")
def keys():
    ca = signing.root_ca()
    return ca, signing.signer(ca)


@pytest.fixture(scope="module")
def signed(keys):
    ca, who = keys
    return signing.sign_pdf(pdf_bytes(), who, ca)


@pytest.fixture
def administrator():
    return UserFactory(username="quantri", is_staff=True, is_superuser=True)


def test_a_pdf_signed_under_a_trusted_root_is_valid_with_its_signer_and_time(keys, signed, administrator):
    signatures.trusted_root_add(data=keys[0].pem, name="Root thử nghiệm", actor=administrator)
    result = signatures.check_pdf(signed)
    assert result.verdict == Verdict.VALID
    (found,) = signatures.described(result)
    assert found["signer"] == "Nguyễn Văn Minh" and found["organisation"] == "Sở Tư pháp"
    assert found["signed_at"] is not None and found["unchanged"] and found["trusted"]


def test_the_same_signature_without_the_root_is_untrusted(signed):
    assert signatures.check_pdf(signed).verdict == Verdict.UNTRUSTED


def test_a_pdf_changed_after_signing_is_altered_even_under_a_trusted_root(keys, signed, administrator):
    signatures.trusted_root_add(data=keys[0].der, name="Root thử nghiệm", actor=administrator)
    result = signatures.check_pdf(signing.change_after_signing(signed))
    assert result.verdict == Verdict.ALTERED
    assert not signatures.described(result)[0]["unchanged"]


def test_a_second_signature_leaves_the_first_unchanged_but_a_change_after_both_does_not(
    keys, signed, administrator
):
    """A minutes signed by one party, then by the other (orgs.signing): pyHanko counts the second
    signature as form filling after the first, which is no change of the signed content."""
    ca, _ = keys
    signatures.trusted_root_add(data=ca.pem, name="Root thử nghiệm", actor=administrator)
    twice = signing.sign_pdf(signed, signing.signer(ca, common_name="Lê Thị Hoa"), ca, field="ChuKy2")
    result = signatures.check_pdf(twice)
    assert result.verdict == Verdict.VALID
    assert [found["unchanged"] for found in signatures.described(result)] == [True, True]
    altered = signatures.check_pdf(signing.change_after_signing(twice))
    assert altered.verdict == Verdict.ALTERED
    assert not any(found["unchanged"] for found in signatures.described(altered))


def test_a_pdf_without_signatures_says_so():
    assert signatures.check_pdf(pdf_bytes()).verdict == Verdict.NONE


def test_a_new_root_makes_the_kept_result_stale_and_it_is_checked_again(keys, signed, administrator):
    assert signatures.check_pdf(signed).verdict == Verdict.UNTRUSTED
    signatures.trusted_root_add(data=keys[0].pem, name="Root thử nghiệm", actor=administrator)
    assert signatures.check_pdf(signed).verdict == Verdict.VALID
    assert FileSignatures.objects.count() == 1


def test_only_a_ca_certificate_may_be_trusted_once_by_an_administrator(keys, administrator):
    ca, who = keys
    with pytest.raises(DomainError, match="không phải của một tổ chức cấp chứng thư"):
        signatures.trusted_root_add(data=who.pem, name="Người ký", actor=administrator)
    with pytest.raises(DomainError, match="không phải là chứng thư số"):
        signatures.trusted_root_add(data=b"not a certificate", name="Rác", actor=administrator)
    with pytest.raises(DomainError, match="Chỉ quản trị hệ thống"):
        signatures.trusted_root_add(data=ca.pem, name="Root", actor=UserFactory())
    root = signatures.trusted_root_add(data=ca.pem, name="Root thử nghiệm", actor=administrator)
    with pytest.raises(DomainError, match="đã có trong danh sách"):
        signatures.trusted_root_add(data=ca.pem, name="Lần nữa", actor=administrator)
    assert AuditEntry.objects.filter(action="trusted_root.add", target_id=root.pk).count() == 1
    signatures.trusted_root_remove(root=root, actor=administrator)
    assert not TrustedRoot.objects.exists()
    assert AuditEntry.objects.filter(action="trusted_root.remove").count() == 1


def test_the_administrator_uploads_a_root_in_the_admin_and_a_bad_file_is_named(client, keys, administrator):
    client.force_login(administrator)
    url = reverse("admin:core_trustedroot_add")
    bad = client.post(url, {"name": "Rác", "upload": SimpleUploadedFile("goc.cer", b"garbage")})
    assert bad.status_code == 200
    assert "không phải là chứng thư số" in bad.content.decode()
    good = client.post(url, {"name": "Root VGCA thử", "upload": SimpleUploadedFile("goc.cer", keys[0].der)})
    assert good.status_code == 302
    assert TrustedRoot.objects.get().name == "Root VGCA thử"


def test_an_uploaded_signed_pdf_shows_its_badge_on_the_version_page(
    client, keys, signed, administrator, secretary_a, agency_a
):
    signatures.trusted_root_add(data=keys[0].pem, name="Root thử nghiệm", actor=administrator)
    document = DocumentFactory(agency=agency_a)
    version = documents.version_create_draft(
        document=document,
        actor=secretary_a,
        body="<p>Nội dung</p>",
        upload=SimpleUploadedFile("quyet-dinh.pdf", signed, content_type="application/pdf"),
    )
    # Validated when the gate accepted it, before any page asked.
    assert FileSignatures.objects.get().verdict == Verdict.VALID
    client.force_login(secretary_a)
    page = client.get(version.get_absolute_url()).content.decode()
    assert 'data-testid="signature-badge" data-verdict="valid"' in page
    assert "Chữ ký số hợp lệ" in page and "Nguyễn Văn Minh" in page and "Sở Tư pháp" in page
    assert "Tình trạng thu hồi chứng thư: chưa kiểm tra" in page


def test_signed_evidence_of_an_indicator_and_a_signed_form_show_their_badges(
    client, keys, signed, administrator, secretary_a, agency_a, coordinator
):
    signatures.trusted_root_add(data=keys[0].pem, name="Root thử nghiệm", actor=administrator)
    objective = QualityObjectiveFactory(agency=agency_a, target=Decimal("95"))
    today = date.today()
    quality.indicator_value_enter(
        objective=objective,
        period_start=date(today.year, 1, 1),
        value=Decimal("96"),
        actor=secretary_a,
        evidence=SimpleUploadedFile("bang-chung.pdf", signed, content_type="application/pdf"),
        today=today,
    )
    procedure = ProcedureFactory(province=agency_a.province)
    component = ProcedureComponentFactory(version=procedure.current_version)
    procedures.component_attach_form(
        component=component, upload=SimpleUploadedFile("to-khai.pdf", signed), actor=coordinator
    )
    for user, url in (
        (secretary_a, objective.get_absolute_url()),
        (coordinator, procedure.get_absolute_url()),
    ):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert 'data-testid="signature-badge" data-verdict="valid"' in page and "Nguyễn Văn Minh" in page
