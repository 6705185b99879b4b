"""The document list's shortcut filters (issue 18, item 3): "Tài liệu chờ phê duyệt" (leader) and
"Tài liệu cần đọc" (staff) open the list filtered, the filter shown as a removable chip."""

import pytest
from django.urls import reverse

from eiso.documents.models import DocumentVersion
from tests.documents.factories import (
    AcknowledgementFactory,
    DocumentFactory,
    DocumentVersionFactory,
    published_version,
)

pytestmark = pytest.mark.django_db


def _codes(response) -> set[str]:
    return {document.code for document in response.context["page_obj"]}


def test_leader_shortcut_opens_the_documents_awaiting_approval(client, leader_a, agency_a, document_a):
    DocumentVersionFactory(document=document_a, status=DocumentVersion.Status.IN_REVIEW)
    DocumentFactory(agency=agency_a, code="QT-02")
    client.force_login(leader_a)
    home = client.get("/").content.decode()
    assert f'href="{reverse("documents:document_list")}?version_status=in_review"' in home
    response = client.get(reverse("documents:document_list"), {"version_status": "in_review"})
    assert _codes(response) == {"QT-01"}
    [chip] = response.context["active_filters"].chips
    assert (chip.label, chip.value, chip.remove_url) == (
        "Có phiên bản",
        "Đang trình duyệt",
        reverse("documents:document_list"),
    )
    body = response.content.decode()
    assert (
        'data-testid="filter-chip"' in body
        and '<input type="hidden" name="version_status" value="in_review">' in body
    )


def test_staff_shortcut_opens_the_documents_they_must_read(client, staff_a, agency_a, document_a):
    version = published_version(document_a)
    AcknowledgementFactory(version=version, user=staff_a)
    read = published_version(DocumentFactory(agency=agency_a, code="QT-03"))
    AcknowledgementFactory(version=read, user=staff_a, acknowledged_at="2026-01-06T08:00:00+07:00")
    client.force_login(staff_a)
    response = client.get(reverse("documents:document_list"), {"can_doc": "1"})
    assert _codes(response) == {"QT-01"}
    assert [chip.label for chip in response.context["active_filters"].chips] == ["Tài liệu tôi cần đọc"]


def test_the_unit_chip_names_the_unit(client, secretary_a, agency_a, unit_a, document_a):
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_list"), {"owner_unit": unit_a.pk})
    assert [(chip.label, chip.value) for chip in response.context["active_filters"].chips] == [
        ("Đơn vị chủ trì", unit_a.name)
    ]
