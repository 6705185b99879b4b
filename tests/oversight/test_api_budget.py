"""API of budget lines, training sessions and the per-agency totals (issue 8 part 8)."""

import pytest
from django.urls import reverse

from eiso.core.models import AuditEntry
from eiso.oversight.models import BudgetLine, TrainingAttendance, TrainingSession
from tests.factories import AgencyFactory
from tests.oversight.factories import BudgetLineFactory, TrainingAttendanceFactory, TrainingSessionFactory

LINES = "api:oversight-budget-line-list"
SESSIONS = "api:oversight-training-session-list"


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def _line_url(line, action="detail"):
    return reverse(f"api:oversight-budget-line-{action}", args=[line.pk])


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _new_line(agency, **overrides):
    return {
        "agency": agency.pk,
        "year": 2026,
        "purpose": "conversion",
        "planned": 150_000_000,
        "approved": 120_000_000,
        "source": "QĐ 123/QĐ-UBND",
        **overrides,
    }


@pytest.fixture
def lines(agency_a, agency_b):
    """Agency A: conversion 2026 and maintenance 2025; agency B: consultancy 2026."""
    return {
        "a_2026": BudgetLineFactory(agency=agency_a, year=2026, purpose=BudgetLine.Purpose.CONVERSION),
        "a_2025": BudgetLineFactory(agency=agency_a, year=2025, purpose=BudgetLine.Purpose.MAINTENANCE),
        "b_2026": BudgetLineFactory(agency=agency_b, year=2026, purpose=BudgetLine.Purpose.CONSULTANCY),
    }


# Budget lines: reading and filtering


def test_coordinator_lists_every_line_of_the_province_and_filters_them(client, coordinator, lines, agency_a):
    client.force_login(coordinator)
    every = _rows(client.get(reverse(LINES)))
    assert {row["id"] for row in every} == {line.pk for line in lines.values()}

    by_year = _rows(client.get(reverse(LINES), {"year": 2026}))
    assert {row["id"] for row in by_year} == {lines["a_2026"].pk, lines["b_2026"].pk}

    by_purpose = _rows(client.get(reverse(LINES), {"purpose": "consultancy"}))
    assert [row["id"] for row in by_purpose] == [lines["b_2026"].pk]

    by_agency = _rows(client.get(reverse(LINES), {"agency": agency_a.pk, "year": 2025}))
    assert [row["id"] for row in by_agency] == [lines["a_2025"].pk]


def test_a_line_shows_its_agency_purpose_label_and_amounts(client, coordinator, lines, agency_b):
    client.force_login(coordinator)
    row = client.get(_line_url(lines["b_2026"])).json()
    assert row["agency"] == agency_b.pk and row["agency_name"] == "Sở Tư pháp"
    assert row["purpose"] == "consultancy" and row["purpose_label"] == "Thuê tư vấn"
    assert (row["year"], row["planned"], row["approved"], row["spent"]) == (
        2026,
        50_000_000,
        40_000_000,
        10_000_000,
    )


@pytest.mark.parametrize(
    "params",
    [
        {"purpose": "party"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"agency": "99999999999999999999"},
        {"agency": "1.5"},
    ],
)
def test_bad_filters_are_a_400_not_a_500(client, coordinator, lines, params):
    client.force_login(coordinator)
    response = client.get(reverse(LINES), params)
    assert response.status_code == 400
    assert response.json()["message"] == "Dữ liệu không hợp lệ." and set(params) <= set(
        response.json()["extra"]
    )


def test_the_agency_filter_offers_only_visible_agencies(client, secretary_a, lines, agency_b):
    client.force_login(secretary_a)
    response = client.get(reverse(LINES), {"agency": agency_b.pk})
    assert response.status_code == 400 and "agency" in response.json()["extra"]


# Budget lines: the coordinator writes


