"""Statistics against a hand-counted fixture (period 01/03/2026–31/03/2026, procedure of
3 working days). Expected figures, counted by hand from dossier-events.md:

D1 received 02/03, result 03/03 (due 05/03)            early
D2 received 02/03, result 05/03 16:00                    on time
D3 received 02/03, result 06/03                          late, no apology
D4 received 02/03, extended 03/03, result 09/03          late with apology
D5 received 02/03, supplement, completed 03/03, result 06/03 (new due 06/03)   on time, supplement
D6 received 02/03, refused 02/03                         early (ended before the due date), refused
D7 received 30/03                                        pending, not overdue (due 02/04)
D8 received 02/03, open                                   pending, overdue
D9 received 27/02, result 03/03 (due 04/03)              early; not received in the period
D10 received 02/03, result 02/04                         pending and overdue at 31/03

received 9, resolved 7, early 3, on time 2, late 2, pending 3, overdue 2,
on-time rate 5/7 = 71.43, supplements 1, refused 1, extended 1, late without apology 1.
"""

from datetime import date
from decimal import Decimal

import pytest

from eiso.dossiers import selectors, services
from eiso.dossiers.models import Channel, Rating
from tests.dossiers.factories import at

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 1), date(2026, 3, 31)


def receive(officer, agency, procedure, when):
    return services.dossier_receive(
        agency=agency,
        procedure=procedure,
        actor=officer,
        received_at=when,
        applicant_name="Lê Văn Cường",
        applicant_phone="0987654321",
        channel=Channel.DIRECT,
        components=[1, 2],
    )


@pytest.fixture
def march(officer_a, agency_a, procedure_a):
    o, a, p = officer_a, agency_a, procedure_a

    def result(dossier, when):
        dossier.refresh_from_db()
        services.dossier_result_ready(dossier=dossier, actor=o, at=when)

    d = {n: receive(o, a, p, at(2026, 3, 2, 9)) for n in (1, 2, 3, 4, 5, 6, 8, 10)}
    d[7] = receive(o, a, p, at(2026, 3, 30, 9))
    d[9] = receive(o, a, p, at(2026, 2, 27, 9))
    result(d[1], at(2026, 3, 3, 10))
    result(d[2], at(2026, 3, 5, 16))
    result(d[3], at(2026, 3, 6, 9))
    services.dossier_extend(
        dossier=d[4], new_appointment=at(2026, 3, 10, 17), reason="Chờ ý kiến", actor=o, at=at(2026, 3, 3, 9)
    )
    result(d[4], at(2026, 3, 9, 9))
    services.supplement_request(dossier=d[5], items="Tờ khai", actor=o, at=at(2026, 3, 2, 10))
    services.supplement_complete(dossier=d[5], actor=o, at=at(2026, 3, 3, 9))
    result(d[5], at(2026, 3, 6, 9))
    services.dossier_refuse(dossier=d[6], reason="Không thuộc thẩm quyền", actor=o, at=at(2026, 3, 2, 11))
    result(d[9], at(2026, 3, 3, 9))
    result(d[10], at(2026, 4, 2, 9))
    return d


EXPECTED = {
    "received": 9,
    "resolved": 7,
    "early": 3,
    "on_time": 2,
    "late": 2,
    "pending": 3,
    "overdue": 2,
    "awaiting_supplement": 0,
    "on_time_rate": Decimal("71.43"),
    "supplements": 1,
    "refused": 1,
    "extended": 1,
    "late_without_apology": 1,
    "stopped": 0,
    "closed": 0,
}


