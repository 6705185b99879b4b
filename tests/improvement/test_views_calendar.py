"""The Lịch HTQLCL page, the schedules' actions and each user's iCalendar feed (issue 21, item 4)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from eiso.core.models import AuditEntry
from eiso.improvement import calendar_reminders, services
from eiso.improvement.models import CalendarFeed, Schedule
from tests.documents.factories import DocumentFactory, LegalChangeTaskFactory
from tests.improvement.factories import ScheduleFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _feed(client, user) -> Calendar:
    feed = services.feed_generate(user=user, actor=user)
    response = client.get(reverse("improvement:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_parses_and_holds_the_users_items_only(client, secretary_a, staff_a, secretary_b):
    LegalChangeTaskFactory(
        agency=secretary_a.memberships.get().agency, due_on=TODAY - datetime.timedelta(days=3)
    )
    mine = ScheduleFactory(
        agency=staff_a.memberships.get().agency, owner=secretary_a, title="Rà soát công bố HTQLCL"
    )
    ScheduleFactory(agency=mine.agency, owner=staff_a, title="Việc của người khác")
    ScheduleFactory(
        agency=secretary_b.memberships.get().agency, owner=secretary_b, title="Việc của Sở Tư pháp"
    )
    LegalChangeTaskFactory(agency=secretary_b.memberships.get().agency, due_on=TODAY)

    calendar = _feed(client, secretary_a)

    events = calendar.walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert "Rà soát công bố HTQLCL" in summaries or "[Quá hạn] Rà soát công bố HTQLCL" in summaries
    assert any(s.startswith("[Quá hạn] Cập nhật theo") for s in summaries)
    assert not any("người khác" in s or "Sở Tư pháp" in s for s in summaries)
    descriptions = " ".join(str(event["DESCRIPTION"]) for event in events)
    assert "Sở Tư pháp" not in descriptions
    assert all(event["DTSTART"].dt.__class__ is datetime.date for event in events)
    assert len({str(event["UID"]) for event in events}) == len(events)


def test_a_wrong_token_is_404(client, secretary_a):
    feed = services.feed_generate(user=secretary_a, actor=secretary_a)
    for token in (
        f"{feed.key}.wrong",
        f"nokey.{feed.secret}",
        "garbage",
        f"{feed.key}.",
        f"{feed.key}.{feed.secret}x",
        f"{feed.key}\x00.{feed.secret}",
        "x" * 3000,
    ):
        assert client.get(reverse("improvement:calendar_feed", args=[token])).status_code == 404


def test_regenerating_revokes_the_old_link(client, secretary_a):
    old = services.feed_generate(user=secretary_a, actor=secretary_a).token
    client.force_login(secretary_a)
    response = client.post(reverse("improvement:feed_generate"))
    assert response.status_code == 302
    client.logout()
    new = CalendarFeed.objects.get(user=secretary_a).token
    assert new != old
    assert client.get(reverse("improvement:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("improvement:calendar_feed", args=[new])).status_code == 200
    assert AuditEntry.objects.filter(action="calendar_feed.generate").count() == 2


def test_the_page_shows_overdue_and_upcoming_items_with_filters(client, secretary_a, agency_a, agency_b):
    DocumentFactory(agency=agency_a, code="QT-77", next_review_on=TODAY - datetime.timedelta(days=30))
    ScheduleFactory(
        agency=agency_a,
        owner=secretary_a,
        title="Đào tạo ISO",
        next_due_on=TODAY + datetime.timedelta(days=9),
    )
    DocumentFactory(agency=agency_b, code="QT-88", next_review_on=TODAY - datetime.timedelta(days=30))
    client.force_login(secretary_a)

    page = client.get(reverse("improvement:calendar")).content.decode()
    assert "Lịch HTQLCL" in page and "QT-77" in page and "Đào tạo ISO" in page and "QT-88" not in page

    overdue_only = client.get(reverse("improvement:calendar"), {"trang_thai": "qua-han"}).content.decode()
    assert "QT-77" in overdue_only and "Đào tạo ISO</a>" not in overdue_only
    training = client.get(reverse("improvement:calendar"), {"loai": "training"}).context["upcoming"]
    assert [item.title for item in training] == ["Đào tạo ISO"]


def test_the_dashboard_card_shows_overdue_items(client, secretary_a, agency_a):
    DocumentFactory(agency=agency_a, next_review_on=TODAY - datetime.timedelta(days=30))
    client.force_login(secretary_a)
    page = client.get("/").content.decode()
    assert 'data-testid="calendar-card"' in page and "việc định kỳ HTQLCL đã quá hạn" in page


def test_the_secretary_adds_a_schedule_and_its_owner_marks_it_done(client, secretary_a, staff_a, agency_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("improvement:schedule_create"),
        {
            "kind": "announcement_check",
            "title": "Rà soát công bố HTQLCL hằng năm",
            "owner": staff_a.pk,
            "interval_months": 12,
            "next_due_on": "15/12/2026",
        },
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get(agency=agency_a)
    client.force_login(staff_a)
    client.post(reverse("improvement:schedule_complete", args=[schedule.pk]), {"done_on": "10/12/2026"})
    schedule.refresh_from_db()
    assert (schedule.last_done_on, schedule.next_due_on) == (
        datetime.date(2026, 12, 10),
        datetime.date(2027, 12, 15),
    )
    assert list(
        AuditEntry.objects.filter(target_id=str(schedule.pk)).values_list("action", flat=True).order_by("pk")
    ) == [
        "schedule.create",
        "schedule.complete",
    ]


def test_staff_cannot_add_a_schedule(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("improvement:schedule_create")).status_code == 403


def test_someone_else_cannot_mark_a_schedule_done(client, staff_a, leader_a, agency_a):
    other = ScheduleFactory(agency=agency_a, owner=leader_a)
    client.force_login(staff_a)
    assert (
        client.post(
            reverse("improvement:schedule_complete", args=[other.pk]), {"done_on": "10/12/2026"}
        ).status_code
        == 403
    )


def test_a_late_completion_restarts_the_rhythm(agency_a, secretary_a):
    schedule = ScheduleFactory(
        agency=agency_a, owner=secretary_a, interval_months=3, next_due_on=datetime.date(2026, 1, 31)
    )
    services.schedule_complete(schedule=schedule, actor=secretary_a, done_on=datetime.date(2026, 2, 10))
    assert schedule.next_due_on == datetime.date(2026, 4, 30)
    services.schedule_complete(schedule=schedule, actor=secretary_a, done_on=datetime.date(2026, 9, 1))
    assert schedule.next_due_on == datetime.date(2026, 12, 1)


def test_reminders_mail_each_owner_their_items(settings, secretary_a, staff_a, agency_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ScheduleFactory(
        agency=agency_a, owner=staff_a, title="Tập huấn ISO", next_due_on=TODAY + datetime.timedelta(days=2)
    )
    LegalChangeTaskFactory(agency=agency_a, due_on=TODAY - datetime.timedelta(days=1))
    ScheduleFactory(
        agency=agency_a, owner=staff_a, title="Còn xa", next_due_on=TODAY + datetime.timedelta(days=40)
    )
    calendar_reminders.send_calendar_reminders(today=TODAY)
    letters = {message.to[0]: message.body for message in mail.outbox}
    assert "Tập huấn ISO" in letters[staff_a.email] and "Còn xa" not in letters[staff_a.email]
    assert "Đã quá hạn: Cập nhật theo" in letters[secretary_a.email]
