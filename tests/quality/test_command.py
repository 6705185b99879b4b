from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.quality.factories import ActionFactory, QualityObjectiveFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_recalculate_indicators_computes_open_periods(agency_a, agency_b):
    objective = QualityObjectiveFactory(
        agency=agency_a, source="feedback_received", measure_unit="số lượng", target=5, comparison="le"
    )
    QualityObjectiveFactory(agency=agency_b, source="feedback_received", measure_unit="số lượng", target=5)
    out = StringIO()
    call_command(
        "recalculate_indicators", "--today=2026-05-10", f"--agency={agency_a.identifier_code}", stdout=out
    )
    assert "Đã tính 2 giá trị chỉ số." in out.getvalue()
    assert [value.label for value in objective.values.order_by("period_start")] == [
        "Quý 1/2026",
        "Quý 2/2026",
    ]
    assert objective.values.get(period_start=date(2026, 1, 1)).is_final


def test_an_unknown_agency_is_an_error():
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("recalculate_indicators", "--agency=khong-co")


def test_action_reminders_go_to_owners_of_actions_due_soon_once_a_week(agency_a, staff_a, mailoutbox):
    risk = RiskFactory(agency=agency_a)
    due_soon = ActionFactory(risk=risk, owner=staff_a, due_on=date(2026, 6, 12), title="Bổ sung cán bộ")
    ActionFactory(risk=risk, owner=staff_a, due_on=date(2026, 6, 30))  # not yet
    ActionFactory(
        risk=risk, owner=staff_a, due_on=date(2026, 6, 1), status="done", completed_on=date(2026, 5, 30)
    )
    ActionFactory(risk=risk, owner=None, due_on=date(2026, 6, 1))  # nobody to remind
    out = StringIO()
    call_command("send_action_reminders", "--today=2026-06-10", stdout=out)
    assert "Đã gửi 1 thư nhắc hạn." in out.getvalue()
    assert mailoutbox[0].to == [staff_a.email]
    assert "Bổ sung cán bộ" in mailoutbox[0].subject and "12/06/2026" in mailoutbox[0].body
    due_soon.refresh_from_db()
    assert due_soon.reminded_on == date(2026, 6, 10)
    call_command("send_action_reminders", "--today=2026-06-13", stdout=StringIO())
    assert len(mailoutbox) == 1  # reminded three days ago
    call_command("send_action_reminders", "--today=2026-06-17", stdout=StringIO())
    assert mailoutbox[-1].subject.startswith("[Quá hạn]")
