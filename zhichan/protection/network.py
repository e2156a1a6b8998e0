"""The protection network (workstations, aid stations, mediation organisations, brand guidance
stations: registry, service log, yearly review) and overseas risk warnings linked to the
entities they concern."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhichan.assets.models import PatentApplicant
from zhichan.entities.models import Entity, EntityKind
from zhichan.lib import ipc
from zhichan.lib.stamp import changes_data
from zhichan.protection.models import (
    RiskWarning,
    ServiceKind,
    ServiceLog,
    StationKind,
    StationLevel,
    StationReview,
    WarningTarget,
    Workstation,
)
from zhichan.protection.stats import station_figures


@changes_data
def station_open(**fields) -> Workstation:
    """Register a station (its figures count on the board: office-defined indicators of stations)."""
    if fields.get("kind") not in StationKind.values or not str(fields.get("name", "")).strip():
        raise ValidationError(_("请填写工作站类型和名称。"))
    if fields.get("level", "") not in ("", *StationLevel.values):
        fields["level"] = ""
    return Workstation.objects.create(**fields)


@changes_data
def station_close(*, station: Workstation, on: date) -> Workstation:
    if on < station.established_on:
        raise ValidationError({"closed_on": _("撤销日期不能早于设立日期。")})
    if station.logs.filter(on__gt=on).exists():
        raise ValidationError({"closed_on": _("撤销日期之后仍有服务记录，请核对日期。")})
    station.closed_on = on
    station.save(update_fields=["closed_on"])
    return station


def service_log(
    *, station: Workstation, on: date, kind: str, count: int = 1, note: str = "", case=None
) -> ServiceLog:
    if kind not in ServiceKind.values:
        raise ValidationError({"kind": _("请选择服务类型。")})
    if count < 1:
        raise ValidationError({"count": _("次数/人次至少为 1。")})
    if on < station.established_on or (station.closed_on and on > station.closed_on):
        raise ValidationError({"on": _("日期不在工作站存续期间内。")})
    return ServiceLog.objects.create(station=station, on=on, kind=kind, count=count, note=note.strip()[:300],
                                     case=case)  # fmt: skip


@transaction.atomic
def station_review(*, station: Workstation, year: int, score: Decimal, on: date, comment: str = "",
                   pass_mark: Decimal = Decimal(60), user=None) -> StationReview:  # fmt: skip
    """The yearly review: the year's service figures from the log are kept with the score;
    passed at ``pass_mark``. A passed review is what the workstation subsidy pays."""
    if station.established_on.year > year:
        raise ValidationError(_("工作站在 %(y)s 年尚未设立。") % {"y": year})
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": _("得分应在 0 到 100 之间。")})
    review, _created = StationReview.objects.update_or_create(
        station=station, year=year,
        defaults={"score": score, "passed": score >= pass_mark, "figures": station_figures(station, year),
                  "comment": comment.strip()[:500], "reviewed_on": on, "by": user},
    )  # fmt: skip
    return review


def passed_stations(entity: Entity, year: int):
    """The workstations an entity hosts that passed their review of ``year`` (awards)."""
    return StationReview.objects.filter(station__host=entity, year=year, passed=True).select_related(
        "station"
    )


def warning_candidates(warning: RiskWarning, limit: int = 50) -> list[tuple[Entity, int]]:
    """Enterprises of the warning's region holding patents in its IPC groups, most first: the
    firms a warning on those technologies concerns."""
    codes = warning_ipc(warning.ipc)
    if not codes:
        return []
    match = Q()
    for code in codes:
        match |= Q(patent__ipc_codes__contains=code)
    scope = Q(entity__isnull=False, entity__kind=EntityKind.ENTERPRISE,
              entity__region__prefix__startswith=warning.region.prefix)  # fmt: skip
    links = PatentApplicant.objects.filter(match, scope).values_list("entity_id", flat=True)
    counts: dict[int, int] = {}
    for entity_id in links[:20000]:
        counts[entity_id] = counts.get(entity_id, 0) + 1
    top = sorted(counts.items(), key=lambda item: -item[1])[:limit]
    entities = Entity.objects.in_bulk([pk for pk, _n in top])
    return [(entities[pk], n) for pk, n in top if pk in entities]


def warning_ipc(value: str) -> list[str]:
    """Canonical IPC prefixes of a warning ("H01M", "H01M 10/" for a main group)."""
    found = []
    for part in ipc.split(value):
        code = ipc.normalize(part)
        found.append(code[:-2] if code.endswith("/00") else code)
    return found


def warning_link(*, warning: RiskWarning, entity: Entity, why: str) -> WarningTarget:
    if not why.strip():
        raise ValidationError({"why": _("请写明关联理由（如持有相关领域专利、出口该国）。")})
    target, _created = WarningTarget.objects.get_or_create(warning=warning, entity=entity,
                                                           defaults={"why": why.strip()[:300]})  # fmt: skip
    return target


def warning_publish(*, warning: RiskWarning, on: date) -> RiskWarning:
    if not warning.summary.strip():
        raise ValidationError(_("发布前请填写风险提示。"))
    warning.published_on = on
    warning.save(update_fields=["published_on"])
    return warning
