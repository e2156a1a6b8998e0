"""Legal status derived from the event timeline (see docs/legal-status.md).

Rules:
* The legal term runs from the filing date: 发明 20 years, 实用新型 10 years, 外观设计 15 years for
  applications filed on or after 2021-06-01 (专利法 art. 42 as amended in 2020), 10 before. The
  right ends on the anniversary of filing (it is no longer valid on that day).
* An event applies from its effective date inclusive.
* 恢复权利 (restoration) annuls the latest lapse, withdrawal or rejection before it: the right is
  treated as never having ended, so a right has a single interval of validity.
* 部分无效, 转移, 许可, 质押 do not change validity.
"""

from datetime import date

from django.db.models import Q

from zhichan.assets.models import EventKind, PatentKind, PatentStatus, RightStatus

DESIGN_TERM_CHANGE = date(2021, 6, 1)
ENDING = {
    EventKind.LAPSE: PatentStatus.LAPSED,
    EventKind.SURRENDER: PatentStatus.LAPSED,
    EventKind.EXPIRY: PatentStatus.EXPIRED,
    EventKind.INVALIDATION: PatentStatus.INVALIDATED,
    EventKind.WITHDRAWAL: PatentStatus.WITHDRAWN,
    EventKind.REJECTION: PatentStatus.REJECTED,
}
RESTORABLE = {EventKind.LAPSE, EventKind.WITHDRAWAL, EventKind.REJECTION}


_INVENTION, _DESIGN = PatentKind.INVENTION.value, PatentKind.DESIGN.value  # plain str: cheap to compare


def term_years(kind: str, filed_on: date) -> int:
    if kind == _INVENTION:
        return 20
    if kind == _DESIGN and filed_on >= DESIGN_TERM_CHANGE:
        return 15
    return 10


def anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return date(day.year + years, 3, 1)


def expiry_date(kind: str, filed_on: date) -> date:
    return anniversary(filed_on, term_years(kind, filed_on))


def validity(
    kind: str,
    filed_on: date,
    granted_on: date | None,
    events: list[tuple[str, date]],
    expires_on: date | None = None,
) -> tuple[date | None, str, date]:
    """(ended_on, end_status, expires_on) from the events [(kind, effective_on), …]."""
    expires_on = expires_on or expiry_date(kind, filed_on)
    standing: list[tuple[date, str]] = []
    for event_kind, effective_on in sorted(events, key=lambda e: (e[1], e[0] == EventKind.RESTORATION)):
        if event_kind in ENDING:
            standing.append((effective_on, event_kind))
        elif event_kind == EventKind.RESTORATION:
            for index in range(len(standing) - 1, -1, -1):
                if standing[index][1] in RESTORABLE:
                    del standing[index]
                    break
    if granted_on is not None:
        standing.append((expires_on, EventKind.EXPIRY))
    if not standing:
        return None, "", expires_on
    ended_on, event_kind = min(standing)
    return ended_on, ENDING[event_kind], expires_on


def status_on(patent, day: date) -> str | None:
    """The status of a patent on a day, from its stored interval (None before filing)."""
    if day < patent.filed_on:
        return None
    if patent.ended_on is not None and day >= patent.ended_on:
        return patent.end_status
    if patent.granted_on is not None and day >= patent.granted_on:
        return PatentStatus.VALID
    return PatentStatus.PENDING


def status_q(status: str, day: date, prefix: str = "") -> Q:
    """A filter for the patents that had ``status`` on ``day``."""

    def f(name: str, value) -> Q:
        return Q(**{prefix + name: value})

    not_ended = f("ended_on__isnull", True) | f("ended_on__gt", day)
    if status == PatentStatus.VALID:
        return f("granted_on__lte", day) & not_ended
    if status == PatentStatus.PENDING:
        return (
            f("filed_on__lte", day) & (f("granted_on__isnull", True) | f("granted_on__gt", day)) & not_ended
        )
    return f("ended_on__lte", day) & f("end_status", status)


def right_valid_on(right, day: date) -> bool:
    if right.status == RightStatus.PENDING or right.registered_on is None or day < right.registered_on:
        return False
    if right.ended_on is not None and day >= right.ended_on:
        return False
    return right.expires_on is None or day <= right.expires_on


def right_valid_q(day: date, prefix: str = "") -> Q:
    """The SQL form of ``right_valid_on``: a right still 审中 is not valid whatever its dates."""
    return (
        ~Q(**{prefix + "status": RightStatus.PENDING})
        & Q(**{prefix + "registered_on__lte": day})
        & (Q(**{prefix + "ended_on__isnull": True}) | Q(**{prefix + "ended_on__gt": day}))
        & (Q(**{prefix + "expires_on__isnull": True}) | Q(**{prefix + "expires_on__gte": day}))
    )
