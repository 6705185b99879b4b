"""The one-stop forms (TT 03/2025 forms 01–07, TT 01/2018 forms 01–06): each form's own number
series, the event's date and place, the fields and signatures each form prescribes, the page size,
and the NĐ 30/2020 checks on every form of both sets in .docx and PDF.

Cast: `officer_a` works at agency A's counter (Sở Khoa học và Công nghệ, short name SKHCN, of
Tỉnh Hà Tĩnh); `staff_a` handles the unit's step, `staff_b` the step of agency B (Sở Tư pháp),
which co-operates.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from eiso.core import nd30
from eiso.core.errors import DomainError
from eiso.dossiers import paperwork, services
from eiso.dossiers.formsets import FORM_SETS, TRACKING_BOOK, issuer_code
from eiso.dossiers.models import Channel, FormKind, IssuedForm
from tests.dossiers.factories import at, process_for
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def receive(officer, agency, procedure, when, **extra):
    values = {
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0987654321",
        "applicant_address": "Thôn 3, xã Thạch Hà",
        "applicant_id_number": "042190000123",
        "channel": Channel.DIRECT,
        "components": [1, 2],
        **extra,
    }
    dossier = services.dossier_receive(
        agency=agency, procedure=procedure, actor=officer, received_at=when, **values
    )
    dossier.refresh_from_db()
    return dossier


def numbers(dossier, kind) -> list[str]:
    return [row.number for row in IssuedForm.objects.filter(dossier=dossier, kind=kind).order_by("pk")]


def docx_lines(dossier, kind) -> list[str]:
    return nd30.docx_lines(paperwork.build(dossier, kind).render("docx"))


def step_through(dossier, people, cal, start):
    """Each step taken and finished by its person, one working hour apart."""
    moment = start
    for step, person in zip(dossier.steps.order_by("order"), people, strict=True):
        services.step_start(step=step, actor=person, at=moment)
        moment = cal.add_working_hours(moment, 1)
        services.step_finish(step=step, actor=person, at=moment)
        moment = cal.add_working_hours(moment, 1)
    return moment


# --- numbering ------------------------------------------------------------------------------------


def test_each_form_has_its_own_series_per_agency_and_year(officer_a, agency_a, procedure_a):
    first = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    second = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 10))
    services.supplement_request(dossier=second, items="Tờ khai", actor=officer_a, at=at(2026, 3, 2, 11))
    services.dossier_refuse(
        dossier=first, reason="Không thuộc thẩm quyền", actor=officer_a, at=at(2026, 3, 3, 9)
    )
    next_year = receive(officer_a, agency_a, procedure_a, at(2027, 1, 4, 9))

    assert numbers(first, FormKind.RECEIPT) == ["01/GTN-SKHCN"]
    assert numbers(second, FormKind.RECEIPT) == ["02/GTN-SKHCN"]
    assert numbers(second, FormKind.CONTROL_SLIP) == ["02/PKS-SKHCN"]
    assert numbers(second, FormKind.SUPPLEMENT) == ["01/PBS-SKHCN"]
    assert numbers(first, FormKind.REFUSAL) == ["01/PTC-SKHCN"]
    assert numbers(next_year, FormKind.RECEIPT) == ["01/GTN-SKHCN"]  # a new year starts at 01
    # No longer "<serial>/<dossier code>", and not the same number on every form of a dossier.
    assert len({row.number for row in first.issued_forms.all()}) == first.issued_forms.count()


def test_another_agency_numbers_its_own_forms(officer_a, agency_a, agency_b):
    from tests.dossiers.factories import OneStopCounter

    counter = OneStopCounter(agency_a)
    counter.dossier(agency_a, at(2026, 3, 2, 9))
    other = counter.dossier(agency_b, at(2026, 3, 2, 9))
    assert numbers(other, FormKind.RECEIPT) == ["01/GTN-STP"]


def test_the_number_is_taken_with_the_event_and_not_without_it(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.dossier_extend(
        dossier=dossier,
        new_appointment=at(2026, 3, 20, 17),
        reason="Chờ",
        actor=officer_a,
        at=at(2026, 3, 3, 9),
    )
    with pytest.raises(DomainError):
        # A second extension is refused: no apology number is spent on it.
        services.dossier_extend(
            dossier=dossier,
            new_appointment=at(2026, 3, 25, 17),
            reason="Chờ",
            actor=officer_a,
            at=at(2026, 3, 3, 10),
        )
    assert numbers(dossier, FormKind.APOLOGY) == ["01/PXL-SKHCN"]
    assert IssuedForm.objects.filter(kind=FormKind.APOLOGY).count() == 1


def test_ingested_events_get_numbers_too(client, officer_a, agency_a, procedure_a):
    from eiso.dossiers.ingest import Ingest

    code = f"{agency_a.identifier_code}-260302-0042"
    result = Ingest(source="tthc-tinh", user=officer_a).run(
        [
            {
                "id": "e1",
                "type": "received",
                "at": "2026-03-02T09:00:00+07:00",
                "dossier": code,
                "agency": agency_a.identifier_code,
                "procedure": procedure_a.code,
                "channel": "online",
                "applicant": {"name": "Lê Văn Cường"},
            },
            {
                "id": "e2",
                "type": "stopped",
                "at": "2026-03-03T09:00:00+07:00",
                "dossier": code,
                "reason": "Rút",
            },
        ]
    )
    assert result["accepted"] == 2
    dossier = services.DOSSIER.model.objects.get(code=code)
    assert numbers(dossier, FormKind.RECEIPT) == ["01/GTN-SKHCN"]
    assert numbers(dossier, FormKind.STOP) == ["01/TBD-SKHCN"]


def test_a_dossier_of_the_2018_set_gets_no_stop_notice(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2025, 3, 3, 9))
    services.dossier_stop(dossier=dossier, reason="Rút hồ sơ", actor=officer_a, at=at(2025, 3, 4, 9))
    assert numbers(dossier, FormKind.STOP) == []
    assert [form["kind"] for form in paperwork.available_forms(dossier)] == ["receipt", "control_slip"]


@pytest.mark.parametrize(
    ("short_name", "name", "kind", "code"),
    [
        ("STP", "Sở Tư pháp", "department", "STP"),
        ("SGDĐT", "Sở Giáo dục và Đào tạo", "department", "SGDĐT"),
        ("TTr", "Thanh tra tỉnh", "department", "TTr"),
        ("Thành Sen", "UBND Phường Thành Sen", "commune", "UBND"),
        ("", "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh", "public_service", "TTPVHCC"),
    ],
)
def test_the_issuer_code_of_a_symbol(short_name, name, kind, code):
    agency = AgencyFactory.build(short_name=short_name, name=name, kind=kind)
    assert issuer_code(agency) == code


# --- dates, appointments ----------------------------------------------------------------------------


def test_a_receipt_of_30_june_2025_is_dated_on_that_day(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2025, 6, 30, 9))
    lines = docx_lines(dossier, FormKind.RECEIPT)
    assert "Hà Tĩnh, ngày 30 tháng 6 năm 2025" in lines
    assert not any("năm 2026" in line for line in lines if line.startswith("Hà Tĩnh, ngày"))


def test_after_an_extension_the_receipt_keeps_its_appointment_and_form_04_shows_the_new_one(
    officer_a, agency_a, procedure_a
):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    first_due = dossier.legal_due
    cal = services.calendar_for(agency_a)
    new_appointment = cal.close_of(date(2026, 3, 12))
    services.dossier_extend(
        dossier=dossier,
        new_appointment=new_appointment,
        reason="Chờ xác minh",
        actor=officer_a,
        at=at(2026, 3, 3, 9),
    )
    dossier.refresh_from_db()
    assert dossier.appointment == new_appointment
    receipt = docx_lines(dossier, FormKind.RECEIPT)
    shown = paperwork.papers.moment(first_due)
    assert f"5. Thời gian trả kết quả giải quyết hồ sơ: {shown}" in receipt
    assert "Hà Tĩnh, ngày 02 tháng 3 năm 2026" in receipt
    apology = docx_lines(dossier, FormKind.APOLOGY)
    assert "Hà Tĩnh, ngày 03 tháng 3 năm 2026" in apology
    assert any(shown in line for line in apology)
    assert any(paperwork.papers.moment(new_appointment) in line and "mới" in line for line in apology)


# --- fields and signatures --------------------------------------------------------------------------


def test_the_receipt_has_both_signatures_the_authorisation_and_the_book_entry(
    officer_a, agency_a, procedure_a
):
    dossier = receive(
        officer_a,
        agency_a,
        procedure_a,
        at(2026, 3, 2, 9),
        principal_name="Nguyễn Văn An",
        principal_id_number="042080000999",
        authorisation_paper="Giấy ủy quyền ngày 01/03/2026",
    )
    lines = docx_lines(dossier, FormKind.RECEIPT)
    for expected in [
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Thị Bình",
        "Trường hợp được ủy quyền nộp hồ sơ, thông tin của người ủy quyền:",
        "Họ và tên người ủy quyền: Nguyễn Văn An",
        "Giấy tờ ủy quyền: Giấy ủy quyền ngày 01/03/2026",
        "Số định danh cá nhân/tổ chức: 042190000123",
        "Vào Sổ theo dõi hồ sơ, Quyển số 01 năm 2026, Số thứ tự 01.",
        "Mẫu số 01 - Thông tư số 03/2025/TT-VPCP",
    ]:
        assert expected in lines, expected


def test_an_authorisation_needs_the_principal_s_name(officer_a, agency_a, procedure_a):
    with pytest.raises(DomainError, match="họ tên người ủy quyền"):
        receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9), authorisation_paper="Giấy ủy quyền")


def test_the_supplement_request_names_the_contact_and_phone(officer_a, agency_a, procedure_a):
    officer_a.phone = "0239 3855 123"
    officer_a.save()
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(
        dossier=dossier,
        items="Bản sao CCCD\nTờ khai",
        reason="Thiếu giấy tờ",
        actor=officer_a,
        at=at(2026, 3, 2, 10),
    )
    lines = docx_lines(dossier, FormKind.SUPPLEMENT)
    assert "1. Bản sao CCCD" in lines and "2. Tờ khai" in lines and "Lý do: Thiếu giấy tờ" in lines
    guide = next(line for line in lines if line.startswith("Trong quá trình hoàn thiện hồ sơ"))
    assert officer_a.full_name in guide and "0239 3855 123" in guide and "officer_a" not in guide
    assert "NGƯỜI HƯỚNG DẪN" in lines
    other = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(
        dossier=other,
        items="Tờ khai",
        contact_name="Lê Thị Hoa",
        contact_phone="0912345678",
        actor=officer_a,
        at=at(2026, 3, 2, 10),
    )
    guide = next(
        line for line in docx_lines(other, FormKind.SUPPLEMENT) if line.startswith("Trong quá trình")
    )
    assert "Lê Thị Hoa" in guide and "0912345678" in guide


def test_the_refusal_is_signed_by_the_applicant_and_the_officer(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.dossier_refuse(
        dossier=dossier, reason="Không thuộc thẩm quyền", actor=officer_a, at=at(2026, 3, 2, 10)
    )
    lines = docx_lines(dossier, FormKind.REFUSAL)
    assert {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Không thuộc thẩm quyền"} <= set(lines)


def test_the_apology_is_addressed_and_signed_by_the_head(officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.dossier_extend(
        dossier=dossier,
        new_appointment=at(2026, 3, 12, 17),
        reason="Chờ xác minh",
        actor=officer_a,
        at=at(2026, 3, 3, 9),
    )
    lines = docx_lines(dossier, FormKind.APOLOGY)
    assert "Kính gửi: Trần Thị Bình" in lines
    assert "GIÁM ĐỐC" in lines and "Nơi nhận:" in lines and "- Lưu: VT." in lines
    assert "Lý do: Chờ xác minh" in lines


def test_the_control_slip_shows_the_co_operating_agency_and_each_hop_s_result(
    officer_a, staff_a, staff_b, agency_a, agency_b, unit_a, procedure_a
):
    process_for(
        agency_a,
        procedure_a,
        [("Thẩm định", 8, unit_a, None), ("Lấy ý kiến", 4, None, agency_b), ("Ký duyệt", 4, unit_a, None)],
    )
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    cal = services.calendar_for(agency_a)
    # The first step overruns its 8 hours; the others are on time.
    step = dossier.steps.get(order=1)
    services.step_start(step=step, actor=staff_a, at=at(2026, 3, 2, 10))
    services.step_finish(step=step, actor=staff_a, at=cal.add_working_hours(at(2026, 3, 2, 10), 12))
    moment = cal.add_working_hours(at(2026, 3, 2, 10), 12.5)
    for order, person in ((2, staff_b), (3, staff_a)):
        step = dossier.steps.get(order=order)
        services.step_start(step=step, actor=person, at=moment)
        moment = cal.add_working_hours(moment, 0.5)
        services.step_finish(step=step, actor=person, at=moment)
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=cal.add_working_hours(moment, 0.5))
    dossier.refresh_from_db()
    paper = paperwork.build(dossier, FormKind.CONTROL_SLIP)
    table = next(block for block in paper.body if block.kind == "table")
    assert table.columns[2].startswith("Kết quả giải quyết hồ sơ") and table.columns[3] == "Ghi chú"
    results = [row[2] for row in table.rows]
    # reception; counter → unit on time; unit → agency B late (step 1 overran); B → unit on its due
    # day; the unit hands the result back a day before its due day.
    assert results == ["", "Đúng hạn", "Quá hạn", "Đúng hạn", "Trước hạn"]
    assert table.rows[2][3].startswith("Chậm ")
    assert all("Người giao:" in row[1] and "Người nhận:" in row[1] for row in table.rows)
    lines = nd30.docx_lines(paper.render("docx"))
    assert f"Cơ quan phối hợp giải quyết hồ sơ: {agency_b.name}" in lines
    assert "Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: 01/GTN-SKHCN" in lines


# --- every form of both sets ------------------------------------------------------------------------


def _every_form(officer_a, agency_a, procedure_a, received) -> list:
    """Dossiers received on `received` that between them have every form of their set."""
    cal = services.calendar_for(agency_a)
    start = cal.next_working_moment(received)
    supplemented = receive(officer_a, agency_a, procedure_a, start)
    services.supplement_request(
        dossier=supplemented, items="Tờ khai", actor=officer_a, at=cal.add_working_hours(start, 1)
    )
    extended = receive(officer_a, agency_a, procedure_a, start)
    due_day = extended.legal_due_on
    services.dossier_extend(
        dossier=extended,
        new_appointment=cal.close_of(cal.add_working_days_to_date(due_day, 3)),
        reason="Chờ xác minh",
        actor=officer_a,
        at=cal.add_working_hours(start, 2),
    )
    refused = receive(officer_a, agency_a, procedure_a, start)
    services.dossier_refuse(
        dossier=refused, reason="Sai thẩm quyền", actor=officer_a, at=cal.add_working_hours(start, 1)
    )
    stopped = receive(officer_a, agency_a, procedure_a, start)
    services.dossier_stop(
        dossier=stopped, reason="Rút hồ sơ", actor=officer_a, at=cal.add_working_hours(start, 1)
    )
    return [supplemented, extended, refused, stopped]


PAGES = {"A4": (210, 297), "A5": (148, 210)}


@pytest.mark.parametrize("form_set", FORM_SETS, ids=lambda form_set: form_set.key)
def test_every_form_of_each_set_passes_the_nd30_checks_on_its_page(
    form_set, officer_a, agency_a, procedure_a, record_property
):
    received = at(2026, 3, 2, 9) if form_set.key == "tt03-2025" else at(2025, 3, 3, 9)
    dossiers = _every_form(officer_a, agency_a, procedure_a, received)
    covered = set()
    for dossier in dossiers:
        for form in paperwork.available_forms(dossier):
            paper = paperwork.build(dossier, form["kind"], issued_id=form["id"])
            for fmt in ("docx", "pdf"):
                data = paper.render(fmt)
                lines = nd30.docx_lines(data) if fmt == "docx" else nd30.pdf_lines(data)
                findings = nd30.assert_passes(lines, paper.expectation())
                assert [f.component for f in findings][:8] == list(nd30.COMPONENTS)
                assert nd30.page_size_mm(data) == PAGES[form_set.forms[form["kind"]].page], (
                    form["kind"],
                    fmt,
                )
                covered.add((form["kind"], fmt))
    expected_kinds = set(form_set.forms) - {TRACKING_BOOK}
    assert {kind for kind, _ in covered} == expected_kinds
    if form_set.key == "tt01-2018":
        assert {form_set.forms[kind].page for kind in expected_kinds} == {"A5"}
    record_property(
        "nd30",
        f"{form_set.basis}: "
        + ", ".join(f"Mẫu {form_set.forms[kind].number} ({kind})" for kind in sorted(expected_kinds))
        + " — .docx và .pdf",
    )


def test_the_forms_listed_on_the_page_carry_their_number_and_date(client, officer_a, agency_a, procedure_a):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    services.supplement_request(dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 3, 10))
    client.force_login(officer_a)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Số 01/PBS-SKHCN, ngày 03/03/2026" in page and "Số 01/GTN-SKHCN, ngày 02/03/2026" in page
    issued = IssuedForm.objects.get(dossier=dossier, kind=FormKind.SUPPLEMENT)
    response = client.get(dossier.get_absolute_url() + f"bieu-mau/supplement.pdf?so={issued.pk}&in=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert client.get(dossier.get_absolute_url() + "bieu-mau/supplement.pdf?so=999999").status_code == 302
    assert client.get(dossier.get_absolute_url() + "bieu-mau/supplement.pdf?so=²").status_code == 302


def test_a_2018_form_is_a5_and_a_2025_form_a4(officer_a, agency_a, procedure_a):
    old = receive(officer_a, agency_a, procedure_a, at(2025, 6, 30, 9))
    new = receive(officer_a, agency_a, procedure_a, at(2025, 7, 1, 9))
    for dossier, size in ((old, (148, 210)), (new, (210, 297))):
        paper = paperwork.build(dossier, FormKind.RECEIPT)
        assert nd30.page_size_mm(paper.render("docx")) == size
        assert nd30.page_size_mm(paper.render("pdf")) == size
    assert (date(2025, 6, 30) + timedelta(days=1)) == FORM_SETS[0].valid_from


# --- the tracking book --------------------------------------------------------------------------------


def _sheets(content: bytes) -> dict:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def _heads(rows) -> list[str]:
    """The column titles: a title without a group is merged over both header rows."""
    return [name or group for group, name in zip(rows[7], rows[8], strict=True)]


def test_the_tracking_book_has_each_set_s_columns_title_agency_and_period(
    client, officer_a, secretary_a, staff_a, agency_a, unit_a, procedure_a
):
    process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None)])
    cal = services.calendar_for(agency_a)
    old = receive(officer_a, agency_a, procedure_a, at(2025, 6, 30, 9), sets=2)
    step_through(old, [staff_a], cal, at(2025, 6, 30, 10))
    services.dossier_result_ready(dossier=old, actor=officer_a, at=at(2025, 7, 1, 9))
    services.dossier_return(dossier=old, actor=officer_a, at=at(2025, 7, 1, 10))
    receive(officer_a, agency_a, procedure_a, at(2025, 7, 1, 9))
    new = receive(officer_a, agency_a, procedure_a, at(2025, 7, 2, 9))
    client.force_login(secretary_a)
    response = client.get(reverse("dossiers:tracking_book_export"), {"tu": "01/06/2025", "den": "31/07/2025"})
    sheets = _sheets(response.content)
    old_rows, new_rows = sheets["Mẫu 06 (2018)"], sheets["Mẫu 07 (2025)"]

    heading = [row[0] for row in old_rows[:6]]
    assert heading == [
        "Mẫu số 06 - Thông tư số 01/2018/TT-VPCP",
        "UBND TỈNH HÀ TĨNH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "SỔ THEO DÕI HỒ SƠ",
        "Quyển số 01 năm 2025",
        "Từ ngày 01/06/2025 đến ngày 30/06/2025",
    ]
    assert new_rows[0][0] == "Mẫu số 07 - Thông tư số 03/2025/TT-VPCP"
    assert new_rows[5][0] == "Từ ngày 01/07/2025 đến ngày 31/07/2025"

    old_heads = _heads(old_rows)
    assert old_heads == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
        "Ký nhận",
        "Ghi chú",
    ]
    assert old_rows[7][7] == "Ngày, tháng, năm"
    entry = dict(zip(old_heads, old_rows[9], strict=True))
    assert entry["STT"] == 1 and entry["Mã hồ sơ"] == old.code and entry["Số lượng hồ sơ (bộ)"] == 2
    assert entry["Cơ quan chủ trì giải quyết"] == agency_a.name
    assert entry["Chuyển hồ sơ đến cơ quan giải quyết"] == "10:00 30/06/2025"
    assert entry["Nhận kết quả từ cơ quan giải quyết"] == "09:00 01/07/2025"
    assert entry["Trả kết quả cho cá nhân, tổ chức"] == "10:00 01/07/2025"
    assert len(old_rows) == 10  # the one dossier received in June

    new_heads = _heads(new_rows)
    assert new_rows[7][6] == "Nhận và trả kết quả"
    assert new_heads[:6] == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Tên tổ chức, cá nhân",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
    ]
    assert new_heads[6:] == [
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Trả kết quả",
        "Phương thức nhận kết quả",
        "Ký nhận",
        "Ghi chú",
    ]
    assert [row[0] for row in new_rows[9:]] == [2, 3]  # the year's entry numbers: the receipts' numbers
    assert new_rows[10][1] == new.code


def test_the_book_names_another_agency_that_decides(officer_a, agency_a, agency_b, unit_a, procedure_a):
    process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None), ("Quyết định", 4, None, agency_b)])
    receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    sheets = _sheets(paperwork.tracking_book_xlsx(agency_a, date(2026, 1, 1), date(2026, 12, 31)))
    (rows,) = sheets.values()
    assert rows[9][5] == agency_b.name


def test_an_applicants_text_stays_text_in_the_book(officer_a, agency_a, procedure_a):
    import io

    from openpyxl import load_workbook

    typed = '=HYPERLINK("http://lua-dao.example","Bấm vào đây")'
    receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9), applicant_name=typed)

    content = paperwork.tracking_book_xlsx(agency_a, date(2026, 1, 1), date(2026, 12, 31))

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    name = sheet.cell(row=10, column=4)
    assert (name.value, name.data_type) == (typed, "s")
