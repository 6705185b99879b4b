"""Pages of the legal register and of legal-change tasks."""

import datetime

import pytest
from django.urls import reverse

from eiso.documents import legal_services
from eiso.documents.models import LegalChangeTask, LegalDocument
from tests.documents.factories import (
    DocumentFactory,
    LegalChangeTaskFactory,
    LegalChangeTaskItemFactory,
    LegalCitationFactory,
    LegalDocumentFactory,
    published_version,
)

pytestmark = pytest.mark.django_db


def _mark_url(legal, transition):
    return reverse("documents:legal_document_transition", args=[legal.pk, transition])


def _close_url(task):
    return reverse("documents:legal_change_task_transition", args=[task.pk, "close"])


def test_list_search_without_diacritics(client, staff_a, province):
    LegalDocumentFactory(province=province, number="61/2018/NĐ-CP", title="Về thực hiện cơ chế một cửa")
    LegalDocumentFactory(province=province, number="30/2020/NĐ-CP", title="Về công tác văn thư")
    client.force_login(staff_a)
    response = client.get(reverse("documents:legal_list"), {"q": "co che mot cua"})
    assert "61/2018/NĐ-CP" in response.text and "30/2020/NĐ-CP" not in response.text


def test_other_province_register_is_hidden(client, staff_a, other_province):
    LegalDocumentFactory(province=other_province, number="1/2026/QĐ-UBND")
    client.force_login(staff_a)
    assert "1/2026/QĐ-UBND" not in client.get(reverse("documents:legal_list")).text


def test_coordinator_creates_legal_document(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("documents:legal_create"),
        {
            "number": "118/2025/NĐ-CP",
            "kind": "decree",
            "issuing_body": "Chính phủ",
            "title": "Về thực hiện TTHC",
            "issued_on": "09/06/2025",
            "effective_on": "01/07/2025",
        },
    )
    legal = LegalDocument.objects.get(number="118/2025/NĐ-CP")
    assert response["Location"] == legal.get_absolute_url()


def test_effective_before_issue_shows_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("documents:legal_create"),
        {
            "number": "1/2025/NĐ-CP",
            "kind": "decree",
            "issuing_body": "Chính phủ",
            "title": "X",
            "issued_on": "09/06/2025",
            "effective_on": "01/01/2025",
        },
    )
    assert response.status_code == 200 and "không được trước ngày ban hành" in response.text


def test_staff_may_not_create(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:legal_create")).status_code == 403


def test_edit_legal_document(client, secretary_a, province):
    legal = LegalDocumentFactory(province=province)
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:legal_update", args=[legal.pk]),
        {
            "number": legal.number,
            "kind": "decree",
            "issuing_body": "Chính phủ",
            "title": "Trích yếu đã sửa",
            "issued_on": "10/01/2024",
            "effective_on": "",
        },
    )
    legal.refresh_from_db()
    assert response.status_code == 302 and legal.title == "Trích yếu đã sửa"


def test_staff_may_not_edit(client, staff_a, province):
    client.force_login(staff_a)
    assert (
        client.get(
            reverse("documents:legal_update", args=[LegalDocumentFactory(province=province).pk])
        ).status_code
        == 403
    )


def test_mark_replaced_opens_task(client, coordinator, secretary_a, agency_a, province):
    old = LegalDocumentFactory(province=province, number="61/2018/NĐ-CP")
    new = LegalDocumentFactory(
        province=province, number="118/2025/NĐ-CP", effective_on=datetime.date(2025, 7, 1)
    )
    LegalCitationFactory(target=DocumentFactory(agency=agency_a), legal_document=old)
    client.force_login(coordinator)
    assert _mark_url(old, "mark_replaced") in client.get(old.get_absolute_url()).text
    response = client.post(
        _mark_url(old, "mark_replaced"), {"mark_replaced-new_document": new.pk}, follow=True
    )
    assert "các cơ quan viện dẫn đã được giao nhiệm vụ cập nhật" in response.text
    assert agency_a.name in response.text.split("Nhiệm vụ cập nhật")[1]
    task = LegalChangeTask.objects.get(agency=agency_a)
    assert task.due_on == datetime.date(2025, 10, 1)
    # Its page, history included, renders for the agency's secretary.
    client.force_login(secretary_a)
    assert "01/10/2025" in client.get(task.get_absolute_url()).text


def test_mark_replaced_without_new_document_shows_error(client, coordinator, province):
    old = LegalDocumentFactory(province=province)
    client.force_login(coordinator)
    response = client.post(_mark_url(old, "mark_replaced"), {}, follow=True)
    assert "Hãy chọn văn bản sửa đổi hoặc thay thế." in response.text
    old.refresh_from_db()
    assert old.is_in_force


