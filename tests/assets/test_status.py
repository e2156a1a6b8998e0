"""Status on a date, from the event timeline, including events on the boundary date."""

from datetime import date, timedelta

import pytest

from zhichan.assets.models import EventKind, Patent, PatentKind, PatentStatus
from zhichan.assets.status import expiry_date, status_on, status_q, validity
from zhichan.lib import patentno


def make(kind, filed_on, granted_on=None, events=()):
    ended_on, end_status, expires_on = validity(kind, filed_on, granted_on, list(events))
    return Patent(
        kind=kind,
        filed_on=filed_on,
        granted_on=granted_on,
        ended_on=ended_on,
        end_status=end_status,
        expires_on=expires_on,
    )


def test_grant_applies_on_its_own_date():
    patent = make(PatentKind.INVENTION, date(2019, 3, 1), date(2021, 6, 15))
    assert status_on(patent, date(2019, 2, 28)) is None
    assert status_on(patent, date(2019, 3, 1)) == PatentStatus.PENDING
    assert status_on(patent, date(2021, 6, 14)) == PatentStatus.PENDING
    assert status_on(patent, date(2021, 6, 15)) == PatentStatus.VALID


def test_lapse_ends_validity_from_its_effective_date():
    patent = make(
        PatentKind.UTILITY, date(2016, 5, 10), date(2017, 1, 6), [(EventKind.LAPSE, date(2020, 5, 10))]
    )
    assert status_on(patent, date(2020, 5, 9)) == PatentStatus.VALID
    assert status_on(patent, date(2020, 5, 10)) == PatentStatus.LAPSED
    assert status_on(patent, date(2024, 12, 31)) == PatentStatus.LAPSED


def test_restoration_annuls_the_lapse_it_answers():
    events = [(EventKind.LAPSE, date(2020, 5, 10)), (EventKind.RESTORATION, date(2020, 11, 2))]
    patent = make(PatentKind.INVENTION, date(2015, 5, 10), date(2018, 1, 6), events)
    assert status_on(patent, date(2020, 7, 1)) == PatentStatus.VALID
    assert status_on(patent, date(2024, 12, 31)) == PatentStatus.VALID


def test_a_restoration_answers_the_latest_end_before_it_only():
    """Deemed withdrawn (no request for examination) and later rejected, the rejection restored:
    the withdrawal still stands, so the application ended on its date, as withdrawn."""
    events = [(EventKind.WITHDRAWAL, date(2019, 4, 1)), (EventKind.REJECTION, date(2019, 8, 1)),
              (EventKind.RESTORATION, date(2019, 10, 8))]  # fmt: skip
    assert validity(PatentKind.INVENTION, date(2017, 3, 6), None, events)[:2] == (
        date(2019, 4, 1), PatentStatus.WITHDRAWN)  # fmt: skip
    restored_twice = [*events, (EventKind.RESTORATION, date(2019, 12, 2))]
    assert validity(PatentKind.INVENTION, date(2017, 3, 6), None, restored_twice)[:2] == (None, "")


def test_invalidation_is_not_undone_by_a_restoration_of_something_else():
    events = [(EventKind.INVALIDATION, date(2022, 3, 1)), (EventKind.RESTORATION, date(2022, 6, 1))]
    patent = make(PatentKind.INVENTION, date(2015, 5, 10), date(2018, 1, 6), events)
    assert status_on(patent, date(2022, 3, 1)) == PatentStatus.INVALIDATED
    assert status_on(patent, date(2024, 12, 31)) == PatentStatus.INVALIDATED


def test_partial_invalidation_and_transfer_leave_it_valid():
    events = [(EventKind.PARTIAL_INVALIDATION, date(2022, 3, 1)), (EventKind.TRANSFER, date(2023, 1, 5))]
    patent = make(PatentKind.INVENTION, date(2015, 5, 10), date(2018, 1, 6), events)
    assert status_on(patent, date(2024, 12, 31)) == PatentStatus.VALID


def test_term_ends_on_the_anniversary_of_filing():
    patent = make(PatentKind.UTILITY, date(2014, 12, 31), date(2015, 6, 1))
    assert patent.expires_on == date(2024, 12, 31)
    assert status_on(patent, date(2024, 12, 30)) == PatentStatus.VALID
    assert status_on(patent, date(2024, 12, 31)) == PatentStatus.EXPIRED


def test_design_term_changed_in_2021():
    assert expiry_date(PatentKind.DESIGN, date(2021, 5, 31)) == date(2031, 5, 31)
    assert expiry_date(PatentKind.DESIGN, date(2021, 6, 1)) == date(2036, 6, 1)
    assert expiry_date(PatentKind.INVENTION, date(2004, 2, 29)) == date(2024, 2, 29)
    assert expiry_date(PatentKind.UTILITY, date(2004, 2, 29)) == date(2014, 3, 1)


def test_rejected_application_was_never_valid():
    patent = make(PatentKind.INVENTION, date(2019, 3, 1), None, [(EventKind.REJECTION, date(2021, 9, 9))])
    assert status_on(patent, date(2021, 9, 8)) == PatentStatus.PENDING
    assert status_on(patent, date(2021, 9, 9)) == PatentStatus.REJECTED


