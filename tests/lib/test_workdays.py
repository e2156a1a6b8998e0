"""Working days from the State Council's holiday notices (chinesecalendar), and the weekend
estimate, said to be one, for a year no notice covers yet."""

from datetime import date

import pytest

from zhichan.lib.workdays import add_workdays, is_workday, workdays_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 1), (False, True)),  # 国庆节
        (date(2026, 10, 7), (False, True)),  # the holiday's last day
        (date(2026, 10, 8), (True, True)),  # Thursday after it
        (date(2026, 10, 10), (True, True)),  # Saturday, a make-up working day (调休)
        (date(2026, 10, 11), (False, True)),  # Sunday
        (date(2031, 6, 6), (True, False)),  # a Friday in a year no notice covers yet: estimated
        (date(2031, 6, 7), (False, False)),  # its Saturday
        (date(2031, 6, 8), (False, False)),  # and Sunday
    ],
)
def test_a_day_is_a_working_day_by_the_notice_or_by_estimate(day, expected):
    assert is_workday(day) == expected


def test_adding_working_days_skips_the_holiday_and_says_whether_it_is_sure():
    assert add_workdays(date(2026, 9, 30), 1) == (date(2026, 10, 8), True)  # 1–7 October off
    assert add_workdays(date(2026, 9, 30), 3) == (date(2026, 10, 10), True)  # the make-up Saturday
    assert add_workdays(date(2026, 9, 30), 7) == (date(2026, 10, 15), True)
    assert add_workdays(date(2026, 9, 30), 0) == (date(2026, 9, 30), True)
    day, sure = add_workdays(date(2030, 12, 30), 3)  # into 2031: weekends only, an estimate
    assert (day, sure) == (date(2031, 1, 2), False)


def test_counting_working_days_between_two_dates():
    assert workdays_between(date(2026, 9, 30), date(2026, 10, 15)) == 7
    assert workdays_between(date(2026, 10, 15), date(2026, 9, 30)) == 0
    assert workdays_between(date(2026, 10, 9), date(2026, 10, 9)) == 0
    assert workdays_between(date(2026, 10, 8), date(2026, 10, 9)) == 1
