"""The inspection documents of TT 26/2014 Phụ lục I: the plan (Mẫu 19), the decision (Mẫu 20) and
the minutes (Mẫu 21), as .docx in the NĐ 30/2020 layout and as PDF, and their download pages."""

import io
from datetime import date
from decimal import Decimal

import docx
import pypdf
import pytest
from django.urls import reverse

from eiso.core.models import AuditEntry
from eiso.oversight import paperwork, services
from eiso.oversight.models import Inspection, InspectionPlan
from tests.factories import AgencyFactory
from tests.oversight.factories import FollowUpFactory, InspectionFactory, InspectionPlanFactory

TODAY = date(2026, 10, 20)
TEAM = "Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn\nBà Trần Thị Hoa, Trưởng phòng TĐC"


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _table_rows(data: bytes, first_header: str) -> list[list[str]]:
    for table in docx.Document(io.BytesIO(data)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table starting with {first_header}")


@pytest.fixture
def plan(province, agency_a, agency_b):
    plan = InspectionPlanFactory(
        province=province, year=2026, number="12/KH-SKHCN", signer_name="Nguyễn Văn Minh"
    )
    InspectionFactory(
        plan=plan,
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        planned_on=date(2026, 10, 5),
        inspecting_unit="Phòng TĐC",
        cooperating_unit="Sở Nội vụ",
        budget_amount=Decimal(5_000_000),
    )
    InspectionFactory(plan=plan, agency=agency_b, form=Inspection.Form.DOCUMENTS)
    return plan


@pytest.fixture
def concluded(plan, agency_a, criteria_set, coordinator):
    inspection = plan.inspections.get(agency=agency_a)
    services.inspection_update(
        inspection=inspection,
        actor=coordinator,
        criteria_set=criteria_set,
        team=TEAM,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
        agency_representative="Nguyễn Thị Lan, Giám đốc",
    )
    services.inspection_start(
        inspection=inspection, inspected_on=date(2026, 10, 5), actor=coordinator, today=TODAY
    )
    group, item_a, item_b = criteria_set.criteria.order_by("order")
    services.inspection_score(
        inspection=inspection,
        criterion=item_a,
        points=Decimal(8),
        evidence="Danh mục TTHC đủ",
        actor=coordinator,
    )
    services.inspection_score(
        inspection=inspection,
        criterion=item_b,
        points=Decimal(4),
        evidence="Một quy trình chậm",
        actor=coordinator,
    )
    services.inspection_conclude(
        inspection=inspection,
        conclusion="Cơ quan duy trì HTQLCL phù hợp.",
        minutes_signed_on=date(2026, 10, 6),
        actor=coordinator,
    )
    services.follow_up_add(
        inspection=inspection, request="Cập nhật quy trình cấp phép.", actor=coordinator, today=TODAY
    )
    return inspection


def test_plan_lists_every_agency_with_its_form_in_the_nd30_layout(plan, agency_a, agency_b):
    data = paperwork.inspection_plan(plan, today=TODAY).render("docx")
    text = _text(data)
    for part in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH HÀ TĨNH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 12/KH-SKHCN",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG KIỂM TRA",
        "e) việc lựa chọn tổ chức tư vấn (nếu có).",
        "- Kiểm tra tại trụ sở: 1 cơ quan",
        "Tổng kinh phí dự kiến: 5.000.000 đồng",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn Minh",
    ]:
        assert part in text, part
    rows = _table_rows(data, "TT")
    assert rows[0][3] == "Đơn vị phối hợp"
    assert rows[1:] == [
        ["1", agency_a.name, "Phòng TĐC", "Sở Nội vụ", "05/10/2026", "Tại trụ sở", "5.000.000"],
        ["2", agency_b.name, "", "", "", "Qua hồ sơ, báo cáo", ""],
    ]


def test_decision_names_the_agency_the_team_and_the_articles(concluded, agency_a):
    data = paperwork.inspection_decision(concluded, today=TODAY).render("docx")
    text = _text(data)
    for part in [
        "Số: 20/QĐ-SKHCN",
        "Hà Tĩnh, ngày 28 tháng 9 năm 2026",
        "QUYẾT ĐỊNH",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "QUYẾT ĐỊNH:",
        "Điều 1. Kiểm tra việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
        f"9001:2015 tại {agency_a.name}. Hình thức: kiểm tra tại trụ sở. Thời gian: ngày 05/10/2026.",
        "Điều 2. Thành lập Đoàn kiểm tra",
        "1. Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn",
        "2. Bà Trần Thị Hoa, Trưởng phòng TĐC",
        "Như Điều 4;",
    ]:
        assert part in text, part
    paragraphs = {p.text: p for p in docx.Document(io.BytesIO(data)).paragraphs}
    article = next(p for text, p in paragraphs.items() if text.startswith("Điều 1."))
    assert article.runs[0].bold and not article.runs[1].bold