def test_stats_match_the_hand_count(march, agency_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        row = selectors.dossier_stats(agencies=agency_a, start=START, end=END)
    assert {key: row[key] for key in EXPECTED} == EXPECTED


def test_kpis_for_quality(march, agency_a):
    assert selectors.kpi_on_time_rate(agency=agency_a, start=START, end=END).value == Decimal("71.43")
    assert selectors.kpi_late_without_apology(agency=agency_a, start=START, end=END).value == 1
    supplement = selectors.kpi_supplement_rate(agency=agency_a, start=START, end=END)
    assert (supplement.value, supplement.figures) == (Decimal("11.11"), {"received": 9, "supplements": 1})
    average = selectors.kpi_average_processing_time(agency=agency_a, start=START, end=END)
    assert average.figures["resolved"] == 7 and average.value > 0
    empty = selectors.kpi_on_time_rate(agency=agency_a, start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert empty.value is None


def test_satisfaction_counts_ratings_of_resolved_dossiers(march, agency_a):
    good = {
        "time_score": 3,
        "agencies_contacted": 1,
        "contacts_needed": 1,
        "information_score": 3,
        "conduct_score": 3,
        "costs_score": 3,
    }
    services.rating_submit(dossier=march[1], values=good)
    services.rating_submit(dossier=march[3], values={**good, "time_score": 1, "conduct_score": 1})
    kpi = selectors.kpi_satisfaction(agency=agency_a, start=START, end=END)
    assert (kpi.value, kpi.figures) == (Decimal("50.00"), {"ratings": 2, "satisfied": 1})
    assert Rating.objects.count() == 2


def test_monthly_series_and_grouping(march, agency_a):
    months = selectors.monthly(agencies=agency_a, start=date(2026, 2, 1), end=END)
    assert [(m["month"].month, m["received"], m["early"], m["on_time"], m["late"]) for m in months] == [
        (2, 1, 0, 0, 0),
        (3, 9, 3, 2, 2),
    ]
    by_procedure = selectors.stats_by(agencies=[agency_a.pk], start=START, end=END, by="procedure")
    assert len(by_procedure) == 1 and by_procedure[0]["resolved"] == 7


def test_api_answers_as_the_contract_says(march, client, secretary_a, agency_a, staff_b):
    client.force_login(secretary_a)
    url = f"/api/v1/stats/dossiers?agency={agency_a.identifier_code}&from=2026-03-01&to=2026-03-31"
    answer = client.get(url).json()
    assert answer == {**EXPECTED, "on_time_rate": 71.43}
    assert client.get(url + "&procedure=1.001193").json()["received"] == 9
    assert (
        client.get(
            "/api/v1/stats/dossiers?from=2026-03-31&to=2026-03-01&agency=" + agency_a.identifier_code
        ).status_code
        == 400
    )
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_province_wide_stats_for_the_coordinator(march, client, coordinator, secretary_a):
    client.force_login(coordinator)
    assert client.get("/api/v1/stats/dossiers?from=2026-03-01&to=2026-03-31").json()["received"] == 9
    client.force_login(secretary_a)
    assert client.get("/api/v1/stats/dossiers?from=2026-03-01&to=2026-03-31").status_code == 403


def test_unit_scope_counts_dossiers_that_passed_through_the_unit(march, agency_a, unit_a, officer_a, staff_a):
    from tests.dossiers.factories import procedure_for, process_for

    other = procedure_for(agency_a, code="2.000001")
    process_for(agency_a, other, [("Thẩm định", 4, unit_a, None)])
    dossier = receive(officer_a, agency_a, other, at(2026, 3, 9, 9))
    services.step_start(step=dossier.steps.get(), actor=staff_a, at=at(2026, 3, 9, 9))
    row = selectors.dossier_stats(agencies=agency_a, start=START, end=END, unit=unit_a)
    assert (row["received"], row["pending"]) == (1, 1)
    assert (
        selectors.kpi_on_time_rate(agency=agency_a, start=START, end=END, procedure=other).figures["resolved"]
        == 0
    )


def test_by_unit_counts_a_dossier_once_even_with_two_steps_there(agency_a, unit_a, officer_a, staff_a):
    from tests.dossiers.factories import procedure_for, process_for

    procedure = procedure_for(agency_a, code="2.000002")
    process_for(agency_a, procedure, [("Kiểm tra", 2, unit_a, None), ("Thẩm định", 4, unit_a, None)])
    receive(officer_a, agency_a, procedure, at(2026, 3, 9, 9))
    rows = selectors.stats_by(agencies=agency_a, start=START, end=END, by="unit")
    assert [(row["unit__name"], row["received"]) for row in rows] == [(unit_a.name, 1)]
