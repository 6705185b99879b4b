"""The province publishes a template from a published process; a commune secretary adopts it in
one click, adapts a step's time and submits; the coordinator sees the commune as adapted."""

import re

import pytest
from playwright.sync_api import expect

from eiso.orgs.models import Agency
from eiso.procedures import services
from tests.browser.helpers import log_in
from tests.factories import AgencyFactory, MembershipFactory, UnitFactory
from tests.procedures.processes import leader_only_chain, new_process, procedure, publish, step_values

pytestmark = pytest.mark.browser
DURATION = re.compile(r"^Thời gian( \*)?$")  # not "Đơn vị thời gian" nor "Thời gian lưu"


@pytest.mark.django_db(transaction=True)
def test_coordinator_publishes_a_template_and_a_commune_adopts_and_adapts_it(
    page, live_server, province, agency_a, secretary_a, leader_a, coordinator
):
    birth = procedure(province, amount="1", code="1.001193")
    one_stop = UnitFactory(agency=agency_a, name="Bộ phận Một cửa")
    leader_only_chain(agency_a, secretary_a)
    source = new_process(
        agency_a,
        secretary_a,
        [birth],
        code="QT.HT.01",
        steps=[
            step_values("Tiếp nhận hồ sơ", "1", "working_hours", unit=one_stop),
            step_values("Thẩm định, dự thảo", "4", "working_hours"),
            step_values("Trả kết quả", "1", "working_hours", unit=one_stop),
        ],
    )
    publish(services.open_version(source), secretary_a, leader_a)
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Lạc")
    UnitFactory(agency=commune, name="Bộ phận Một cửa")
    MembershipFactory(agency=commune, role="secretary", user__username="thuky_xa")

    # The coordinator publishes the process as the template for every commune.
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_label("Áp dụng cho").select_option(label="UBND cấp xã (xã, phường, đặc khu)")
    page.get_by_role("button", name="Ban hành quy trình mẫu").click()
    expect(page.get_by_text("Đã ban hành quy trình mẫu QT.HT.01")).to_be_visible()
    coverage = page.get_by_test_id("coverage")
    expect(coverage.get_by_role("row", name="UBND xã Thạch Lạc")).to_contain_text("Chưa áp dụng")
    template_url = page.url

    # The commune's secretary adopts it in one click and shortens the appraisal.
    page.context.clear_cookies()
    log_in(page, live_server, "thuky_xa")
    page.get_by_role("link", name="Quy trình ISO").first.click()
    page.get_by_role("link", name="Quy trình mẫu của tỉnh").first.click()
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.get_by_text("Đã tạo quy trình QT.HT.01 từ mẫu")).to_be_visible()
    expect(page.get_by_test_id("step-row")).to_have_count(3)
    expect(page.get_by_test_id("step-row").first).to_contain_text("Bộ phận Một cửa")
    expect(page.get_by_test_id("time-check")).to_contain_text("còn dư 1,5 giờ làm việc")
    page.get_by_role("link", name="Sửa bước B2").click()
    page.get_by_label(DURATION).fill("3")
    page.get_by_role("button", name="Lưu bước").click()
    expect(page.get_by_test_id("time-check")).to_contain_text("còn dư 2,5 giờ làm việc")
    expect(page.get_by_text("Thời gian: 4 giờ làm việc → 3 giờ làm việc")).to_be_visible()
    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.get_by_text("Đã trình duyệt")).to_be_visible()
    expect(page.get_by_test_id("version-status")).to_contain_text("Đang trình duyệt")

    # The coordinator sees the commune as having adapted the template.
    page.context.clear_cookies()
    log_in(page, live_server, "coordinator")
    page.goto(template_url)
    expect(coverage.get_by_role("row", name="UBND xã Thạch Lạc")).to_contain_text("Áp dụng có điều chỉnh")
