"""GET /api/v1/calendar/due and the administrator's calendar page."""

from datetime import date

import pytest

from eiso.core.models import AuditEntry, CalendarDay

pytestmark = pytest.mark.django_db
DUE_URL = "/api/v1/calendar/due"


def test_due_around_tet_for_the_callers_province(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(
        DUE_URL, {"start": "2026-02-13T09:00:00+07:00", "amount": "3", "unit": "working_days"}
    )
    assert response.status_code == 200
    assert response.json()["due"] == "2026-02-25T17:00:00+07:00"


def test_due_uses_the_provinces_announced_days(client, sysadmin, province):
    client.force_login(sysadmin)
    client.post("/calendar/days/", {"date": "23/02/2026", "kind": "day_off", "name": "Nghỉ bù Tết"})
    response = client.get(
        DUE_URL, {"start": "2026-02-13T09:00:00+07:00", "amount": "3", "unit": "working_days"}
    )
    assert response.json()["due"] == "2026-02-26T17:00:00+07:00"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "13/02/2026", "amount": "3", "unit": "working_days"}, "start"),
        ({"start": "2026-02-13T09:00:00+07:00", "amount": "ba", "unit": "working_days"}, "amount"),
        ({"start": "2026-02-13T09:00:00+07:00", "amount": "-1", "unit": "working_days"}, "amount"),
        ({"start": "2026-02-13T09:00:00+07:00", "amount": "3", "unit": "weeks"}, "unit"),
        ({"amount": "3", "unit": "working_days"}, "start"),
        ({"start": "2026-02-13T09:00:00+07:00", "amount": "1.5", "unit": "days"}, "amount"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_vietnamese(client, secretary_a, params, field):
    client.force_login(secretary_a)
    response = client.get(DUE_URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Dữ liệu không hợp lệ."
    assert field in body["extra"]


def test_due_requires_login(client):
    assert client.get(DUE_URL).status_code in (401, 403)


def test_administrator_adds_and_removes_an_announced_day(client, sysadmin, province):
    client.force_login(sysadmin)
    response = client.post(
        "/calendar/days/",
        {"date": "05/01/2026", "kind": "day_off", "name": "Nghỉ bù", "legal_basis": "TB 01/TB-BNV"},
        follow=True,
    )
    assert "Đã thêm ngày 05/01/2026" in response.content.decode()
    day = CalendarDay.objects.get(date=date(2026, 1, 5))
    assert AuditEntry.objects.filter(action="calendar_day.add", target_id=str(day.pk)).exists()

    response = client.post(
        "/calendar/days/", {"date": "05/01/2026", "kind": "day_off", "name": "Lặp"}, follow=True
    )
    assert "đã có trong lịch" in response.content.decode()

    response = client.post(f"/calendar/days/{day.pk}/delete/", follow=True)
    assert not CalendarDay.objects.exists()
    assert "Đã xóa ngày 05/01/2026" in response.content.decode()


def test_a_working_day_must_be_a_day_that_was_off(client, sysadmin, province):
    client.force_login(sysadmin)
    response = client.post(
        "/calendar/days/", {"date": "06/01/2026", "kind": "working_day", "name": "x"}, follow=True
    )
    assert "vốn đã là ngày làm việc" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_the_admin_turns_a_library_holiday_into_a_working_day(client, sysadmin, province):
    # The Prime Minister fixes Tết each year: a day the library calls Tết may be worked.
    client.force_login(sysadmin)
    client.post("/calendar/days/", {"date": "20/02/2026", "kind": "working_day", "name": "Làm bù"})
    assert CalendarDay.objects.filter(date="2026-02-20", kind="working_day").exists()
    response = client.post(
        "/calendar/days/", {"date": "22/02/2026", "kind": "day_off", "name": "x"}, follow=True
    )
    assert "vốn đã là ngày nghỉ" in response.content.decode()


def test_bad_date_gives_a_vietnamese_message_and_saves_nothing(client, sysadmin, province):
    client.force_login(sysadmin)
    response = client.post(
        "/calendar/days/", {"date": "31/02/2026", "kind": "day_off", "name": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "Chưa thêm được ngày" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_office_hours_must_be_ordered(client, sysadmin, province):
    client.force_login(sysadmin)
    data = {
        "morning_start": "08:00",
        "morning_end": "07:00",
        "afternoon_start": "13:30",
        "afternoon_end": "17:00",
        "cutoff": "15:00",
    }
    response = client.post("/calendar/office-hours/", data, follow=True)
    assert "phải theo thứ tự" in response.content.decode()
    data["morning_end"] = "11:30"
    data["cutoff"] = "16:00"
    response = client.post("/calendar/office-hours/", data, follow=True)
    assert "Đã lưu giờ làm việc" in response.content.decode()
    assert province.work_calendar.cutoff.hour == 16


def test_staff_reads_the_calendar_but_may_not_change_it(client, staff_a):
    client.force_login(staff_a)
    page = client.get("/calendar/?year=2026").content.decode()
    assert "Ngày Văn hóa Việt Nam" in page and "Thêm ngày" not in page
    response = client.post("/calendar/days/", {"date": "05/01/2026", "kind": "day_off", "name": "x"})
    assert response.status_code == 403
