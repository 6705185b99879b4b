import io

import pytest
from django.urls import reverse
from django.utils import timezone

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier, Status
from tests.dossiers.factories import at, process_for

pytestmark = pytest.mark.django_db


def receive(officer, agency, procedure, when=None, **kwargs):
    values = {
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        "channel": Channel.DIRECT,
        "components": [1, 2],
        "received_at": when or timezone.now(),
    }
    values.update(kwargs)
    return services.dossier_receive(agency=agency, procedure=procedure, actor=officer, **values)


def test_receive_page_creates_a_dossier(client, officer_a, procedure_a):
    client.force_login(officer_a)
    url = reverse("dossiers:dossier_receive")
    page = client.get(url, {"procedure": procedure_a.pk})
    assert "Giấy tờ 1" in page.content.decode()
    response = client.post(
        url,
        {
            "procedure": procedure_a.pk,
            "applicant_name": "Trần Thị Bình",
            "applicant_phone": "0987654321",
            "channel": "direct",
            "sets": 1,
            "components": ["1", "2"],
            "if_incomplete": "refuse",
        },
    )
    dossier = Dossier.objects.get()
    assert response.url == dossier.get_absolute_url()


def test_receive_with_missing_component_shows_the_list(client, officer_a, procedure_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("dossiers:dossier_receive"),
        {
            "procedure": procedure_a.pk,
            "applicant_name": "Trần Thị Bình",
            "applicant_phone": "0987654321",
            "channel": "direct",
            "sets": 1,
            "components": ["1"],
            "if_incomplete": "refuse",
        },
    )
    assert response.status_code == 200
    assert "Hồ sơ còn thiếu thành phần: Giấy tờ 2" in response.content.decode()
    assert not Dossier.objects.exists()


def test_receive_page_is_for_the_counter(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("dossiers:dossier_receive")).status_code == 403


def test_list_has_constant_queries(client, officer_a, agency_a, procedure_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    url = reverse("dossiers:dossier_list")
    for _ in range(3):
        receive(officer_a, agency_a, procedure_a)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        receive(officer_a, agency_a, procedure_a)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert page.content.decode().count("Nguyễn Văn An") == 9


def test_list_filters(client, officer_a, agency_a, procedure_a):
    open_one = receive(officer_a, agency_a, procedure_a, applicant_name="Hồ sơ mở")
    done = receive(officer_a, agency_a, procedure_a, applicant_name="Hồ sơ xong")
    services.dossier_result_ready(dossier=done, actor=officer_a)
    client.force_login(officer_a)
    body = client.get(reverse("dossiers:dossier_list"), {"status": "open"}).content.decode()
    assert open_one.code in body and done.code not in body
    body = client.get(reverse("dossiers:dossier_list"), {"q": done.code}).content.decode()
    assert done.code in body and open_one.code not in body


def test_detail_actions_and_errors_as_messages(client, officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a)
    client.force_login(officer_a)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert 'data-testid="dossier-result_ready"' in page and 'data-testid="dossier-return"' not in page
    follow = client.post(reverse("dossiers:dossier_transition", args=[dossier.pk, "return"]), follow=True)
    assert "Không thể “trả kết quả”: hồ sơ đang ở trạng thái “mới tiếp nhận”" in follow.content.decode()
    client.post(reverse("dossiers:dossier_transition", args=[dossier.pk, "result_ready"]))
    client.post(reverse("dossiers:dossier_transition", args=[dossier.pk, "return"]))
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED


def test_a_transition_with_bad_input_says_why_and_changes_nothing(client, officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    client.force_login(officer_a)
    url = reverse("dossiers:dossier_transition", args=[dossier.pk, "extend"])
    page = client.post(url, {"extend-new_date": "31/02/2026", "extend-reason": "Chờ"}, follow=True)
    assert "Nhập một ngày hợp lệ" in page.content.decode() or "ngày hợp lệ" in page.content.decode()
    dossier.refresh_from_db()
    assert not dossier.extended
    assert client.post(reverse("dossiers:dossier_transition", args=[dossier.pk, "fly"])).status_code == 404
    assert client.get(url).status_code == 405


def test_step_buttons_move_the_dossier(client, officer_a, staff_a, agency_a, unit_a, procedure_a):
    process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None)])
    dossier = receive(officer_a, agency_a, procedure_a)
    step = dossier.steps.get()
    client.force_login(staff_a)
    assert "Nhận xử lý" in client.get(dossier.get_absolute_url()).content.decode()
    client.post(reverse("dossiers:step_action", args=[step.pk, "start"]))
    client.post(reverse("dossiers:step_action", args=[step.pk, "finish"]))
    step.refresh_from_db()
    assert step.finished_by == staff_a
    assert dossier.handovers.count() == 2


