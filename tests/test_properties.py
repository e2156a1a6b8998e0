"""Properties of the pure rules, over many generated cases (hypothesis, derandomised: the same
examples on every run, so that CI replays what a developer saw).

- a patent's status on a day is the same from its stored interval in Python (`status_on`) and in
  SQL (`status_q`), whatever its history of ends and restorations;
- working-day arithmetic lands on working days, moves forward with the count, and
  `workdays_between` undoes `add_workdays`;
- application numbers' and credit codes' check characters round-trip: the number made is read back
  whole, and any other check character is refused;
- the board's roll-up: a county's count is the sum of its townships' counts.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhichan.assets.models import EventKind, PatentKind, PatentStatus
from zhichan.lib import patentno, uscc
from zhichan.lib.workdays import add_workdays, is_workday, workdays_between


def derandomised(examples: int):
    return settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip


ENDS = [EventKind.LAPSE, EventKind.WITHDRAWAL, EventKind.REJECTION, EventKind.INVALIDATION,
        EventKind.SURRENDER, EventKind.RESTORATION, EventKind.TRANSFER, EventKind.LICENSE]  # fmt: skip
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def histories(draw):
    kind = draw(st.sampled_from([PatentKind.INVENTION, PatentKind.UTILITY, PatentKind.DESIGN]))
    filed = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 12, 31)))
    granted = draw(
        st.none() | st.integers(min_value=0, max_value=2500).map(lambda d: filed + timedelta(days=d))
    )
    events = draw(st.lists(st.tuples(st.sampled_from(ENDS), st.integers(0, 9000).map(
        lambda d: filed + timedelta(days=d))), max_size=4))  # fmt: skip
    return kind, filed, granted, events


@pytest.mark.django_db
@derandomised(25)
@given(cases=st.lists(histories(), min_size=8, max_size=8), probes=st.lists(days, min_size=4, max_size=4))
def test_status_in_python_and_in_sql_agree(cases, probes):
    from zhichan.assets.models import Patent
    from zhichan.assets.status import status_on, status_q, validity

    Patent.everything.all().delete()
    made = []
    for n, (kind, filed, granted, events) in enumerate(cases):
        ended_on, end_status, expires_on = validity(kind, filed, granted, events)
        made.append(Patent.objects.create(
            number=patentno.make(f"{filed.year}1{n:07d}"), kind=kind, title="一种测试装置", filed_on=filed,
            granted_on=granted, ended_on=ended_on, end_status=end_status, expires_on=expires_on,
        ))  # fmt: skip
    edges = {d + timedelta(days=shift) for p in made for d in (p.filed_on, p.granted_on, p.ended_on) if d
             for shift in (-1, 0)}  # fmt: skip
    for day in sorted({*probes, *edges}):
        for status in PatentStatus.values:
            in_sql = set(Patent.objects.filter(status_q(status, day)).values_list("pk", flat=True))
            in_python = {p.pk for p in made if status_on(p, day) == status}
            assert in_sql == in_python, (status, day)


@derandomised(300)
@given(start=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 30)), count=st.integers(1, 60))
def test_working_days_land_on_working_days_and_count_back(start, count):
    due, _known = add_workdays(start, count)
    assert is_workday(due)[0] and due > start
    assert workdays_between(start, due) == count
    assert add_workdays(start, count + 1)[0] > due  # one more working day is later
    assert workdays_between(start, due - timedelta(days=1)) == count - 1  # the day before falls short


@derandomised(300)
@given(
    year=st.integers(2003, 2026),
    kind=st.sampled_from("12389"),
    serial=st.integers(0, 9_999_999),
    wrong=st.sampled_from("0123456789X"),
)
def test_application_numbers_round_trip_and_refuse_another_check(year, kind, serial, wrong):
    body = f"{year}{kind}{serial:07d}"
    number = patentno.make(body)
    assert patentno.parse(f"CN{number}").number == number == patentno.parse(number.replace(".", "")).number
    if wrong != number[-1]:
        with pytest.raises(patentno.InvalidApplicationNumber):
            patentno.parse(f"{body}.{wrong}")


@derandomised(300)
@given(
    department=st.sampled_from(["11", "12", "31", "51", "52", "91", "92", "93", "N2", "Y1"]),
    county=st.sampled_from(["420581", "420583", "420502", "110105"]),
    serial=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8),
    wrong=st.sampled_from(uscc.ALPHABET),
)
def test_credit_codes_round_trip_and_refuse_another_check(department, county, serial, wrong):
    code = uscc.make(department, county, serial)
    assert uscc.validate(code.lower()).code == code
    if wrong != code[-1]:
        assert not uscc.is_valid(code[:-1] + wrong)


@pytest.mark.django_db
@derandomised(10)
@given(
    spread=st.lists(
        st.tuples(st.integers(0, 11), st.booleans(), st.integers(0, 3000)), min_size=1, max_size=30
    )
)
def test_a_county_counts_the_sum_of_its_townships(spread, settings):
    from zhichan.assets.models import Patent
    from zhichan.monitor.compute import board, context
    from zhichan.regions.models import Region

    settings.HOME_REGION_CODE = "420581"
    Patent.everything.all().delete()
    county = Region.objects.get(code="420581")
    townships = list(county.children.order_by("code"))
    for n, (where, granted, offset) in enumerate(spread):
        filed = date(2016, 1, 4) + timedelta(days=offset)
        Patent.objects.create(
            number=patentno.make(f"{filed.year}1{n:07d}"), kind=PatentKind.INVENTION, title="一种测试装置",
            filed_on=filed, granted_on=filed + timedelta(days=700) if granted else None,
            region=townships[where % len(townships)], expires_on=filed.replace(year=filed.year + 20),
        )  # fmt: skip
    found = board([county, *townships], context(date(2025, 6, 30)), ["invention_valid", "pct_filed"])
    for code in ("invention_valid", "pct_filed"):
        assert found["420581"][code].value == sum(found[t.code][code].value for t in townships), code
