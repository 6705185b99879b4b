"""In a browser: the secretary opens the agency's Bộ chỉ số 766 page and sees the total and the groups
drawn; the one-stop officer types part of a procedure's name and is offered only the procedures the
agency is competent for."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.quality import services as quality_services
from tests.browser.helpers import log_in
from tests.dossiers.factories import procedure_for
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretary_opens_the_766_page_and_sees_the_total_and_the_groups(
    page, live_server, secretary_a, agency_a
):
    year = timezone.localdate().year
    for code, numerator, denominator in (("1.1", 9, 10), ("1.4", 10, 10), ("4.1", 7, 10)):
        quality_services.index_entry_set(
            agency=agency_a,
            indicator=code,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            numerator=numerator,
            denominator=denominator,
            actor=secretary_a,
        )

    log_in(page, live_server, "secretary_a")
    page.get_by_role("link", name="Chất lượng").first.click()
    page.get_by_role("link", name="Bộ chỉ số 766").click()

    expect(page.get_by_role("heading", name="Bộ chỉ số 766 — Sở Khoa học và Công nghệ")).to_be_visible()
    # 1.1: 6 × 90 % = 5,40; 1.4: 6; 4.1: 6 × 70 % = 4,20 → 15,60 earned. Nothing measured arises
    # (no dossier, feedback or competent procedure): 46 points left out → 15,60 × 100 / 54 = 28,89.
    expect(page.locator("#index-766-total")).to_have_text("28,89")
    groups = page.locator("#index-766-groups tbody tr")
    expect(groups).to_have_count(6)
    expect(groups.nth(0)).to_contain_text("Công khai, minh bạch")
    expect(groups.nth(0)).to_contain_text("11,40")
    expect(groups.nth(5)).to_contain_text("Số hóa hồ sơ")
    drawn = page.evaluate("() => !!(window.Chart && Chart.getChart(document.getElementById('chart-766')))")
    assert drawn
    expect(page.locator('tr[data-indicator="4.4"]')).to_contain_text("Chưa nhập số liệu: 0 điểm")
    with page.expect_download() as download:
        page.locator("#index-766-export").click()
    assert download.value.suggested_filename.startswith("bo-chi-so-766-co-quan-")


@pytest.mark.django_db(transaction=True)
def test_officer_types_part_of_a_name_and_gets_only_competent_procedures(
    page, live_server, officer_a, agency_a
):
    record = procedure_for(agency_a, code="2.000488")  # on agency A's competence list
    record.current_version.name = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    record.current_version.save(update_fields=["name"])
    notary = procedure_for(agency_a, code="1.001071")
    notary.current_version.name = "Đăng ký hành nghề và cấp Thẻ công chứng viên"
    notary.current_version.save(update_fields=["name"])
    for code, name in (("1.004194", "Đăng ký tạm trú"), ("1.004222", "Đăng ký thường trú")):
        ProcedureFactory(province=agency_a.province, code=code, current__name=name)  # not A's

    log_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}/dossiers/tiep-nhan/")
    search = page.get_by_placeholder("Gõ tên hoặc mã thủ tục", exact=False)
    listbox = page.locator("#id_procedure_pick")
    expect(listbox.locator("option:not([hidden])")).to_have_count(2)

    search.fill("dang ky")  # no accents: A's "Đăng ký hành nghề…", none of the police's "Đăng ký…"
    visible = listbox.locator("option:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("1.001071")
    search.fill("tạm trú")
    expect(listbox.locator("option:not([hidden])")).to_have_count(0)
    expect(page.get_by_text("Không có kết quả phù hợp")).to_be_visible()

    search.fill("ly lich")
    expect(listbox.locator("option:not([hidden])")).to_have_count(1)
    search.press("Enter")
    expect(page.get_by_label("Họ tên người nộp")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam")
    ).to_be_visible()
