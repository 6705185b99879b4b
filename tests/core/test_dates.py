from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eiso.core.dates import add_months, month_end


def test_the_same_day_months_later():
    assert add_months(date(2026, 3, 15), 1) == date(2026, 4, 15)
    assert add_months(date(2026, 3, 15), 12) == date(2027, 3, 15)


def test_31_january_plus_one_month_is_the_end_of_february():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_in_a_leap_year_february_has_29_days():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)


def test_the_year_turns_over_december():
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_negative_months_count_back():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_month_end():
    assert month_end(2026, 2) == date(2026, 2, 28)
    assert month_end(2028, 2) == date(2028, 2, 29)
    assert month_end(2026, 12) == date(2026, 12, 31)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_the_result_is_in_the_right_month_and_never_past_the_day(day, months):
    result = add_months(day, months)
    assert (result.year - day.year) * 12 + result.month - day.month == months
    assert result.day <= day.day
    assert result.day == day.day or result == month_end(result.year, result.month)
