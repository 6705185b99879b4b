"""Pages of documents: list with search, create, detail, edit, review, withdraw, compare, exports."""

import datetime
import io

import pytest
from django.urls import reverse

from eiso.documents.models import Document, DocumentVersion
from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalDocumentFactory,
    published_version,
)

pytestmark = pytest.mark.django_db


def _withdraw_url(document):
    return reverse("documents:document_transition", args=[document.pk, "withdraw"])


def test_list_finds_documents_without_diacritics(client, secretary_a, agency_a):
    DocumentFactory(agency=agency_a, code="QT-05", title="Quy trình tiếp nhận hồ sơ")
    DocumentFactory(agency=agency_a, code="BM-01", title="Phiếu đề nghị")
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_list"), {"q": "quy trinh TIEP nhan"})
    assert response.status_code == 200
    assert "Quy trình tiếp nhận hồ sơ" in response.text and "Phiếu đề nghị" not in response.text


def test_list_filters_by_kind(client, secretary_a, agency_a):
    DocumentFactory(agency=agency_a, title="Cẩm nang nội bộ", kind=Document.Kind.QUALITY_MANUAL)
    DocumentFactory(agency=agency_a, title="Mẫu phiếu", kind=Document.Kind.FORM)
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_list"), {"kind": "form"})
    assert "Mẫu phiếu" in response.text and "Cẩm nang nội bộ" not in response.text


def test_list_hides_other_agencies(client, secretary_a, agency_b):
    DocumentFactory(agency=agency_b, title="Tài liệu của Sở Tư pháp")
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_list"))
    assert "Tài liệu của Sở Tư pháp" not in response.text and "Chưa có tài liệu nào" in response.text


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow(client, secretary_a, agency_a, rows, django_assert_max_num_queries):
    for _ in range(rows):
        published_version(DocumentFactory(agency=agency_a))
    client.force_login(secretary_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("documents:document_list"))


def test_secretary_creates_document_and_lands_on_draft(client, secretary_a, agency_a, unit_a):
    law = LegalDocumentFactory(province=agency_a.province)
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:document_create"),
        {
            "code": "QT-09",
            "title": "Quy trình đánh giá nội bộ",
            "kind": "procedure",
            "owner_unit": unit_a.pk,
            "review_period_months": 12,
            "legal_documents": [law.pk],
        },
    )
    document = Document.objects.get(code="QT-09")
    assert response.status_code == 302 and response["Location"] == document.versions.get().get_absolute_url()


def test_duplicate_code_shows_error_on_form(client, secretary_a, document_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:document_create"),
        {"code": "QT-01", "title": "Khác", "kind": "procedure", "review_period_months": 12},
    )
    assert response.status_code == 200 and "đã có trong cơ quan" in response.text