def test_forms_render_by_reception_date(client, officer_a, agency_a, procedure_a):
    new = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2))
    old = receive(officer_a, agency_a, procedure_a, at(2025, 3, 3))
    client.force_login(officer_a)
    new_page = client.get(new.get_absolute_url()).content.decode()
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Thông tư số 03/2025/TT-VPCP" in new_page and "Thông tư số 01/2018/TT-VPCP" in old_page
    pdf = client.get(reverse("dossiers:dossier_form", args=[new.pk, "receipt", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("dossiers:dossier_form", args=[new.pk, "control_slip", "docx"]))
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.content)).paragraphs)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 06" in text
    old_slip = client.get(reverse("dossiers:dossier_form", args=[old.pk, "control_slip", "docx"]))
    old_text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(old_slip.content)).paragraphs)
    assert "Mẫu số 05" in old_text
    # A refusal form for a dossier that was not refused does not exist.
    assert client.get(reverse("dossiers:dossier_form", args=[new.pk, "refusal", "pdf"])).status_code == 302


def test_receipt_carries_the_lookup_qr(officer_a, agency_a, procedure_a):
    from eiso.dossiers import paperwork

    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2))
    paper = paperwork.build(dossier, "receipt")
    qr = next(block for block in paper.body if block.kind == "qr")
    assert "<svg" in qr.svg() and qr.png().startswith(b"\x89PNG")
    assert qr.url.endswith(f"?code={dossier.code}")


def test_exports_and_statistics_pages(client, secretary_a, officer_a, agency_a, procedure_a):
    receive(officer_a, agency_a, procedure_a)
    client.force_login(secretary_a)
    assert client.get(reverse("dossiers:statistics")).status_code == 200
    assert (
        client.get(reverse("dossiers:delay_report"), {"tu": "01/01/2026", "den": "31/12/2026"}).status_code
        == 200
    )
    for name in ("statistics_export", "tracking_book_export"):
        response = client.get(reverse(f"dossiers:{name}"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        heading = [row[0] for row in sheet.iter_rows(max_row=6, max_col=1, values_only=True)]
        assert heading[0].startswith("THỐNG KÊ") or "SỔ THEO DÕI HỒ SƠ" in heading


def test_dashboard_card_shows_the_numbers(client, secretary_a, officer_a, agency_a, procedure_a):
    receive(officer_a, agency_a, procedure_a)
    client.force_login(secretary_a)
    body = client.get("/").content.decode()
    assert 'data-card="dossiers_summary"' in body and "1 tiếp nhận" in body


def test_delay_report_ranks_units(client, secretary_a, officer_a, staff_a, agency_a, unit_a, procedure_a):
    process_for(agency_a, procedure_a, [("Thẩm định", 2, unit_a, None)])
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    step = dossier.steps.get()
    services.step_start(step=step, actor=staff_a, at=at(2026, 3, 2, 9))
    services.step_finish(step=step, actor=staff_a, at=at(2026, 3, 9, 9))
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 9, 10))
    client.force_login(secretary_a)
    body = client.get(
        reverse("dossiers:delay_report"), {"tu": "01/03/2026", "den": "31/03/2026"}
    ).content.decode()
    assert unit_a.name in body and dossier.code in body


def test_no_step_is_offered_while_the_dossier_waits_for_the_applicant(
    client, officer_a, staff_a, agency_a, unit_a, procedure_a
):
    process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None)])
    dossier = receive(officer_a, agency_a, procedure_a, components=[1], if_incomplete="supplement")
    client.force_login(staff_a)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Nhận xử lý" not in page
    assert "thời hạn giải quyết tạm dừng" in page


def test_the_online_acceptance_is_offered_only_for_online_dossiers(client, officer_a, agency_a, procedure_a):
    direct = receive(officer_a, agency_a, procedure_a)
    online = receive(officer_a, agency_a, procedure_a, channel=Channel.ONLINE)
    client.force_login(officer_a)
    assert 'data-testid="dossier-accept"' not in client.get(direct.get_absolute_url()).content.decode()
    assert 'data-testid="dossier-accept"' in client.get(online.get_absolute_url()).content.decode()
