"""Working days (工作日): weekends, statutory holidays and make-up working days (调休), from the
chinesecalendar package, which follows the State Council's yearly holiday notices. For a year
the package does not cover yet, weekends alone are used and the result says it is an estimate."""

from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, known from the holiday notice rather than estimated)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_workdays(start: date, count: int) -> tuple[date, bool]:
    """The ``count``-th working day after ``start`` (start itself not counted), and whether every
    day on the way was covered by a published holiday notice."""
    day, left, known = start, count, True
    while left > 0:
        day += timedelta(days=1)
        working, sure = is_workday(day)
        known = known and sure
        if working:
            left -= 1
    return day, known


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)[0]
    return count
