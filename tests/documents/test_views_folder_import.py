"""Pages of the folder import: who may open them, and the flow from upload to the document list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.documents.models import Document
from tests.documents import folder_fixture

pytestmark = pytest.mark.django_db
UPLOAD = reverse("documents:folder_import_upload")
REVIEW = reverse("documents:folder_import_review")


def test_secretary_opens_the_upload_page(client, secretary_a):
    client.force_login(secretary_a)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert "Nhập thư mục HTQLCL hiện có" in page.content.decode()


def test_staff_may_not_import(client, staff_a):
    client.force_login(staff_a)
    assert client.get(UPLOAD).status_code == 403
    assert client.get(REVIEW).status_code == 403


def test_review_without_an_upload_goes_back_to_the_upload(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(REVIEW)
    assert response.status_code == 302 and response["Location"] == UPLOAD


def test_upload_review_and_confirm_two_files(client, secretary_a, agency_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = folder_fixture.folder_files()
    root = folder_fixture.ROOT
    good = files[f"{root}/03 Quy trinh noi bo/QT-08 Quy trinh tiep nhan va xu ly phan anh.docx"]
    client.force_login(secretary_a)
    uploads = [SimpleUploadedFile("QT-08 Tiep nhan.docx", good), SimpleUploadedFile("hong.docx", good[:-500])]
    response = client.post(UPLOAD, {"files": uploads})
    assert response.status_code == 302 and response["Location"] == REVIEW
    page = client.get(REVIEW).content.decode()
    assert "Quy trình tiếp nhận và xử lý phản ánh" in page and "bị hỏng" in page
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-code": "QT-08",
        "form-0-title": "",
        "form-0-kind": "procedure",
        "form-0-version": "1",
        "form-0-issued_on": "12/03/2019",
    }
    page = client.post(REVIEW, data).content.decode()
    assert "Hãy nhập tên tài liệu" in page and not Document.objects.exists()
    response = client.post(REVIEW, {**data, "form-0-title": "Quy trình tiếp nhận phản ánh"})
    assert response.status_code == 302 and response["Location"] == reverse("documents:document_list")
    document = Document.objects.get(agency=agency_a, code="QT-08")
    assert document.title == "Quy trình tiếp nhận phản ánh"
    assert document.current_version.effective_on.strftime("%d/%m/%Y") == "12/03/2019"
