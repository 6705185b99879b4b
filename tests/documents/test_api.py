"""The documents API calls the same services as the pages: same rules, same Vietnamese messages."""

import datetime

import pytest
from django.urls import reverse

from eiso.documents import services
from eiso.documents.models import Document, DocumentVersion, LegalChangeTask, LegalDocument
from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalCitationFactory,
    LegalDocumentFactory,
    published_version,
)

pytestmark = pytest.mark.django_db
Status = DocumentVersion.Status


def test_list_filters_and_searches(client, secretary_a, agency_a, agency_b):
    DocumentFactory(agency=agency_a, code="QT-03", title="Quy trình đánh giá nội bộ")
    DocumentFactory(agency=agency_a, code="BM-01", title="Phiếu", kind=Document.Kind.FORM)
    DocumentFactory(agency=agency_b, code="QT-09", title="Quy trình của sở khác")
    client.force_login(secretary_a)
    response = client.get(reverse("api:document-list"), {"q": "danh gia noi bo"})
    assert [row["code"] for row in response.json()["results"]] == ["QT-03"]
    response = client.get(reverse("api:document-list"), {"kind": "form"})
    assert [row["code"] for row in response.json()["results"]] == ["BM-01"]


def test_secretary_creates_document(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-07", "title": "Quy trình xem xét của lãnh đạo", "kind": "procedure"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert Document.objects.get(code="QT-07").agency == agency_a


def test_duplicate_code_is_400_with_message(client, secretary_a, document_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-01", "title": "X", "kind": "form"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "đã có" in response.json()["message"]


def test_staff_create_is_403(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-07", "title": "X", "kind": "form", "agency": staff_a.memberships.get().agency_id},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_creating_in_other_agency_is_refused(client, secretary_a, agency_b):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-07", "title": "X", "kind": "form", "agency": agency_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and not Document.objects.filter(code="QT-07").exists()


def test_draft_submit_approve_publish_through_api(client, secretary_a, unit_head_a, leader_a, document_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-versions", args=[document_a.pk]),
        {"body": "<p>Nội dung</p>"},
        content_type="application/json",
    )
    assert response.status_code == 201
    version_id = response.json()["id"]
    assert response.json()["actions"] == ["submit"]
    assert (
        client.post(reverse("api:document-version-submit", args=[version_id])).json()["status"] == "in_review"
    )

    client.force_login(leader_a)
    response = client.post(reverse("api:document-version-approve", args=[version_id]))
    assert response.status_code == 400 and "Chưa đến lượt" in response.json()["message"]

    client.force_login(unit_head_a)
    client.post(
        reverse("api:document-version-approve", args=[version_id]),
        {"comment": "Đạt"},
        content_type="application/json",
    )
    client.force_login(leader_a)
    assert (
        client.post(reverse("api:document-version-approve", args=[version_id])).json()["status"] == "approved"
    )
    response = client.post(
        reverse("api:document-version-publish", args=[version_id]),
        {"effective_on": "2026-12-01"},
        content_type="application/json",
    )
    assert response.json()["status"] == "published" and response.json()["effective_on"] == "2026-12-01"


def test_second_draft_is_400(client, secretary_a, document_a):
    DocumentVersionFactory(document=document_a, author=secretary_a)
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-versions", args=[document_a.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 400 and "dự thảo" in response.json()["message"]


def test_request_changes_through_api(client, secretary_a, unit_head_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(unit_head_a)
    response = client.post(
        reverse("api:document-version-request-changes", args=[version.pk]),
        {"comment": "Bổ sung"},
        content_type="application/json",
    )
    assert response.json()["status"] == "changes_requested"


def test_request_changes_needs_a_comment_through_api(client, secretary_a, unit_head_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(unit_head_a)
    response = client.post(
        reverse("api:document-version-request-changes", args=[version.pk]),
        {},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["extra"] == {"comment": ["Hãy ghi rõ nội dung cần sửa đổi."]}


def test_staff_who_signs_no_step_gets_403_through_api(client, secretary_a, staff_a, document_a):
    version = services.version_submit(
        version=DocumentVersionFactory(document=document_a, author=secretary_a), actor=secretary_a
    )
    client.force_login(staff_a)
    assert client.post(reverse("api:document-version-approve", args=[version.pk])).status_code == 403


def test_withdraw_through_api(client, leader_a, document_a):
    published_version(document_a)
    client.force_login(leader_a)
    url = reverse("api:document-withdraw", args=[document_a.pk])
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()["extra"]
    response = client.post(url, {"reason": "Hợp nhất vào QT-02"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "obsolete"


def test_legal_change_through_api(client, coordinator, province, agency_a):
    old = LegalDocumentFactory(province=province)
    new = LegalDocumentFactory(province=province, effective_on=datetime.date(2026, 1, 30))
    LegalCitationFactory(target=DocumentFactory(agency=agency_a), legal_document=old)
    client.force_login(coordinator)
    response = client.post(
        reverse("api:legal-document-mark-amended", args=[old.pk]),
        {"new_document": new.pk},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "amended"
    assert LegalChangeTask.objects.get(agency=agency_a).due_on == datetime.date(2026, 5, 4)


def test_version_list_of_document(client, staff_a, document_a):
    DocumentVersionFactory(document=document_a, number=1, status=Status.SUPERSEDED)
    DocumentVersionFactory(document=document_a, number=2)
    client.force_login(staff_a)
    response = client.get(reverse("api:document-versions", args=[document_a.pk]))
    assert [row["number"] for row in response.json()] == [2, 1]


def test_legal_documents_list_and_create(client, coordinator, province, other_province):
    LegalDocumentFactory(
        province=province, number="19/2014/QĐ-TTg", title="Áp dụng hệ thống quản lý chất lượng"
    )
    LegalDocumentFactory(province=other_province, number="9/2026/QĐ-UBND")
    client.force_login(coordinator)
    response = client.get(reverse("api:legal-document-list"), {"q": "ap dung"})
    assert [row["number"] for row in response.json()["results"]] == ["19/2014/QĐ-TTg"]
    response = client.post(
        reverse("api:legal-document-list"),
        {
            "number": "30/2020/NĐ-CP",
            "kind": "decree",
            "issuing_body": "Chính phủ",
            "title": "Về công tác văn thư",
            "issued_on": "2020-03-05",
            "effective_on": "2020-03-05",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert LegalDocument.objects.get(number="30/2020/NĐ-CP").province == province


def test_staff_may_not_add_legal_document(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("api:legal-document-list"),
        {
            "number": "1/2020/NĐ-CP",
            "kind": "decree",
            "issuing_body": "Chính phủ",
            "title": "X",
            "issued_on": "2020-03-05",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