def test_minutes_carry_the_scores_the_conclusion_the_two_month_follow_up_and_both_signatures(
    concluded, agency_a
):
    data = paperwork.inspection_minutes(concluded, today=TODAY).render("docx")
    text = _text(data)
    for part in [
        "BIÊN BẢN KIỂM TRA",
        "ĐOÀN KIỂM TRA",
        "Căn cứ Quyết định số 20/QĐ-SKHCN ngày 28/09/2026",
        f"tại trụ sở {agency_a.name}",
        f"2. Đại diện {agency_a.name}: Nguyễn Thị Lan, Giám đốc.",
        "Tổng điểm: 12/15 (80,0 %), xếp loại: Tốt.",
        "III. KẾT LUẬN",
        "Cơ quan duy trì HTQLCL phù hợp.",
        # two months after 06/10/2026 is Sunday 06/12/2026: the deadline moves to the next working day
        "1. Cập nhật quy trình cấp phép. (hạn báo cáo: 07/12/2026).",
        "trong thời hạn 02 tháng kể từ ngày ký biên bản này",
        "Biên bản được lập thành 02 bản có giá trị như nhau",
    ]:
        assert part in text, part
    assert "DỰ THẢO" not in text
    rows = _table_rows(data, "Mã")
    assert ["1.a", "Tiêu chí", "10", "8", "Danh mục TTHC đủ"] in rows
    signatures = docx.Document(io.BytesIO(data)).tables[-1].rows[0].cells
    assert "ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA" in signatures[0].text and "Nguyễn Thị Lan" in signatures[0].text
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in signatures[1].text and "Lê Văn An" in signatures[1].text


def test_a_documents_inspection_has_no_minutes(plan, agency_b):
    inspection = plan.inspections.get(agency=agency_b)
    inspection.status, inspection.inspected_on = Inspection.Status.IN_PROGRESS, date(2026, 10, 9)
    inspection.save()
    with pytest.raises(ValueError, match="chỉ lập cho cuộc kiểm tra tại trụ sở"):
        paperwork.inspection_minutes(inspection, today=TODAY)


def test_the_result_letter_of_a_documents_inspection_is_a_draft_until_concluded(plan, agency_b):
    inspection = plan.inspections.get(agency=agency_b)
    inspection.status, inspection.inspected_on = Inspection.Status.IN_PROGRESS, date(2026, 10, 9)
    inspection.save()
    text = _text(paperwork.result_letter(inspection, today=TODAY).render("docx"))
    assert "Căn cứ Kế hoạch kiểm tra số 12/KH-SKHCN của Sở Khoa học và Công nghệ" in text
    assert "Không có nội dung phải khắc phục." in text and "Cuộc kiểm tra chưa chọn bộ tiêu chí." in text
    assert "(DỰ THẢO — cuộc kiểm tra chưa kết luận)" in text and "BIÊN BẢN" not in text


def test_minutes_pdf_has_the_same_content(concluded):
    pdf = paperwork.inspection_minutes(concluded, today=TODAY).render("pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "BIÊN BẢN KIỂM TRA" in text and "Danh mục TTHC đủ" in text and "TRƯỞNG ĐOÀN KIỂM TRA" in text


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn", "Lê Văn An"),
        ("Nguyễn Thị Lan, Giám đốc", "Nguyễn Thị Lan"),
        ("Bà Trần Thị Hoa - Trưởng phòng", "Trần Thị Hoa"),
        ("", ""),
    ],
)
def test_person_name_drops_labels_honorifics_and_position(line, name):
    assert paperwork.person_name(line) == name


