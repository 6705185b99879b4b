"""Pages of processes, steps, templates and webhooks: render, submit, refuse with a message."""

import pytest
from django.urls import reverse

from eiso.documents.models import DocumentVersion
from eiso.orgs.models import Agency
from eiso.procedures import services
from eiso.procedures.models import Process, ProcessStep, Template, WebhookDelivery
from tests.factories import AgencyFactory, MembershipFactory, UnitFactory
from tests.procedures.processes import leader_only_chain, new_process, procedure, publish, step_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def marriage(province):
    return procedure(province, amount="1", code="1.000894")


@pytest.fixture
def process(agency_a, secretary_a, marriage):
    leader_only_chain(agency_a, secretary_a)
    return new_process(
        agency_a, secretary_a, [marriage], steps=[step_values("Tiếp nhận hồ sơ", "2", "working_hours")]
    )


def test_list_shows_the_agency_processes(client, process, secretary_a, staff_b):
    client.force_login(secretary_a)
    response = client.get(reverse("procedures:process_list"))
    assert "QT.HT.01" in response.text and "Tạo quy trình" in response.text
    client.force_login(staff_b)
    assert "QT.HT.01" not in client.get(reverse("procedures:process_list")).text


def test_list_query_count_does_not_grow_with_rows(
    client, agency_a, secretary_a, marriage, django_assert_max_num_queries
):
    client.force_login(secretary_a)
    for number in range(2):
        new_process(agency_a, secretary_a, [marriage], code=f"QT.A.{number}")
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("procedures:process_list"))
    for number in range(2, 20):
        new_process(agency_a, secretary_a, [marriage], code=f"QT.A.{number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("procedures:process_list"))


def test_secretary_creates_a_process_from_the_form(client, secretary_a, marriage):
    client.force_login(secretary_a)
    url = reverse("procedures:process_create")
    response = client.post(
        url, {"code": "qt.ht.09", "title": "Quy trình kết hôn", "procedures": [marriage.pk]}
    )
    process = Process.objects.get()
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert process.code == "QT.HT.09"


def test_a_duplicate_code_shows_a_vietnamese_error_on_the_form(client, process, secretary_a):
    client.force_login(secretary_a)
    response = client.post(reverse("procedures:process_create"), {"code": "QT.HT.01", "title": "Lặp"})
    assert response.status_code == 200
    assert "đã có trong cơ quan" in response.text


def test_staff_may_not_open_the_create_page(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("procedures:process_create")).status_code == 403


def test_detail_shows_steps_slack_and_the_flowchart(client, process, secretary_a):
    client.force_login(secretary_a)
    response = client.get(process.get_absolute_url())
    assert response.status_code == 200
    assert "còn dư <strong>5,5 giờ làm việc</strong>" in response.text  # of a 7.5-hour office day
    assert "<svg" in response.text and "Tiếp nhận hồ sơ" in response.text
    assert "Thêm bước" in response.text and "Trình duyệt" in response.text


def test_adding_a_step_over_the_legal_time_is_refused_on_the_page(client, process, secretary_a):
    client.force_login(secretary_a)
    url = reverse("procedures:step_create", args=[process.pk])
    data = {"name": "Thẩm định", "duration_amount": "1", "duration_unit": "working_days"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "vượt 2 giờ làm việc" in response.text
    data["duration_amount"] = "0.5"
    assert client.post(url, data).status_code == 302
    assert ProcessStep.objects.count() == 2


def test_a_negative_or_missing_time_is_a_form_error(client, process, secretary_a):
    client.force_login(secretary_a)
    url = reverse("procedures:step_create", args=[process.pk])
    response = client.post(url, {"name": "", "duration_amount": "-1", "duration_unit": "working_days"})
    assert "Hãy nhập tên bước." in response.text
    assert "không được âm" in response.text or "lớn hơn hoặc bằng 0" in response.text


def test_editing_moving_and_deleting_steps(client, process, secretary_a):
    client.force_login(secretary_a)
    draft = services.open_version(process)
    services.step_add(version=draft, actor=secretary_a, **step_values("Ký", "1", "working_hours"))
    first = draft.process_steps.get(order=1)
    response = client.post(
        reverse("procedures:step_update", args=[first.pk]),
        {"name": "Tiếp nhận", "duration_amount": "1", "duration_unit": "working_hours", "role": "Công chức"},
    )
    assert response.status_code == 302
    client.post(reverse("procedures:step_move", args=[first.pk]), {"direction": "down"})
    assert list(draft.process_steps.order_by("order").values_list("name", flat=True)) == ["Ký", "Tiếp nhận"]
    client.post(reverse("procedures:step_delete", args=[first.pk]))
    assert list(draft.process_steps.values_list("name", flat=True)) == ["Ký"]
    assert client.get(reverse("procedures:step_delete", args=[first.pk])).status_code in (404, 405)


def _url(version, transition):
    return reverse("documents:version_transition", args=[version.pk, transition])


def test_workflow_through_the_process_page(client, process, secretary_a, leader_a):
    draft = services.open_version(process)
    client.force_login(secretary_a)
    assert _url(draft, "submit") in client.get(process.get_absolute_url()).text
    client.post(_url(draft, "submit"))
    client.force_login(leader_a)
    page = client.get(process.get_absolute_url()).text
    assert _url(draft, "approve") in page and _url(draft, "request_changes") in page
    response = client.post(_url(draft, "request_changes"), {}, follow=True)
    assert "Hãy ghi rõ nội dung cần sửa đổi." in response.text
    assert services.open_version(process).status == DocumentVersion.Status.IN_REVIEW
    client.post(_url(draft, "approve"), {"approve-comment": "Đồng ý"})
    client.force_login(secretary_a)
    assert _url(draft, "publish") in client.get(process.get_absolute_url()).text
    response = client.post(_url(draft, "publish"), follow=True)
    assert "Đã ban hành." in response.text
    assert process.document.versions.get().status == DocumentVersion.Status.PUBLISHED
    assert client.get(_url(draft, "publish")).status_code == 405


def test_submitting_steps_over_the_legal_time_from_the_page_is_refused(
    client, process, secretary_a, province
):
    process.procedures.add(procedure(province, amount="1", unit="working_hours"))
    draft = services.open_version(process)
    client.force_login(secretary_a)
    response = client.post(_url(draft, "submit"), follow=True)
    assert "vượt 1 giờ làm việc" in response.text
    draft.refresh_from_db()
    assert draft.status == DocumentVersion.Status.DRAFT


def test_an_unknown_transition_is_404(client, process, secretary_a):
    client.force_login(secretary_a)
    assert client.post(_url(services.open_version(process), "explode")).status_code == 404


def test_new_draft_from_the_page(client, process, secretary_a, leader_a):
    publish(services.open_version(process), secretary_a, leader_a)
    client.force_login(secretary_a)
    response = client.post(reverse("procedures:process_new_draft", args=[process.pk]), follow=True)
    assert "Đã tạo bản dự thảo lần 2" in response.text


def test_docx_and_xlsx_downloads(client, process, secretary_a):
    client.force_login(secretary_a)
    docx = client.get(reverse("procedures:process_docx", args=[process.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "quy-trinh-qt.ht.01-lan-1.docx" in docx["Content-Disposition"]
    import io

    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "QUY TRÌNH" in text and "Kèm theo Quyết định" in text
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Tiếp nhận hồ sơ" in cells
    xlsx = client.get(reverse("procedures:process_list_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_steps_owed_page_lists_inter_agency_steps_for_the_other_agency(
    client, process, secretary_a, leader_a, agency_b, staff_b
):
    services.step_add(
        version=services.open_version(process),
        actor=secretary_a,
        **step_values("Xác minh", "1", "working_hours", other_agency=agency_b),
    )
    publish(services.open_version(process), secretary_a, leader_a)
    client.force_login(staff_b)
    response = client.get(reverse("procedures:steps_owed"))
    assert "Xác minh" in response.text and "1 giờ làm việc" in response.text
    assert client.get(process.get_absolute_url()).status_code == 404  # the rest stays private


def test_template_pages_coverage_and_adoption(client, process, secretary_a, leader_a, coordinator, province):
    publish(services.open_version(process), secretary_a, leader_a)
    client.force_login(coordinator)
    response = client.post(
        reverse("procedures:template_publish", args=[process.pk]),
        {"agency_kind": "commune", "code": "", "name": ""},
    )
    template = Template.objects.get()
    assert response["Location"] == template.get_absolute_url()
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Kỳ Anh")
    UnitFactory(agency=commune, name="Bộ phận Một cửa")
    page = client.get(template.get_absolute_url())
    assert "UBND xã Kỳ Anh" in page.text and "Chưa áp dụng" in page.text
    secretary = MembershipFactory(agency=commune, role="secretary").user
    client.force_login(secretary)
    assert "Áp dụng" in client.get(reverse("procedures:template_list")).text
    response = client.post(reverse("procedures:template_adopt", args=[template.pk]), follow=True)
    assert "Đã tạo quy trình QT.HT.01 từ mẫu" in response.text
    response = client.post(reverse("procedures:template_adopt", args=[template.pk]), follow=True)
    assert "đã áp dụng" in response.text


def test_webhook_page_registers_and_lists_deliveries(client, secretary_a, staff_a, agency_a):
    client.force_login(secretary_a)
    url = reverse("procedures:webhook_list")
    response = client.post(url, {"url": "không phải url"})
    assert "Địa chỉ không hợp lệ" in response.text
    response = client.post(url, {"url": "https://motcua.example.vn/h", "description": "Một cửa"}, follow=True)
    assert "Khóa ký:" in response.text
    services.webhook_enqueue(agency=agency_a, event="process.published", event_key="x", payload={})
    assert "Đang chờ gửi" in client.get(url).text
    delivery = WebhookDelivery.objects.get()
    delivery.status = WebhookDelivery.Status.FAILED
    delivery.save()
    client.post(reverse("procedures:delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING
    client.force_login(staff_a)
    assert client.get(url).status_code == 403


def test_home_card_lists_processes_to_review(client, process, secretary_a, staff_a):
    process.needs_review = True
    process.review_note = "Thủ tục 1.000894 có phiên bản mới"
    process.save()
    client.force_login(secretary_a)
    card = client.get(reverse("core:home")).text
    assert 'data-testid="processes-card"' in card and "QT.HT.01 — Quy trình đăng ký kết hôn" in card
    client.force_login(staff_a)
    assert 'data-testid="processes-card"' not in client.get(reverse("core:home")).text


def test_public_page_shows_the_agency_published_steps_only(
    client, process, secretary_a, leader_a, agency_a, marriage
):
    url = reverse("portal:procedure_page", args=[marriage.code])
    params = {"tinh": marriage.province.division_code, "co-quan": agency_a.identifier_code}
    assert 'data-testid="process-steps"' not in client.get(url, params).text  # a draft is not public
    publish(services.open_version(process), secretary_a, leader_a)
    page = client.get(url, params).text
    assert 'data-testid="process-steps"' in page and "Tiếp nhận hồ sơ" in page and "2 giờ làm việc" in page


def test_a_draft_opened_from_the_documents_pages_gets_the_steps_on_request(
    client, process, secretary_a, leader_a
):
    from eiso.documents import services as documents

    publish(services.open_version(process), secretary_a, leader_a)
    draft = documents.version_create_draft(document=process.document, actor=secretary_a)
    client.force_login(secretary_a)
    page = client.get(process.get_absolute_url())
    assert "Chép các bước từ phiên bản đang hiệu lực" in page.text
    client.post(reverse("procedures:process_draft_copy_steps", args=[process.pk]))
    assert list(draft.process_steps.values_list("name", flat=True)) == ["Tiếp nhận hồ sơ"]
    response = client.post(reverse("procedures:process_draft_copy_steps", args=[process.pk]), follow=True)
    assert "Chỉ chép các bước vào bản dự thảo chưa có bước nào" in response.text


def test_changing_the_procedures_keeps_the_time_rule(client, process, secretary_a, province, marriage):
    shorter = procedure(province, amount="1", unit="working_hours")
    client.force_login(secretary_a)
    url = reverse("procedures:process_set_procedures", args=[process.pk])
    response = client.post(url, {"procedures": [marriage.pk, shorter.pk]}, follow=True)
    assert "vượt 1 giờ làm việc" in response.text
    assert list(process.procedures.all()) == [marriage]
    response = client.post(url, {"procedures": []}, follow=True)
    assert "Đã cập nhật thủ tục hành chính áp dụng." in response.text
    assert not process.procedures.exists()
