"""The time rule of a process: the steps' durations against the legal processing time."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eiso.procedures import timing

DAY = Decimal("7.5")  # the default office day: 07:30–11:30 and 13:30–17:00


def legal(amount, unit, code="1.000894"):
    from eiso.procedures.content import processing_time_text

    return SimpleNamespace(
        processing_time_amount=Decimal(amount),
        processing_time_unit=unit,
        processing_time_display=processing_time_text({"amount": str(amount), "unit": unit, "note": ""}),
        procedure=SimpleNamespace(code=code),
    )


@pytest.mark.parametrize(
    ("amount", "unit", "hours"),
    [
        ("1", "working_days", "7.5"),
        ("0.5", "working_days", "3.75"),
        ("3", "working_hours", "3"),
        ("7", "days", "37.5"),  # a week holds 5 working days
        ("10", "days", "52.5"),  # 10 × 5/7 = 7.14 → 7 working days
        ("1", "months", "157.5"),  # 30 days → 21.4 → 21 working days
    ],
)
def test_durations_convert_to_working_hours_on_the_office_day(amount, unit, hours):
    assert timing.to_working_hours(Decimal(amount), unit, DAY) == Decimal(hours)


def test_a_province_with_a_longer_office_day_counts_its_own_day():
    assert timing.to_working_hours(Decimal(2), "working_days", Decimal(8)) == Decimal(16)


def test_steps_within_the_legal_time_fit_and_show_the_slack():
    result = timing.check(
        [(Decimal("0.5"), "working_days"), (Decimal("2"), "working_hours")], [legal(1, "working_days")], DAY
    )
    assert result.fits
    assert result.total_hours == Decimal("5.75")
    assert result.slack_hours == Decimal("1.75")
    assert result.slack_text == "1,75 giờ làm việc"


def test_steps_over_the_legal_time_say_by_how_much_in_vietnamese():
    result = timing.check(
        [(Decimal("15"), "working_days"), (Decimal("6.5"), "working_days")], [legal(20, "working_days")], DAY
    )
    assert not result.fits
    message = result.error_message()
    assert "vượt 1,5 ngày làm việc" in message
    assert "21,5 ngày làm việc" in message
    assert "1.000894 (20 ngày làm việc" in message


def test_the_tightest_procedure_sets_the_limit():
    result = timing.check(
        [(Decimal("4"), "working_days")], [legal(5, "working_days", "A"), legal(3, "working_days", "B")], DAY
    )
    assert result.limit.procedure_code == "B"
    assert not result.fits


def test_calendar_day_limits_are_marked_as_converted():
    result = timing.check([(Decimal("20"), "working_days")], [legal(15, "days")], DAY)
    assert not result.fits
    assert "quy đổi thành 10,5 ngày làm việc" in result.error_message()


def test_a_process_without_procedures_has_no_limit():
    result = timing.check([(Decimal("100"), "working_days")], [], DAY)
    assert result.fits and result.slack_hours is None


@given(st.integers(min_value=1, max_value=400))
def test_whole_and_half_days_read_as_days(half_days):
    hours = Decimal(half_days) * DAY / 2
    assert timing.hours_text(hours, DAY).endswith("ngày làm việc")
