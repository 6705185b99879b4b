import pytest
from django.urls import reverse

from eiso.oversight.models import BudgetLine, TrainingSession
from tests.oversight.factories import BudgetLineFactory, TrainingAttendanceFactory, TrainingSessionFactory


@pytest.mark.parametrize("who", ["coordinator", "steering", "sysadmin"])
def test_provincial_roles_read_the_budget_and_training_pages(who, request, client, agency_a, province):
    BudgetLineFactory(agency=agency_a, planned=150_000_000, approved=150_000_000, spent=0)
    session = TrainingSessionFactory(province=province)
    TrainingAttendanceFactory(session=session, agency=agency_a)
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("oversight:budget_list") + "?year=2026")
    assert page.status_code == 200 and "150.000.000 đ" in page.content.decode()
    assert client.get(reverse("oversight:training_list")).status_code == 200
    assert client.get(session.get_absolute_url()).status_code == 200
    detail = client.get(
        reverse("oversight:agency_detail", args=[agency_a.pk]) + "?year=2026"
    ).content.decode()
    assert "150.000.000 đ" in detail and "1 người trong năm 2026" in detail


def test_steering_member_cannot_write(client, steering, agency_a, province):
    client.force_login(steering)
    response = client.post(
        reverse("oversight:budget_list"),
        {"agency": agency_a.pk, "year": 2026, "purpose": "eiso", "planned": "1", "approved": "1"},
    )
    assert response.status_code == 403
    response = client.post(reverse("oversight:training_list"), {"topic": "x", "held_on": "05/05/2026"})
    assert response.status_code == 403
    assert not BudgetLine.objects.exists() and not TrainingSession.objects.exists()


def test_coordinator_sees_the_vietnamese_error_for_a_bad_amount(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("oversight:budget_list"),
        {"agency": agency_a.pk, "year": 2026, "purpose": "eiso", "planned": "100.000", "approved": "200.000"},
    )
    assert response.status_code == 200
    assert "không được lớn hơn dự toán" in response.content.decode()
    response = client.post(
        reverse("oversight:budget_list"),
        {"agency": agency_a.pk, "year": 2026, "purpose": "eiso", "planned": "abc"},
    )
    assert "Số tiền phải là số nguyên" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_agency_secretary_records_the_spending_of_its_own_line(client, secretary_a, agency_a):
    line = BudgetLineFactory(agency=agency_a)
    client.force_login(secretary_a)
    response = client.post(line.get_absolute_url(), {"spent": "12.500.000", "note": ""})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.spent == 12_500_000


def test_agency_staff_cannot_open_the_budget_pages(client, staff_a, agency_a):
    client.force_login(staff_a)
    assert client.get(reverse("oversight:budget_list")).status_code == 403
    line = BudgetLineFactory(agency=agency_a)
    assert client.post(line.get_absolute_url(), {"spent": "1"}).status_code == 403