# --- pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_coordinator_downloads_the_plan_decision_and_minutes(client, coordinator, concluded, plan, fmt):
    client.force_login(coordinator)
    for url in [
        reverse("oversight:inspection_plan_document", args=[plan.pk, fmt]),
        reverse("oversight:inspection_decision", args=[concluded.pk, fmt]),
        reverse("oversight:inspection_minutes", args=[concluded.pk, fmt]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_the_inspected_agencys_secretary_downloads_its_minutes(client, secretary_a, concluded):
    client.force_login(secretary_a)
    assert client.get(reverse("oversight:inspection_minutes", args=[concluded.pk, "docx"])).status_code == 200


def test_an_agency_user_cannot_download_the_provinces_plan(client, secretary_a, plan):
    client.force_login(secretary_a)
    assert (
        client.get(reverse("oversight:inspection_plan_document", args=[plan.pk, "docx"])).status_code == 404
    )


def test_unknown_format_is_404(client, coordinator, plan):
    client.force_login(coordinator)
    docx_url = reverse("oversight:inspection_plan_document", args=[plan.pk, "docx"])
    assert client.get(docx_url.removesuffix(".docx") + ".odt").status_code == 404


def test_a_documents_inspection_has_no_decision_nor_minutes_and_a_planned_one_no_result_letter(
    client, coordinator, plan, agency_a, agency_b
):
    inspection = plan.inspections.get(agency=agency_b)
    client.force_login(coordinator)
    response = client.get(reverse("oversight:inspection_decision", args=[inspection.pk, "docx"]), follow=True)
    assert "chỉ lập cho cuộc kiểm tra tại trụ sở" in response.content.decode()
    response = client.get(reverse("oversight:inspection_minutes", args=[inspection.pk, "docx"]), follow=True)
    assert "kết thúc bằng văn bản đề nghị khắc phục" in response.content.decode()
    url = reverse("oversight:inspection_result_letter", args=[inspection.pk, "docx"])
    assert (
        "chưa bắt đầu nên chưa có văn bản đề nghị khắc phục" in client.get(url, follow=True).content.decode()
    )
    on_site = plan.inspections.get(agency=agency_a)
    response = client.get(reverse("oversight:inspection_minutes", args=[on_site.pk, "docx"]), follow=True)
    assert "chưa bắt đầu nên chưa có biên bản" in response.content.decode()
    url = reverse("oversight:inspection_report_request", args=[on_site.pk, "docx"])
    assert "dùng quyết định kiểm tra (Mẫu 20)" in client.get(url, follow=True).content.decode()


def test_coordinator_sets_the_plans_number_and_signer(client, coordinator, plan):
    client.force_login(coordinator)
    data = {
        "number": "15/KH-SKHCN",
        "issuing_agency": "Sở Khoa học và Công nghệ",
        "signer_authority": "",
        "signer_position": "Giám đốc",
        "signer_name": "Trần Văn Bình",
    }
    client.post(reverse("oversight:inspection_plan_update", args=[plan.pk]), data)
    plan.refresh_from_db()
    assert (plan.number, plan.signer_position, plan.signer_name) == (
        "15/KH-SKHCN",
        "Giám đốc",
        "Trần Văn Bình",
    )
    assert AuditEntry.objects.filter(action="inspection_plan.update", target_id=str(plan.pk)).exists()
    page = client.post(
        reverse("oversight:inspection_plan_update", args=[plan.pk]),
        {**data, "signer_position": ""},
        follow=True,
    )
    assert "chức vụ người ký là bắt buộc" in page.content.decode()
    plan.refresh_from_db()
    assert plan.signer_position == "Giám đốc"


def test_steering_member_cannot_change_the_plans_signer(client, steering, plan):
    client.force_login(steering)
    response = client.post(
        reverse("oversight:inspection_plan_update", args=[plan.pk]),
        {"issuing_agency": "Sở", "signer_position": "Giám đốc"},
    )
    assert response.status_code == 403
    assert InspectionPlan.objects.get(pk=plan.pk).signer_position == "PHÓ GIÁM ĐỐC"


def test_plan_of_a_province_with_no_agency_in_it_still_renders(province):
    AgencyFactory(province=province)
    plan = InspectionPlanFactory(province=province, year=2027)
    text = _text(paperwork.inspection_plan(plan, today=TODAY).render("docx"))
    assert "Chưa dự trù kinh phí cho từng cuộc kiểm tra." in text and "Số: …/KH-SKHCN" in text


def test_minutes_list_follow_ups_by_due_date(concluded):
    FollowUpFactory(inspection=concluded, request="Niêm yết quyết định công bố.", due_on=date(2026, 12, 1))
    text = _text(paperwork.inspection_minutes(concluded, today=TODAY).render("docx"))
    assert "1. Niêm yết quyết định công bố. (hạn báo cáo: 01/12/2026)." in text
    assert "2. Cập nhật quy trình cấp phép. (hạn báo cáo: 07/12/2026)." in text