def test_only_register_keepers_see_the_changes(client, staff_a, secretary_a, province):
    legal = LegalDocumentFactory(province=province)
    client.force_login(staff_a)
    assert 'data-testid="legal-change"' not in client.get(legal.get_absolute_url()).text
    assert client.post(_mark_url(legal, "mark_expired"), {}).status_code == 403
    client.force_login(secretary_a)
    assert 'data-testid="legal-change"' in client.get(legal.get_absolute_url()).text


def test_a_replaced_document_offers_no_change(client, coordinator, province):
    legal = LegalDocumentFactory(province=province, status=LegalDocument.Status.REPLACED)
    client.force_login(coordinator)
    assert 'data-testid="legal-change"' not in client.get(legal.get_absolute_url()).text


def test_detail_lists_citing_documents(client, secretary_a, agency_a, province):
    legal = LegalDocumentFactory(province=province)
    document = DocumentFactory(agency=agency_a, title="Quy trình tiếp nhận")
    LegalCitationFactory(target=document, legal_document=legal)
    client.force_login(secretary_a)
    assert "Quy trình tiếp nhận" in client.get(legal.get_absolute_url()).text


def test_task_list_marks_overdue_in_red(client, secretary_a, agency_a):
    LegalChangeTaskFactory(agency=agency_a, due_on=datetime.date(2020, 1, 1))
    client.force_login(secretary_a)
    response = client.get(reverse("documents:legal_task_list"))
    assert "table-danger" in response.text and "quá hạn" in response.text


def test_coordinator_sees_tasks_of_every_agency(client, coordinator, agency_a, agency_b):
    LegalChangeTaskFactory(agency=agency_a)
    LegalChangeTaskFactory(agency=agency_b)
    client.force_login(coordinator)
    response = client.get(reverse("documents:legal_task_list"))
    assert agency_a.name in response.text and agency_b.name in response.text


def test_secretary_closes_task(client, secretary_a, agency_a):
    item = LegalChangeTaskItemFactory(task=LegalChangeTaskFactory(agency=agency_a))
    version = published_version(item.target, number=2)
    client.force_login(secretary_a)
    response = client.post(_close_url(item.task), {f"close-item_{item.pk}": version.pk}, follow=True)
    assert "Đã hoàn thành nhiệm vụ cập nhật" in response.text
    item.refresh_from_db()
    assert item.resolved_version == version


def test_closing_without_version_shows_error(client, secretary_a, agency_a):
    item = LegalChangeTaskItemFactory(task=LegalChangeTaskFactory(agency=agency_a))
    client.force_login(secretary_a)
    response = client.post(_close_url(item.task), {"close-note": ""}, follow=True)
    assert "Hãy chọn phiên bản mới" in response.text
    item.task.refresh_from_db()
    assert item.task.is_open


def test_staff_may_not_close_task(client, staff_a, agency_a):
    task = LegalChangeTaskFactory(agency=agency_a)
    client.force_login(staff_a)
    page = client.get(reverse("documents:legal_task_detail", args=[task.pk]))
    assert page.status_code == 200 and _close_url(task) not in page.text
    assert client.post(_close_url(task), {}).status_code == 403
    assert client.post(reverse("documents:legal_task_detail", args=[task.pk]), {}).status_code == 405


def test_register_keeper_rule(province, secretary_a, staff_a, coordinator, other_coordinator):
    assert legal_services.may_keep_register(secretary_a, province)
    assert legal_services.may_keep_register(coordinator, province)
    assert not legal_services.may_keep_register(staff_a, province)
    assert not legal_services.may_keep_register(other_coordinator, province)


def test_coordinator_home_card_lists_overdue_agencies(client, coordinator, agency_a):
    LegalChangeTaskFactory(agency=agency_a, due_on=datetime.date(2020, 1, 1))
    client.force_login(coordinator)
    card = client.get(reverse("core:home")).text.split('data-testid="legal-changes-card"')[1]
    assert agency_a.name in card and "1 quá hạn" in card


@pytest.mark.parametrize("rows", [2, 20])
def test_task_list_query_count_does_not_grow(
    client, coordinator, agency_a, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        LegalChangeTaskFactory(agency=agency_a)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("documents:legal_task_list"))


@pytest.mark.parametrize("rows", [2, 20])
def test_legal_list_query_count_does_not_grow(client, staff_a, province, rows, django_assert_max_num_queries):
    for _ in range(rows):
        LegalDocumentFactory(province=province, replaced_by=LegalDocumentFactory(province=province))
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("documents:legal_list"))
