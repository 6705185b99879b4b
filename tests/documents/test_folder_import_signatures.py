"""The folder import validates the digital signatures of the PDFs it reads (issue 20, item 1): the
review table shows each PDF's badge, and the imported version finds its result kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.core import signatures
from eiso.core.models import FileSignatures
from eiso.documents.models import Document
from tests import signing
from tests.factories import UserFactory
from tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.django_db
UPLOAD = reverse("documents:folder_import_upload")
REVIEW = reverse("documents:folder_import_review")


def test_imported_pdfs_show_their_signatures_on_the_review_and_on_the_version(
    client, secretary_a, agency_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ca = signing.root_ca()
    administrator = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    signatures.trusted_root_add(data=ca.pem, name="Root thử nghiệm", actor=administrator)
    signed = signing.sign_pdf(pdf_bytes(), signing.signer(ca), ca)
    client.force_login(secretary_a)
    files = [
        SimpleUploadedFile("QT-01 Quy trinh kiem soat tai lieu.pdf", signed),
        SimpleUploadedFile("QT-02 Quy trinh kiem soat ho so.pdf", pdf_bytes()),
    ]
    assert client.post(UPLOAD, {"files": files}).status_code == 302
    # Validated while the folder was read, before the review asked.
    assert set(FileSignatures.objects.values_list("verdict", flat=True)) == {"valid", "none"}
    read_at = FileSignatures.objects.get(verdict="valid").checked_at
    page = client.get(REVIEW).content.decode()
    signed_row = page[page.index('data-file="QT-01') : page.index('data-file="QT-02')]
    assert 'data-testid="signature-badge" data-verdict="valid"' in signed_row
    assert "Nguyễn Văn Minh" in signed_row
    assert page.count('data-testid="signature-badge"') == 1  # an unsigned PDF has no badge
    rows = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        **{f"form-{n}-kind": "procedure" for n in (0, 1)},
        **{f"form-{n}-version": "1" for n in (0, 1)},
        **{f"form-{n}-issued_on": "12/03/2019" for n in (0, 1)},
        "form-0-code": "QT-01",
        "form-0-title": "Quy trình kiểm soát tài liệu",
        "form-1-code": "QT-02",
        "form-1-title": "Quy trình kiểm soát hồ sơ",
    }
    assert client.post(REVIEW, rows).status_code == 302
    version = Document.objects.get(agency=agency_a, code="QT-01").current_version
    page = client.get(version.get_absolute_url()).content.decode()
    assert 'data-testid="signature-badge" data-verdict="valid"' in page and "Nguyễn Văn Minh" in page
    assert FileSignatures.objects.get(verdict="valid").checked_at == read_at  # found kept, not checked again
