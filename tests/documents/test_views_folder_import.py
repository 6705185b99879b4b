"""Pages of the folder import: who may open them, and the flow from upload to the document list."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.documents import folder_import, services
from eiso.documents.models import Document
from tests.documents import folder_fixture

pytestmark = pytest.mark.django_db
UPLOAD = reverse("documents:folder_import_upload")
REVIEW = reverse("documents:folder_import_review")
PROGRESS = reverse("documents:folder_import_progress")


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


def test_while_the_folder_is_read_the_review_shows_its_progress_then_goes_on(
    client, secretary_a, agency_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    good = next(iter(folder_fixture.folder_files().values()))
    client.force_login(secretary_a)
    # As on a worker that has not started yet: the upload is kept, the reading not done.
    token = services.folder_upload(
        agency=agency_a, actor=secretary_a, uploaded=[SimpleUploadedFile("QT-01.docx", good)]
    )
    session = client.session
    session["documents.folder_import"] = {"agency": agency_a.pk, "token": token}
    session.save()

    page = client.get(REVIEW).content.decode()
    assert "Đang đọc thư mục HTQLCL" in page and 'hx-get="' + PROGRESS in page
    assert 'data-progress="0"' in client.get(PROGRESS).content.decode()

    services.folder_read(agency=agency_a, actor=secretary_a, token=token)
    answer = client.get(PROGRESS)
    assert answer.status_code == 204 and answer["HX-Redirect"] == REVIEW
    review = client.get(REVIEW).content.decode()
    assert "QT-01" in review and "Đang đọc" not in review


def test_reading_counts_two_steps_per_file_up_to_the_whole(agency_a, secretary_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = list(folder_fixture.folder_files().items())[:4]
    uploaded = [SimpleUploadedFile(path.rsplit("/", 1)[-1], data) for path, data in files]
    uploaded.append(SimpleUploadedFile("hong.docx", b"PK\x03\x04 not a zip"))
    token = services.folder_upload(agency=agency_a, actor=secretary_a, uploaded=uploaded)
    steps = []
    original = folder_import.read_folder
    with mock.patch.object(
        folder_import,
        "read_folder",
        lambda files, on_progress: original(files, lambda done, total: steps.append((done, total))),
    ):
        services.folder_read(agency=agency_a, actor=secretary_a, token=token)
    assert steps[-1] == (10, 10) and [done for done, _ in steps] == sorted(done for done, _ in steps)
    assert services.folder_progress(agency=agency_a, actor=secretary_a, token=token)["state"] == "done"


def test_a_folder_with_no_file_is_refused_on_the_upload_page(client, secretary_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary_a)
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("__MACOSX/._x", b"")
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile("rong.zip", empty.getvalue())]}, follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "Thư mục tải lên không có tệp nào." in response.content.decode()
    assert not list((tmp_path / "staging").rglob("*.*"))  # nothing of it kept