def test_coordinator_creates_a_line_and_the_audit_trail_records_it(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = _post(client, reverse(LINES), _new_line(agency_a))
    assert response.status_code == 201, response.json()
    body = response.json()
    line = BudgetLine.objects.get(pk=body["id"])
    assert (line.agency, line.planned, line.approved, line.spent) == (agency_a, 150_000_000, 120_000_000, 0)
    assert body["agency_name"] == agency_a.name and body["purpose_label"] == "Chuyển đổi phiên bản tiêu chuẩn"
    entry = AuditEntry.objects.get(action="budget_line.create", target_id=str(line.pk))
    assert entry.agency == agency_a and entry.actor == coordinator
    assert entry.changes["approved"] == [None, 120_000_000]


def test_coordinator_updates_a_line_through_the_service(client, coordinator, lines):
    line = lines["a_2026"]
    client.force_login(coordinator)
    response = _patch(client, _line_url(line), {"planned": 60_000_000, "approved": 55_000_000})
    assert response.status_code == 200, response.json()
    assert response.json()["approved"] == 55_000_000
    line.refresh_from_db()
    assert (line.planned, line.approved) == (60_000_000, 55_000_000)
    entry = AuditEntry.objects.get(action="budget_line.update", target_id=str(line.pk))
    assert entry.changes["approved"] == [40_000_000, 55_000_000]


def test_a_line_cannot_be_moved_to_another_agency(client, coordinator, lines, agency_b):
    line = lines["a_2026"]
    client.force_login(coordinator)
    response = _patch(client, _line_url(line), {"agency": agency_b.pk})
    assert response.status_code == 400
    assert response.json()["message"] == "Dòng kinh phí không thuộc cơ quan này."
    line.refresh_from_db()
    assert line.agency_id != agency_b.pk


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"approved": 200_000_000}, "Kinh phí được duyệt không được lớn hơn dự toán.", "approved"),
        ({"planned": -1, "approved": 0}, "Dự toán không được âm.", "planned"),
        ({"spent": -5}, "Kinh phí đã chi không được âm.", "spent"),
        ({"spent": 130_000_000}, "ghi rõ lý do", "spent"),
    ],
)
def test_bad_amounts_are_refused_with_the_vietnamese_message(
    client, coordinator, agency_a, overrides, message, field
):
    client.force_login(coordinator)
    response = _post(client, reverse(LINES), _new_line(agency_a, **overrides))
    assert response.status_code == 400
    body = response.json()
    assert message in body["message"] and body["extra"]["field"] == field
    assert not BudgetLine.objects.exists()


def test_an_amount_too_large_for_the_database_is_a_400_not_a_500(client, coordinator, agency_a):
    client.force_login(coordinator)
    huge = 10**20
    response = _post(client, reverse(LINES), _new_line(agency_a, planned=huge, approved=huge))
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_an_unknown_agency_or_one_of_another_province_is_refused(client, coordinator, other_province):
    foreign = AgencyFactory(province=other_province)
    client.force_login(coordinator)
    for agency_id in (foreign.pk, 999_999):
        response = _post(client, reverse(LINES), {**_new_line(foreign), "agency": agency_id})
        assert response.status_code == 400
        body = response.json()
        assert body["message"] == "Dữ liệu không hợp lệ." and "agency" in body["extra"]
    assert not BudgetLine.objects.exists()


