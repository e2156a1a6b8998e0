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