@pytest.mark.django_db
def test_the_database_filter_agrees_with_status_on_for_every_day_around_each_event():
    cases = [
        (PatentKind.INVENTION, date(2015, 5, 10), date(2018, 1, 6), [(EventKind.LAPSE, date(2020, 5, 10))]),
        (PatentKind.UTILITY, date(2014, 12, 31), date(2015, 6, 1), []),
        (PatentKind.INVENTION, date(2019, 3, 1), None, [(EventKind.WITHDRAWAL, date(2021, 2, 1))]),
        (PatentKind.INVENTION, date(2019, 3, 1), None, []),
        (
            PatentKind.INVENTION,
            date(2012, 1, 1),
            date(2014, 1, 1),
            [(EventKind.LAPSE, date(2016, 1, 1)), (EventKind.RESTORATION, date(2016, 6, 1))],
        ),
    ]
    patents = []
    for serial, (kind, filed, granted, events) in enumerate(cases, start=1):
        patent = make(kind, filed, granted, events)
        patent.number = patentno.make(f"{filed.year}1{serial:07d}")
        patent.title, patent.applicants = "一种测试装置", "测试公司"
        patent.save()
        patents.append(patent)
    days = {
        d + timedelta(days=delta)
        for p in patents
        for d in (p.filed_on, p.granted_on, p.ended_on)
        if d
        for delta in (-1, 0, 1)
    }
    days.add(date(2024, 12, 31))
    for day in sorted(days):
        for value in PatentStatus.values:
            expected = {p.pk for p in patents if status_on(p, day) == value}
            assert (
                set(Patent.objects.filter(status_q(value, day)).values_list("pk", flat=True)) == expected
            ), (day, value)


# A registered right (trademark, GI, copyright, …) is valid from its registration day through the
# last day of its term, until the day it ended. Python and SQL must agree on every boundary day
# (mutation testing found neither asserted: docs/mutation-report.md).
RIGHT_CASES = [
    # (registered_on, expires_on, ended_on, status): the days on which the right is valid
    ("2014-04-14", "2024-04-13", None, "valid"),  # a ten-year mark term, its last day included
    ("2014-04-14", "2024-04-13", "2019-06-01", "invalidated"),  # ended early: not on the end day
    ("2014-04-14", None, None, "valid"),  # no term (a copyright registration): open-ended
    (None, None, None, "pending"),  # applied for, not registered
]


@pytest.mark.django_db
@pytest.mark.parametrize(("registered", "expires", "ended", "status"), RIGHT_CASES)
def test_a_right_is_valid_on_the_same_days_in_python_and_in_sql(registered, expires, ended, status):
    from zhichan.assets.models import Trademark
    from zhichan.assets.status import right_valid_on, right_valid_q

    parse = lambda v: date.fromisoformat(v) if v else None  # noqa: E731
    mark = Trademark.objects.create(number="12345678", nice_class=30, title="清江", holders="宜都市某茶业有限公司",
                                    registered_on=parse(registered), expires_on=parse(expires),
                                    ended_on=parse(ended), status=status)  # fmt: skip
    days = [parse(v) + timedelta(days=d) for v in (registered, expires, ended) if v for d in (-1, 0, 1)]
    days += [date(2010, 1, 1), date(2030, 1, 1)]
    for day in days:
        expected = bool(
            registered and parse(registered) <= day and (not ended or day < parse(ended))
            and (not expires or day <= parse(expires))
        )  # fmt: skip
        assert right_valid_on(mark, day) is expected, day
        assert Trademark.objects.filter(right_valid_q(day), pk=mark.pk).exists() is expected, day


@pytest.mark.django_db
def test_a_pending_right_with_a_registration_day_is_not_valid():
    """The status says 审中 although a day was filled in: Python refuses it, and so must SQL."""
    from zhichan.assets.models import Trademark
    from zhichan.assets.status import right_valid_on, right_valid_q

    mark = Trademark.objects.create(number="22345678", nice_class=30, title="宜红", holders="宜都市某茶业有限公司",
                                    registered_on=date(2020, 1, 1), status="pending")  # fmt: skip
    assert right_valid_on(mark, date(2021, 1, 1)) is False
    assert not Trademark.objects.filter(right_valid_q(date(2021, 1, 1)), pk=mark.pk).exists()


# The order of events on one day, and which ending a restoration annuls (mutation testing,
# docs/mutation-report.md).
def test_a_restoration_on_the_day_of_the_lapse_annuls_it_in_whatever_order_they_come():
    filed, granted, day = date(2015, 3, 2), date(2017, 5, 5), date(2019, 9, 1)
    for events in ([(EventKind.RESTORATION, day), (EventKind.LAPSE, day)],
                   [(EventKind.LAPSE, day), (EventKind.RESTORATION, day)]):  # fmt: skip
        ended, status, _expires = validity(PatentKind.INVENTION, filed, granted, events)
        assert (ended, status) == (date(2035, 3, 2), PatentStatus.EXPIRED), events


def test_a_restoration_skips_an_ending_it_cannot_annul_to_reach_the_lapse():
    filed, granted = date(2015, 3, 2), date(2017, 5, 5)
    events = [(EventKind.LAPSE, date(2019, 3, 2)), (EventKind.INVALIDATION, date(2019, 8, 1)),
              (EventKind.RESTORATION, date(2019, 9, 1))]  # fmt: skip
    assert validity(PatentKind.INVENTION, filed, granted, events)[:2] == (
        date(2019, 8, 1),
        PatentStatus.INVALIDATED,
    )


def test_a_granted_right_ends_with_its_kinds_term_when_nothing_else_ends_it():
    filed = date(2015, 3, 2)
    assert validity(PatentKind.INVENTION, filed, date(2017, 5, 5), []) == (
        date(2035, 3, 2), PatentStatus.EXPIRED, date(2035, 3, 2),
    )  # fmt: skip
    assert validity(PatentKind.UTILITY, filed, date(2015, 9, 1), [])[0] == date(2025, 3, 2)
    assert validity(PatentKind.DESIGN, date(2021, 6, 1), date(2021, 9, 1), [])[0] == date(2036, 6, 1)
    assert validity(PatentKind.INVENTION, filed, None, []) == (None, "", date(2035, 3, 2))  # pending: no end
