"""A citizen on a phone (390 px) starts from eISO's address, finds a procedure, downloads its form and
looks up their dossier, which waits for a supplement: they see what to bring and the appointment
(issue 18, item 8)."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from eiso.dossiers import services
from eiso.dossiers.models import Channel
from eiso.procedures import demo, demo_forms
from eiso.procedures.models import Procedure
from tests.dossiers.factories import at
from tests.procedures.factories import CompetenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_dossier(settings, tmp_path, province, coordinator, agency_a, officer_a):
    """The demo catalogue with its forms, and a birth registration at agency A waiting for papers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the lookup's rate limits
    demo.load(lambda message: None)
    demo_forms.load(lambda message: None)
    procedure = Procedure.objects.get(code="1.001193")
    CompetenceFactory(agency=agency_a, procedure=procedure)
    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure,
        actor=officer_a,
        applicant_name="Võ Thị Giang",
        applicant_phone="0912 345 678",
        channel=Channel.DIRECT,
        components=[1, 2, 3],
        received_at=at(2026, 3, 2, 9),
    )
    return services.supplement_request(
        dossier=dossier,
        items="Bản sao giấy chứng sinh\nVăn bản ủy quyền có chứng thực",
        actor=officer_a,
        at=at(2026, 3, 2, 10),
    )


def test_citizen_on_a_phone_finds_a_procedure_downloads_its_form_and_looks_up_a_dossier(
    page, live_server, waiting_dossier
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")  # the address on the one-stop counter's poster
    page.get_by_role("link", name="Tra cứu thủ tục hành chính").click()

    page.get_by_label("Bạn cần làm thủ tục gì?").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").first.click()
    expect(page.get_by_role("heading", name="Thủ tục đăng ký khai sinh")).to_be_visible()

    form_link = page.get_by_role("link", name="Tải Tờ khai đăng ký khai sinh")
    form_link.scroll_into_view_if_needed()
    with page.expect_download() as download:
        form_link.click()
    assert download.value.suggested_filename == "to-khai-dang-ky-khai-sinh.docx"

    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    page.get_by_label("Mã số hồ sơ").fill(waiting_dossier.code)
    page.get_by_label("4 số cuối").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()

    supplement = page.get_by_test_id("supplement")
    expect(supplement).to_contain_text("Giấy tờ cần bổ sung, hoàn thiện")
    expect(supplement.get_by_role("listitem")).to_have_text(
        ["Bản sao giấy chứng sinh", "Văn bản ủy quyền có chứng thực"]
    )
    appointment = timezone.localtime(waiting_dossier.appointment)
    expect(page.get_by_test_id("appointment")).to_contain_text(
        f"{appointment:%H:%M} ngày {appointment:%d/%m/%Y}"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the lookup page is {width} px wide on a 390-px screen"