def test_an_unknown_purpose_is_refused_with_serializer_errors(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = _post(client, reverse(LINES), _new_line(agency_a, purpose="party"))
    assert response.status_code == 400 and "purpose" in response.json()["extra"]


# Budget lines: other roles


def test_steering_member_reads_but_cannot_write(client, steering, lines, agency_a):
    client.force_login(steering)
    assert len(_rows(client.get(reverse(LINES)))) == 3
    assert client.get(_line_url(lines["a_2026"])).status_code == 200
    created = _post(client, reverse(LINES), _new_line(agency_a))
    assert created.status_code == 403
    assert created.json()["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert _patch(client, _line_url(lines["a_2026"]), {"planned": 1}).status_code == 403
    assert _post(client, _line_url(lines["a_2026"], "spent"), {"spent": 1}).status_code == 403
    assert BudgetLine.objects.count() == 3
    lines["a_2026"].refresh_from_db()
    assert (lines["a_2026"].planned, lines["a_2026"].spent) == (50_000_000, 10_000_000)


def test_secretary_sees_only_the_agencys_lines(client, secretary_a, lines):
    client.force_login(secretary_a)
    rows = _rows(client.get(reverse(LINES)))
    assert {row["id"] for row in rows} == {lines["a_2026"].pk, lines["a_2025"].pk}
    assert client.get(_line_url(lines["b_2026"])).status_code == 404


def test_secretary_records_the_spending_of_the_agencys_line(client, secretary_a, lines):
    line = lines["a_2026"]
    client.force_login(secretary_a)
    response = _post(client, _line_url(line, "spent"), {"spent": 35_000_000})
    assert response.status_code == 200 and response.json()["spent"] == 35_000_000
    line.refresh_from_db()
    assert line.spent == 35_000_000
    entry = AuditEntry.objects.get(action="budget_line.record_spent", target_id=str(line.pk))
    assert entry.actor == secretary_a and entry.changes["spent"] == [10_000_000, 35_000_000]


def test_spending_over_the_approved_amount_needs_a_note(client, secretary_a, lines):
    line = lines["a_2026"]
    client.force_login(secretary_a)
    refused = _post(client, _line_url(line, "spent"), {"spent": 45_000_000})
    assert refused.status_code == 400
    assert "vượt kinh phí được duyệt" in refused.json()["message"]
    accepted = _post(
        client, _line_url(line, "spent"), {"spent": 45_000_000, "note": "Bổ sung theo QĐ 45/QĐ-UBND"}
    )
    assert accepted.status_code == 200 and accepted.json()["note"] == "Bổ sung theo QĐ 45/QĐ-UBND"


def test_secretary_cannot_create_or_edit_lines(client, secretary_a, lines, agency_a):
    client.force_login(secretary_a)
    assert _post(client, reverse(LINES), _new_line(agency_a)).status_code == 403
    assert _patch(client, _line_url(lines["a_2026"]), {"approved": 1}).status_code == 403
    # The role is checked before the input: a wrong role is 403 whatever it sends.
    assert _post(client, reverse(LINES), _new_line(agency_a, approved=10**9)).status_code == 403
    assert _patch(client, _line_url(lines["a_2026"]), {"approved": -1}).status_code == 403
    assert BudgetLine.objects.count() == 3


@pytest.mark.parametrize("who", ["staff_a", "auditor_a"])
def test_other_agency_staff_cannot_record_the_spending(who, request, client, lines):
    client.force_login(request.getfixturevalue(who))
    assert _post(client, _line_url(lines["a_2026"], "spent"), {"spent": 1}).status_code == 403


def test_secretary_of_another_agency_gets_404_on_the_spending(client, secretary_b, lines):
    client.force_login(secretary_b)
    assert _post(client, _line_url(lines["a_2026"], "spent"), {"spent": 1}).status_code == 404


def test_coordinator_of_another_province_sees_nothing(client, other_coordinator, lines):
    line = lines["a_2026"]
    client.force_login(other_coordinator)
    assert _rows(client.get(reverse(LINES))) == []
    assert client.get(_line_url(line)).status_code == 404
    assert _patch(client, _line_url(line), {"planned": 1}).status_code == 404
    assert _post(client, _line_url(line, "spent"), {"spent": 1}).status_code == 404
    line.refresh_from_db()
    assert (line.planned, line.spent) == (50_000_000, 10_000_000)


# Per-agency totals


def test_budget_summary_gives_each_agencys_totals_and_trained_staff(client, coordinator, lines, agency_a):
    BudgetLineFactory(agency=agency_a, year=2026, planned=30_000_000, approved=20_000_000, spent=5_000_000)
    TrainingAttendanceFactory(agency=agency_a, person_name="Trần Thị Lan", session__held_on="2026-03-03")
    TrainingAttendanceFactory(agency=agency_a, person_name="trần thị lan", session__held_on="2026-09-09")
    client.force_login(coordinator)
    response = client.get(reverse("api:oversight-budget-summary"), {"year": 2026})
    assert response.status_code == 200
    rows = {row["agency"]: row for row in response.json()}
    assert rows["Sở Khoa học và Công nghệ"] == {
        "agency_id": agency_a.pk,
        "agency": "Sở Khoa học và Công nghệ",
        "planned": 80_000_000,
        "approved": 60_000_000,
        "spent": 15_000_000,
        "trained": 1,
    }
    assert rows["Sở Tư pháp"]["planned"] == 50_000_000 and rows["Sở Tư pháp"]["trained"] == 0


def test_budget_summary_is_for_provincial_roles_only(client, secretary_a, lines):
    client.force_login(secretary_a)
    assert client.get(reverse("api:oversight-budget-summary")).status_code == 403


@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999"])
def test_budget_summary_refuses_a_year_no_date_can_have(client, coordinator, lines, year):
    client.force_login(coordinator)
    response = client.get(reverse("api:oversight-budget-summary"), {"year": year})
    assert response.status_code == 400 and response.json()["message"].startswith("Năm không hợp lệ")


# Training sessions


def test_coordinator_creates_a_session_adds_an_attendee_and_reads_it_back(client, coordinator, agency_a):
    client.force_login(coordinator)
    created = _post(
        client,
        reverse(SESSIONS),
        {"topic": "Tập huấn chuyển đổi ISO 9001:2015", "held_on": "2026-05-05", "trainer": "TS. Lê Văn B"},
    )
    assert created.status_code == 201, created.json()
    session = TrainingSession.objects.get(pk=created.json()["id"])
    assert created.json()["attendees"] == []
    assert AuditEntry.objects.filter(action="training_session.create", target_id=str(session.pk)).exists()

    url = reverse("api:oversight-training-session-attendees", args=[session.pk])
    added = _post(
        client,
        url,
        {
            "agency": agency_a.pk,
            "person_name": "  Trần  Thị Lan ",
            "position": "Chuyên viên",
            "has_certificate": True,
        },
    )
    assert added.status_code == 201, added.json()
    assert added.json()["person_name"] == "Trần Thị Lan"
    again = _post(client, url, {"agency": agency_a.pk, "person_name": "trần thị lan"})
    assert again.status_code == 400 and again.json()["message"] == "Học viên này đã có trong danh sách lớp."

    detail = client.get(reverse("api:oversight-training-session-detail", args=[session.pk])).json()
    assert detail["attendee_count"] == 1
    assert detail["attendees"] == [
        {
            "id": TrainingAttendance.objects.get().pk,
            "agency": agency_a.pk,
            "agency_name": agency_a.name,
            "person_name": "Trần Thị Lan",
            "position": "Chuyên viên",
            "has_certificate": True,
        }
    ]


def test_sessions_are_listed_newest_first_by_year_with_their_attendee_count(
    client, coordinator, province, agency_a
):
    april = TrainingSessionFactory(province=province, held_on="2026-04-15")
    TrainingSessionFactory(province=province, held_on="2025-04-15")
    october = TrainingSessionFactory(province=province, held_on="2026-10-01")
    TrainingAttendanceFactory(agency=agency_a, session=april)
    client.force_login(coordinator)
    rows = _rows(client.get(reverse(SESSIONS), {"year": 2026}))
    assert [(row["id"], row["attendee_count"]) for row in rows] == [(october.pk, 0), (april.pk, 1)]
    assert client.get(reverse(SESSIONS), {"year": "99999999999999999999"}).status_code == 400


def test_a_blank_topic_is_refused_in_vietnamese(client, coordinator):
    client.force_login(coordinator)
    response = _post(client, reverse(SESSIONS), {"topic": " ", "held_on": "2026-05-05"})
    assert response.status_code == 400
    assert response.json()["message"] == "Hãy nhập chủ đề lớp đào tạo."
    assert not TrainingSession.objects.exists()


def test_an_attendee_of_another_provinces_agency_is_refused(client, coordinator, province, other_province):
    session = TrainingSessionFactory(province=province)
    foreign = AgencyFactory(province=other_province)
    client.force_login(coordinator)
    response = _post(
        client,
        reverse("api:oversight-training-session-attendees", args=[session.pk]),
        {"agency": foreign.pk, "person_name": "Nguyễn Văn A"},
    )
    assert response.status_code == 400 and "agency" in response.json()["extra"]
    assert not TrainingAttendance.objects.exists()


def test_steering_member_reads_sessions_but_cannot_write(client, steering, province, agency_a):
    session = TrainingSessionFactory(province=province)
    client.force_login(steering)
    assert client.get(reverse("api:oversight-training-session-detail", args=[session.pk])).status_code == 200
    assert _post(client, reverse(SESSIONS), {"topic": "X", "held_on": "2026-05-05"}).status_code == 403
    added = _post(
        client,
        reverse("api:oversight-training-session-attendees", args=[session.pk]),
        {"agency": agency_a.pk, "person_name": "Nguyễn Văn A"},
    )
    assert added.status_code == 403
    assert TrainingSession.objects.count() == 1 and not TrainingAttendance.objects.exists()


def test_agency_users_see_no_sessions_and_cannot_create_one(client, secretary_a, province):
    session = TrainingSessionFactory(province=province)
    client.force_login(secretary_a)
    assert _rows(client.get(reverse(SESSIONS))) == []
    assert client.get(reverse("api:oversight-training-session-detail", args=[session.pk])).status_code == 404
    assert _post(client, reverse(SESSIONS), {"topic": "X", "held_on": "2026-05-05"}).status_code == 403


def test_coordinator_of_another_province_gets_404_on_a_session(client, other_coordinator, province, agency_a):
    session = TrainingSessionFactory(province=province)
    client.force_login(other_coordinator)
    assert client.get(reverse("api:oversight-training-session-detail", args=[session.pk])).status_code == 404
    added = _post(
        client,
        reverse("api:oversight-training-session-attendees", args=[session.pk]),
        {"agency": agency_a.pk, "person_name": "Nguyễn Văn A"},
    )
    assert added.status_code == 404
    assert not TrainingAttendance.objects.exists()
