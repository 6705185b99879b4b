"""A citizen finds a procedure on the public portal by typing without diacritics."""

import pytest
from playwright.sync_api import expect

from eiso.procedures import demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_searches_without_diacritics_and_reads_the_procedure(page, live_server, province):
    demo.load(lambda message: None)  # the shipped Hà Tĩnh catalogue

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/tthc/")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("dang ky ket hon")
    page.get_by_role("button", name="Tìm").click()

    result = page.get_by_role("link", name="Thủ tục đăng ký kết hôn").first
    expect(result).to_be_visible()
    expect(page.get_by_text("Thủ tục đăng ký khai sinh")).to_have_count(0)
    result.click()

    expect(page.get_by_role("heading", name="Thủ tục đăng ký kết hôn")).to_be_visible()
    expect(page.get_by_text("Giấy tờ cần mang")).to_be_visible()
    expect(page.get_by_text("Tờ khai đăng ký kết hôn").first).to_be_visible()
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập")).to_have_count(0)
