"""The steering member opens the province's dashboard from the oversight tabs, picks last year and
reads the figures under the charts, which are drawn."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eiso.oversight import services
from eiso.oversight.models import Inspection
from tests.browser.helpers import log_in
from tests.oversight.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    InspectionFactory,
    InspectionPlanFactory,
)

pytestmark = pytest.mark.browser


def _concluded_inspection(coordinator, agency, year: int) -> None:
    """A set of one group with one 10-point item; the agency scored 7.5 (75 %, band "Khá")."""
    criteria_set = CriteriaSetFactory(province=agency.province, name="Bộ tiêu chí thử")
    group = CriterionFactory(criteria_set=criteria_set, code="1", max_points=Decimal(0))
    item = CriterionFactory(criteria_set=criteria_set, parent=group, code="1.a", max_points=Decimal(10))
    inspection = InspectionFactory(
        agency=agency,
        plan=InspectionPlanFactory(province=agency.province, year=year),
        criteria_set=criteria_set,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.IN_PROGRESS,
    )
    services.inspection_score(
        inspection=inspection, criterion=item, points=Decimal("7.5"), evidence="Hồ sơ", actor=coordinator
    )
    services.inspection_conclude(
        inspection=inspection, conclusion="Đạt", minutes_signed_on=date(year, 10, 1), actor=coordinator
    )


def _charts_drawn(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas')].filter((c) => Chart.getChart(c)).map((c) => c.id)"
    )


@pytest.mark.django_db(transaction=True)
def test_steering_member_reads_the_dashboard_of_last_year(page, live_server, coordinator, steering, agency_a):
    last_year = timezone.localdate().year - 1
    _concluded_inspection(coordinator, agency_a, last_year)

    log_in(page, live_server, "steering")
    page.goto(f"{live_server.url}/oversight/")
    page.get_by_role("link", name="Biểu đồ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"năm {last_year + 1}")
    expect(page.locator("#table-stages")).to_contain_text("Chưa đăng ký kế hoạch")

    page.get_by_label("Năm", exact=True).select_option(str(last_year))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"năm {last_year}")

    bands = page.locator("#table-bands")
    expect(bands).to_contain_text("Sở, ban, ngành cấp tỉnh")
    expect(bands.locator("thead")).to_contain_text("Khá")
    expect(bands.locator("tfoot")).to_contain_text("Toàn tỉnh")
    trend = page.locator("#table-trends tbody tr").last
    expect(trend).to_contain_text(str(last_year))
    expect(trend).to_contain_text("75,0 %")  # the mean inspection score of the year
    expect(page.locator("#table-on-time")).to_contain_text("chưa có dữ liệu")
    expect(page.get_by_role("link", name="Xem bảng xếp hạng đầy đủ")).to_have_attribute(
        "href", f"/oversight/ranking/?year={last_year}"
    )
    for canvas in ("#chart-stages", "#chart-announcement", "#chart-bands", "#chart-trends"):
        expect(page.locator(canvas)).to_be_visible()
    assert set(_charts_drawn(page)) == {"chart-stages", "chart-announcement", "chart-bands", "chart-trends"}