def test_staff_may_not_open_create_page(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:document_create")).status_code == 403


def test_detail_shows_versions_and_history(client, secretary_a, document_a):
    published_version(document_a, number=1)
    client.force_login(secretary_a)
    response = client.get(document_a.get_absolute_url())
    assert response.status_code == 200
    assert "Lần 1" in response.text and 'data-testid="history"' in response.text


def test_update_saves_and_history_shows_change(client, secretary_a, document_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:document_update", args=[document_a.pk]),
        {"title": "Quy trình kiểm soát thông tin dạng văn bản", "review_period_months": 24},
    )
    assert response.status_code == 302
    page = client.get(document_a.get_absolute_url()).text
    assert "Chu kỳ xem xét (tháng):</span> <span>12</span> → <span>24</span>" in page
    assert "review_period_months" not in page


def test_staff_may_not_edit_document(client, staff_a, document_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:document_update", args=[document_a.pk])).status_code == 403


def test_new_draft_button_opens_draft(client, staff_a, document_a):
    client.force_login(staff_a)
    response = client.post(reverse("documents:version_create", args=[document_a.pk]))
    version = document_a.versions.get()
    assert response["Location"] == reverse("documents:version_update", args=[version.pk])


def test_second_draft_shows_message(client, staff_a, document_a):
    DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(reverse("documents:version_create", args=[document_a.pk]), follow=True)
    assert "đã có một dự thảo" in response.text


def test_draft_url_refuses_get(client, staff_a, document_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:version_create", args=[document_a.pk])).status_code == 405


def test_review_confirm_and_list(client, secretary_a, document_a):
    published_version(document_a)
    document_a.next_review_on = datetime.date(2020, 1, 1)
    document_a.save()
    client.force_login(secretary_a)
    assert document_a.code in client.get(reverse("documents:review_list")).text
    response = client.post(reverse("documents:document_review", args=[document_a.pk]), follow=True)
    assert "Đã ghi nhận xem xét định kỳ" in response.text
    assert document_a.code not in client.get(reverse("documents:review_list")).text


def test_withdraw_marks_obsolete_in_archive(client, leader_a, document_a):
    published_version(document_a)
    client.force_login(leader_a)
    page = client.get(document_a.get_absolute_url()).text
    assert 'data-testid="document-withdraw"' in page and "Thu hồi tài liệu này?" in page
    response = client.post(_withdraw_url(document_a), {"withdraw-reason": "Không còn áp dụng"}, follow=True)
    assert "HẾT HIỆU LỰC" in response.text and "Không còn áp dụng" in response.text
    assert 'data-testid="document-withdraw"' not in response.text


def test_withdraw_without_reason_shows_message(client, leader_a, document_a):
    client.force_login(leader_a)
    response = client.post(_withdraw_url(document_a), {"withdraw-reason": ""}, follow=True)
    assert "Hãy ghi lý do" in response.text


def test_staff_withdraw_is_403(client, staff_a, document_a):
    client.force_login(staff_a)
    assert client.post(_withdraw_url(document_a), {"withdraw-reason": "x"}).status_code == 403
    assert 'data-testid="document-withdraw"' not in client.get(document_a.get_absolute_url()).text


def test_withdraw_with_an_open_draft_is_disabled_with_the_reason(client, leader_a, document_a):
    published_version(document_a, number=1)
    DocumentVersionFactory(document=document_a, author=leader_a, number=2)
    client.force_login(leader_a)
    page = client.get(document_a.get_absolute_url()).text
    assert "hãy xử lý dự thảo trước khi thu hồi" in page
    assert _withdraw_url(document_a) not in page


def test_compare_shows_added_and_removed_lines(client, secretary_a, document_a):
    old = published_version(document_a, number=1, body="<p>Bước 1: tiếp nhận</p><p>Bước 2: thẩm định</p>")
    old.status = DocumentVersion.Status.SUPERSEDED
    old.save()
    published_version(
        document_a, number=2, body="<p>Bước 1: tiếp nhận</p><p>Bước 2: thẩm định, đối chiếu</p>"
    )
    client.force_login(secretary_a)
    response = client.get(reverse("documents:version_compare", args=[document_a.pk]), {"tu": 1, "den": 2})
    assert "bg-success-subtle" in response.text and "đối chiếu" in response.text
    assert "bg-danger-subtle" in response.text


def test_export_xlsx_lists_documents(client, secretary_a, document_a):
    from openpyxl import load_workbook

    published_version(document_a)
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "QT-01" in values and "Quy trình kiểm soát tài liệu" in values


def test_export_docx_has_national_motto_and_table(client, secretary_a, document_a):
    import docx

    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_export_docx"))
    word = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for table in word.tables for cell in table._cells for p in cell.paragraphs)
    text += "\n".join(p.text for p in word.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "DANH MỤC" in text and "QT-01" in text


def test_staff_may_not_export(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:document_export_xlsx")).status_code == 403


def test_secretary_sets_approval_chain_for_forms(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:approval_chain_list"),
        {"kind": "form", "step_1": "secretary", "step_2": "leader"},
        follow=True,
    )
    assert "Đã lưu quy trình phê duyệt" in response.text
    assert "Thư ký ISO → Lãnh đạo cơ quan" in response.text


def test_duplicate_step_shows_error(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:approval_chain_list"), {"kind": "", "step_1": "leader", "step_2": "leader"}
    )
    assert response.status_code == 200 and "một lần" in response.text


def test_staff_may_not_open_approval_chains(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("documents:approval_chain_list")).status_code == 403
