"""The ISO secretary prints the one-stop forms of a dossier from its page: the receipt, the
supplement request and the apology each carry their own number, the date of their event and the
signature blocks of their form (issue 17)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from eiso.core import nd30
from eiso.dossiers import services
from eiso.dossiers.models import Channel, FormKind, IssuedForm
from tests.browser.helpers import log_in
from tests.dossiers.factories import at, procedure_for

pytestmark = pytest.mark.browser


def _pdf_lines(page, kind: str) -> list[str]:
    with page.expect_download() as download:
        page.locator(f'li[data-form="{kind}"]').get_by_role("link", name="PDF").click()
    with open(download.value.path(), "rb") as handle:
        return nd30.pdf_lines(handle.read())


@pytest.mark.django_db(transaction=True)
def test_secretary_prints_a_receipt_a_supplement_request_and_an_apology(
    page, live_server, officer_a, secretary_a, agency_a
):
    procedure = procedure_for(agency_a, code="1.001193")
    cal = services.calendar_for(agency_a)
    # Two earlier receptions, so that this dossier's receipt is not number 01 by chance.
    for hour in (8, 9):
        services.dossier_receive(
            agency=agency_a,
            procedure=procedure,
            actor=officer_a,
            applicant_name="Người nộp trước",
            channel=Channel.DIRECT,
            components=[1, 2],
            received_at=at(2026, 3, 2, hour),
        )
    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure,
        actor=officer_a,
        applicant_name="Trần Thị Bình",
        applicant_phone="0987654321",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=at(2026, 3, 2, 10),
    )
    services.supplement_request(dossier=dossier, items="Bản sao CCCD", actor=officer_a, at=at(2026, 3, 3, 9))
    dossier.refresh_from_db()
    services.supplement_complete(dossier=dossier, actor=officer_a, at=at(2026, 3, 4, 9))
    dossier.refresh_from_db()
    services.dossier_extend(
        dossier=dossier,
        new_appointment=cal.close_of(date(2026, 3, 16)),
        reason="Chờ kết quả xác minh",
        actor=officer_a,
        at=at(2026, 3, 5, 9),
    )
    issued = {row.kind: row.number for row in IssuedForm.objects.filter(dossier=dossier)}
    assert issued[FormKind.RECEIPT] == "03/GTN-SKHCN"
    assert issued[FormKind.SUPPLEMENT] == "01/PBS-SKHCN" and issued[FormKind.APOLOGY] == "01/PXL-SKHCN"

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    expect(page.locator('li[data-form="apology"]')).to_contain_text("Số 01/PXL-SKHCN, ngày 05/03/2026")

    receipt = _pdf_lines(page, "receipt")
    assert "Số: 03/GTN-SKHCN" in receipt
    assert "Hà Tĩnh, ngày 02 tháng 3 năm 2026" in receipt
    assert {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Thị Bình", officer_a.get_full_name()} <= set(
        receipt
    )

    supplement = _pdf_lines(page, "supplement")
    assert "Số: 01/PBS-SKHCN" in supplement
    assert "Hà Tĩnh, ngày 03 tháng 3 năm 2026" in supplement
    assert {"NGƯỜI HƯỚNG DẪN", officer_a.get_full_name()} <= set(supplement)

    apology = _pdf_lines(page, "apology")
    assert "Số: 01/PXL-SKHCN" in apology
    assert "Hà Tĩnh, ngày 05 tháng 3 năm 2026" in apology
    assert {"Kính gửi: Trần Thị Bình", "GIÁM ĐỐC", "Nơi nhận:"} <= set(apology)
