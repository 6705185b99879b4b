"""Pages of versions: detail with the buttons of the declared workflow, edit with stale-save
refusal, workflow POSTs (one transition view), acknowledgement and who has read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.documents import services
from eiso.documents.models import Acknowledgement, DocumentVersion
from eiso.documents.services.versions import ask_to_read
from tests.documents.factories import DocumentVersionFactory, published_version
from tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.django_db
Status = DocumentVersion.Status


def _url(version, transition):
    return reverse("documents:version_transition", args=[version.pk, transition])


def test_author_sees_edit_and_submit_buttons(client, staff_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(staff_a)
    response = client.get(version.get_absolute_url())
    assert "Sửa dự thảo" in response.text and "Trình duyệt" in response.text


def test_leader_sees_no_buttons_on_someone_elses_draft(client, staff_a, leader_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(leader_a)
    response = client.get(version.get_absolute_url())
    assert "Trình duyệt</button>" not in response.text and "Sửa dự thảo" not in response.text


def test_edit_saves_draft(client, staff_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("documents:version_update", args=[version.pk]),
        {"revision": 1, "body": "Dòng một\nDòng hai", "change_summary": "Viết lại"},
    )
    version.refresh_from_db()
    assert response.status_code == 302 and version.body == "<p>Dòng một</p><p>Dòng hai</p>"


def test_edit_page_opens_the_body_in_the_editor(client, staff_a, document_a):
    version = DocumentVersionFactory(
        document=document_a, author=staff_a, body="<p>Có <strong>đậm</strong></p>"
    )
    client.force_login(staff_a)
    response = client.get(reverse("documents:version_update", args=[version.pk]))
    assert 'data-rich-text=""' in response.text
    assert "&lt;p&gt;Có &lt;strong&gt;đậm&lt;/strong&gt;&lt;/p&gt;</textarea>" in response.text
    assert '<script src="/static/js/rich-text.js" type="module"></script>' in response.text
    assert "/static/django_prose_editor/editor.css" in response.text


def test_published_page_names_the_units_asked_to_read(client, secretary_a, document_a, staff_a, unit_a):
    version = published_version(document_a)
    ask_to_read(version, [unit_a])
    client.force_login(secretary_a)
    response = client.get(version.get_absolute_url())
    assert f'<dd data-testid="asked-units">{unit_a.name}</dd>' in response.text


def test_stale_edit_is_refused_with_message(client, staff_a, secretary_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    services.version_update(
        version=version, actor=secretary_a, expected_revision=1, body="<p>Bản thư ký</p>", change_summary=""
    )
    client.force_login(staff_a)
    response = client.post(
        reverse("documents:version_update", args=[version.pk]),
        {"revision": 1, "body": "Bản cũ", "change_summary": ""},
    )
    version.refresh_from_db()
    assert response.status_code == 200 and "người khác lưu" in response.text
    assert version.body == "<p>Bản thư ký</p>"


def test_upload_of_wrong_type_shows_error(client, staff_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("documents:version_update", args=[version.pk]),
        {"revision": 1, "body": "", "change_summary": "", "file": SimpleUploadedFile("a.docx", b"not a zip")},
    )
    assert response.status_code == 200 and "Nội dung tệp không phải" in response.text


def test_editing_published_version_redirects_with_message(client, secretary_a, document_a):
    version = published_version(document_a, author=secretary_a)
    client.force_login(secretary_a)
    response = client.get(reverse("documents:version_update", args=[version.pk]), follow=True)
    assert "không sửa được" in response.text


def test_auditor_gets_403_on_edit(client, auditor_a, staff_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(auditor_a)
    assert client.get(reverse("documents:version_update", args=[version.pk])).status_code == 403


def test_submit_then_out_of_turn_approval_message(client, secretary_a, leader_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=secretary_a)
    client.force_login(secretary_a)
    client.post(_url(version, "submit"))
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW
    client.force_login(leader_a)
    response = client.post(_url(version, "approve"), follow=True)
    assert "Chưa đến lượt bạn" in response.text


def test_approver_out_of_turn_sees_the_reason_instead_of_the_form(client, secretary_a, leader_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(leader_a)
    page = client.get(version.get_absolute_url()).text
    assert 'data-testid="document_version-approve-why"' in page
    assert "Chưa đến lượt bạn: phiên bản đang chờ ý kiến của trưởng phòng/ban chủ trì." in page
    assert _url(version, "approve") not in page


def test_unit_head_approves_with_comment(client, secretary_a, unit_head_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(unit_head_a)
    assert "Phê duyệt</button>" in client.get(version.get_absolute_url()).text
    client.post(_url(version, "approve"), {"approve-comment": "Đạt"})
    assert version.signoffs.get().comment == "Đạt"


def test_request_changes_without_comment_shows_message(client, secretary_a, unit_head_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(unit_head_a)
    response = client.post(_url(version, "request_changes"), {"request_changes-comment": ""}, follow=True)
    assert "Hãy ghi rõ nội dung cần sửa đổi" in response.text
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW


def test_staff_approving_gets_403(client, secretary_a, staff_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(staff_a)
    assert client.post(_url(version, "approve")).status_code == 403


def test_workflow_urls_refuse_get(client, secretary_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=secretary_a)
    client.force_login(secretary_a)
    for transition in ("submit", "approve", "request_changes", "publish"):
        assert client.get(_url(version, transition)).status_code == 405
    assert client.get(reverse("documents:version_acknowledge", args=[version.pk])).status_code == 405


def test_unknown_transition_is_404(client, secretary_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=secretary_a)
    client.force_login(secretary_a)
    assert client.post(_url(version, "explode")).status_code == 404


def test_publish_asks_units_to_read(client, secretary_a, staff_a, unit_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a, status=Status.APPROVED)
    client.force_login(secretary_a)
    response = client.post(
        _url(version, "publish"), {"publish-effective_on": "01/12/2026", "publish-units": [unit_a.pk]}
    )
    version.refresh_from_db()
    assert response.status_code == 302 and version.status == Status.PUBLISHED
    assert str(version.effective_on) == "2026-12-01"
    assert Acknowledgement.objects.filter(version=version, user=staff_a).exists()


def test_publish_with_bad_date_shows_message(client, secretary_a, staff_a, document_a):
    version = DocumentVersionFactory(document=document_a, author=staff_a, status=Status.APPROVED)
    client.force_login(secretary_a)
    response = client.post(_url(version, "publish"), {"publish-effective_on": "31/31/2026"}, follow=True)
    assert "dd/mm/yyyy" in response.text
    version.refresh_from_db()
    assert version.status == Status.APPROVED


def test_acknowledge_and_readers_page(client, secretary_a, staff_a, officer_a, document_a):
    version = published_version(document_a)
    Acknowledgement.objects.create(agency=version.agency, version=version, user=staff_a)
    Acknowledgement.objects.create(agency=version.agency, version=version, user=officer_a)
    client.force_login(staff_a)
    assert "Tôi đã đọc và hiểu" in client.get(version.get_absolute_url()).text
    client.post(reverse("documents:version_acknowledge", args=[version.pk]))
    client.force_login(secretary_a)
    response = client.get(reverse("documents:version_readers", args=[version.pk]))
    read = response.text.split('data-testid="read"')[1]
    unread = response.text.split('data-testid="unread"')[1].split('data-testid="read"')[0]
    assert str(staff_a) in read and str(officer_a) in unread


def test_staff_may_not_see_readers(client, staff_a, document_a):
    client.force_login(staff_a)
    assert (
        client.get(reverse("documents:version_readers", args=[published_version(document_a).pk])).status_code
        == 403
    )


def test_file_download(client, staff_a, document_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    services.version_update(
        version=version,
        actor=staff_a,
        expected_revision=1,
        body="",
        change_summary="",
        upload=SimpleUploadedFile("qt.pdf", pdf_bytes()),
    )
    client.force_login(staff_a)
    response = client.get(reverse("documents:version_file", args=[version.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_home_card_shows_versions_awaiting_me(client, secretary_a, unit_head_a, document_a):
    services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(unit_head_a)
    response = client.get(reverse("core:home"))
    card = response.text.split('data-testid="documents-card"')[1]
    assert "QT-01" in card
