"""The province's view of the editions (issue 21, item 2): the registry's column and the chart of
transition states count the same agencies, and Mẫu 21 cites the inspected agency's edition."""

from datetime import date

import pytest
from django.urls import reverse

from eiso.orgs.models import EditionTransition
from eiso.oversight import paperwork, selectors
from eiso.oversight.models import Inspection, PlanEntry
from tests.factories import AgencyFactory
from tests.orgs.factories import EditionTransitionFactory, current, newer
from tests.oversight.factories import InspectionFactory, InspectionPlanFactory, PlanEntryFactory

pytestmark = pytest.mark.django_db


def test_the_transition_chart_counts_equal_the_registry(client, coordinator, province, agency_a, agency_b):
    EditionTransitionFactory(agency=agency_a)
    done = AgencyFactory(province=province)
    EditionTransitionFactory(
        agency=done, status=EditionTransition.Status.COMPLETED, completed_on=date(2027, 1, 5)
    )
    statuses = selectors.registry(user=coordinator, province=province, year=2026, today=date(2026, 11, 1))
    charts = selectors.registry_charts(statuses)
    column = [status.transition.label for status in statuses]
    counted = dict(zip(charts["transitions"]["labels"], charts["transitions"]["values"], strict=True))
    assert counted == {label: column.count(label) for label in counted}
    assert counted == {"Chưa chuyển đổi": 1, "Đang chuyển đổi": 1, "Đã chuyển đổi": 1}

    client.force_login(coordinator)
    page = client.get(reverse("oversight:registry")).content.decode()
    assert page.count('data-transition="in_progress"') == 1 and 'data-testid="transition-counts"' in page


def test_the_minutes_cite_the_agency_edition_and_follow_a_change(province, agency_a):
    plan = InspectionPlanFactory(province=province, year=2026)
    inspection = InspectionFactory(
        plan=plan,
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.IN_PROGRESS,
        inspected_on=date(2026, 10, 9),
    )

    def text() -> str:
        paper = paperwork.inspection_minutes(inspection, today=date(2026, 10, 20))
        return " ".join(str(getattr(block, "text", block)) for block in paper.body)

    assert current().citation in text()
    agency_a.edition = newer()
    agency_a.save(update_fields=["edition"])
    inspection.agency.refresh_from_db()
    assert newer().citation in text()


def test_the_six_month_report_counts_the_moves_as_they_stood_on_its_last_day(
    coordinator, province, agency_a, agency_b
):
    from eiso.oversight import reporting
    from eiso.oversight.models import Report
    from tests.oversight.factories import ReportFactory

    EditionTransitionFactory(
        agency=agency_a,
        started_on=date(2026, 3, 1),
        status=EditionTransition.Status.COMPLETED,
        completed_on=date(2026, 9, 1),
    )
    EditionTransitionFactory(agency=agency_b, started_on=date(2026, 8, 1))
    report = ReportFactory(province=province, year=2026, kind=Report.Kind.SIX_MONTH, half=1)
    figures = reporting.compute_figures(report=report, user=coordinator, today=date(2026, 12, 1))
    # On 30/06/2026 agency A was still moving (completed in September); B had not started.
    assert figures["editions"] == {"Chưa chuyển đổi": 1, "Đang chuyển đổi": 1, "Đã chuyển đổi": 0}


def test_a_conversion_in_the_rollout_plan_shows_the_agencys_transition(client, coordinator, agency_a):
    EditionTransitionFactory(agency=agency_a, started_on=date(2026, 7, 1), target_on=date(2029, 7, 2))
    conversion = PlanEntryFactory(agency=agency_a, track=PlanEntry.Track.CONVERT)
    client.force_login(coordinator)

    page = client.get(conversion.get_absolute_url()).content.decode()

    assert 'data-testid="entry-transition"' in page
    assert "Đang chuyển đổi" in page and "bắt đầu 01/07/2026, hạn 02/07/2029" in page
    assert reverse("improvement:transition_gap", args=[agency_a.pk]) in page
    maintenance = PlanEntryFactory(agency=AgencyFactory(province=agency_a.province), plan=conversion.plan)
    assert 'data-testid="entry-transition"' not in client.get(maintenance.get_absolute_url()).content.decode()
