"""Plans and targets: the seed plans as data, progress against each target and its forecast.

Progress: a *level* target compares the indicator's value on the date with the target; an
*increase* target sums a flow from the plan's start; a *growth* target compares the yearly growth
achieved since the baseline with the rate asked for. The baseline is the plan's own figure when it
states one, else the registry's value the day before the plan starts.

Forecast of the value at the deadline, with a 95 % band (`forecast.py`): a linear trend over the
quarter-ends of the last three years; for the stock of valid invention patents also the pipeline
(pending applications × the grant rate and pendency seen in the registry, minus the lapses expected
by age), which names the entities whose pending applications matter most.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.lib.stamp import changes_data, computed_once, data_stamp
from zhichan.monitor import forecast
from zhichan.monitor.compute import PARTIAL, board, boards, context, shared_boards
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import (
    EnteredValue,
    OfficeIndicator,
    PeerSet,
    Plan,
    RankingScheme,
    Target,
    TargetKind,
)
from zhichan.regions.models import Region

SEED_PLANS = Path(__file__).parent / "data" / "plans.json"


@changes_data
def plans_load(*, path: Path = SEED_PLANS) -> list[Plan]:
    """Load (or refresh) office-defined tags and indicators, plans, peer sets and entered values
    from the JSON file; the targets of a plan are replaced whole."""
    from zhichan.entities.models import OfficeTag

    data = json.loads(path.read_text(encoding="utf-8"))
    loaded = []
    with transaction.atomic():
        for spec in data.get("tags", []):  # before the indicators that count their holders
            tag = OfficeTag.objects.filter(code=spec["code"]).first() or OfficeTag()
            for name, value in (spec | {"region": Region.objects.get(code=spec["region"])}).items():
                setattr(tag, name, value)
            tag.full_clean()
            tag.save()
        for spec in data.get("indicators", []):  # office-defined, before the targets on them
            indicator = OfficeIndicator.objects.filter(code=spec["code"]).first() or OfficeIndicator()
            for name, value in (spec | {"region": Region.objects.get(code=spec["region"])}).items():
                setattr(indicator, name, value)
            indicator.full_clean()
            indicator.save()
        for spec in data["plans"]:
            region = Region.objects.get(code=spec["region"])
            plan, _created = Plan.objects.update_or_create(
                region=region,
                title=spec["title"],
                defaults={
                    "issuer": spec["issuer"],
                    "number": spec.get("number", ""),
                    "starts_on": date.fromisoformat(spec["starts_on"]),
                    "ends_on": date.fromisoformat(spec["ends_on"]),
                    "issued_on": date.fromisoformat(spec["issued_on"]) if spec.get("issued_on") else None,
                    "source": spec.get("source", ""),
                    "note": spec.get("note", ""),
                },
            )
            plan.targets.all().delete()
            for t in spec["targets"]:
                if t["indicator"] not in INDICATORS:
                    raise ValueError(f"未知指标：{t['indicator']}")
                Target.objects.create(
                    plan=plan,
                    indicator=t["indicator"],
                    kind=t.get("kind", TargetKind.LEVEL),
                    value=Decimal(t["value"]),
                    at_most=t.get("at_most", False),
                    strict=t.get("strict", False),
                    deadline=date.fromisoformat(t["deadline"]),
                    baseline=Decimal(t["baseline"]) if t.get("baseline") else None,
                    baseline_on=date.fromisoformat(t["baseline_on"]) if t.get("baseline_on") else None,
                    quote=t.get("quote", ""),
                    note=t.get("note", ""),
                )
            loaded.append(plan)
        for spec in data.get("peer_sets", []):
            PeerSet.objects.update_or_create(
                owner=Region.objects.get(code=spec["owner"]),
                name=spec["name"],
                defaults={"members": spec["members"], "indicators": spec.get("indicators", []),
                          "note": spec.get("note", "")},
            )  # fmt: skip
        for spec in data.get("ranking_schemes", []):
            for weight in spec["weights"]:
                if weight["indicator"] not in INDICATORS:
                    raise ValueError(f"未知指标：{weight['indicator']}")
            RankingScheme.objects.update_or_create(
                region=Region.objects.get(code=spec["region"]),
                name=spec["name"],
                defaults={"weights": spec["weights"], "note": spec.get("note", "")},
            )
        regions = {
            r.code: r
            for r in Region.objects.filter(code__in={v["region"] for v in data.get("entered_values", [])})
        }
        for spec in data.get("entered_values", []):
            EnteredValue.objects.update_or_create(
                region=regions[spec["region"]],
                indicator=spec["indicator"],
                on=date.fromisoformat(spec["on"]),
                defaults={
                    "value": Decimal(spec["value"]),
                    "source": spec["source"],
                    "note": spec.get("note", ""),
                },
            )
    return loaded


# ---------------------------------------------------------------------------------------------
# Progress


ON_TRACK, AT_RISK, OFF_TRACK, MET, UNKNOWN = "on_track", "at_risk", "off_track", "met", "unknown"
VERDICTS = {
    MET: _("已完成"),
    ON_TRACK: _("可望完成"),
    AT_RISK: _("有风险"),
    OFF_TRACK: _("难以完成"),
    UNKNOWN: _("无法判断"),
}


@dataclass
class Progress:
    target: Target
    as_of: date
    current: Decimal | None
    baseline: Decimal | None
    baseline_note: str
    required: Decimal | None  # the value asked for at the deadline (growth: from the baseline)
    share: Decimal | None  # of the way from the baseline to the target, in %
    forecast: "forecast.Forecast | None"
    verdict: str
    notes: list[str] = field(default_factory=list)

    @property
    def verdict_label(self) -> str:
        return VERDICTS[self.verdict]


def _value(
    indicator: str, region: Region, as_of: date, since: date | None = None
) -> tuple[Decimal | None, str]:
    """The figure of the target's own region. A region the registry covers only in part (a
    province, for a county's office) has no figure of its own unless one is entered: its partial
    count is not set against a target for the whole region."""
    cell = board([region], context(as_of, since), [indicator])[region.code][indicator]
    if cell.origin == PARTIAL:
        return None, _("登记簿只覆盖%(r)s的一部分，不能与全域目标比较；请录入%(r)s的数值（区域对比 → 导入录入值）") % {
            "r": region.name
        }  # fmt: skip
    return cell.value, cell.note


def _years(start: date, end: date) -> Decimal:
    return Decimal((end - start).days) / Decimal("365.25")


def _reached(value: Decimal | None, target: Target, required: Decimal) -> bool:
    if value is None:
        return False
    if target.at_most:
        return value < required if target.strict else value <= required
    return value > required if target.strict else value >= required


def progress(target: Target, as_of: date, *, with_forecast: bool = True) -> Progress:
    """The target's current value, baseline, share of the way, forecast and verdict. The boards it
    needs (today, the day before the plan, the trend's quarter-ends) are computed in one pass."""
    plan, indicator = target.plan, target.indicator
    since = plan.starts_on if target.kind == TargetKind.INCREASE else None
    with shared_boards():
        wanted = [context(min(as_of, target.deadline), since)]
        if target.kind != TargetKind.INCREASE and target.baseline is None:
            wanted.append(context(plan.starts_on - timedelta(days=1)))
        if with_forecast and as_of < target.deadline and INDICATORS[indicator].period != "entered":
            wanted += forecast.trend_contexts(indicator, as_of, since)[1]
        boards([plan.region], wanted, [indicator])
        return _progress(target, as_of, with_forecast=with_forecast)


def _progress(target: Target, as_of: date, *, with_forecast: bool) -> Progress:
    plan, region = target.plan, target.plan.region
    indicator = INDICATORS[target.indicator]
    notes = []
    since = plan.starts_on if target.kind == TargetKind.INCREASE else None
    current, note = _value(target.indicator, region, min(as_of, target.deadline), since)
    if note:
        notes.append(note)
    baseline, baseline_note = target.baseline, _("方案所载（截至%(d)s）") % {"d": target.baseline_on}
    if target.kind == TargetKind.INCREASE:
        baseline, baseline_note = Decimal(0), _("期内累计，自%(d)s起") % {"d": plan.starts_on}
    elif baseline is None:
        day_before = plan.starts_on - timedelta(days=1)
        baseline, _n = _value(target.indicator, region, day_before)
        baseline_note = (
            _("截至 %(d)s 的录入值") if indicator.period == "entered" else _("登记簿 %(d)s 的值")
        ) % {"d": day_before}
    required: Decimal | None = target.value
    if target.kind == TargetKind.GROWTH:
        start = target.baseline_on or plan.starts_on - timedelta(days=1)
        if not baseline:
            notes.append(_("基期值缺失或为 0，无法折算增长目标"))
            required = None
        else:
            factor = (1 + float(target.value) / 100) ** float(_years(start, target.deadline))
            required = (baseline * Decimal(factor)).quantize(Decimal("0.01"))
    share = None
    moves_toward = (
        required is not None
        and baseline is not None
        and (required < baseline if target.at_most else required > baseline)
    )
    if current is not None and moves_toward:
        # Of the way from the baseline to the target, 0–100 %: below the baseline is 0 % (said in a
        # note), beyond the target 100 % (the target is met).
        share = ((current - baseline) / (required - baseline) * 100).quantize(Decimal("0.1"))
        if share < 0:
            notes.append(
                _("当前值 %(c)s 低于基期值 %(b)s") % {"c": current.normalize(), "b": baseline.normalize()}
            )
        share = min(max(share, Decimal("0.0")), Decimal("100.0"))
    predicted = None
    if indicator.period == "entered" and as_of < target.deadline:
        notes.append(_("录入的指标不作趋势预测，期限前只判断是否已达到"))
    if with_forecast and as_of < target.deadline and indicator.period != "entered":
        predicted = forecast.forecast(target.indicator, region, as_of, target.deadline, since=since)
    verdict = _verdict(target, current, required, predicted, as_of)
    return Progress(
        target, as_of, current, baseline, baseline_note, required, share, predicted, verdict, notes
    )


def cached_progress(target: Target, as_of: date, *, forecast_if_cached: bool = False) -> Progress:
    """Progress with its forecast, cached until the data stamp moves (a forecast costs a dozen
    boards, seconds on a province's registry). With ``forecast_if_cached`` a missing forecast is
    not computed: the progress comes without it (lists of many targets stay fast)."""
    key = f"zhichan:progress:{target.pk}:{as_of.isoformat()}:{data_stamp()}:{target_version(target)}"
    if forecast_if_cached and cache.get(key) is None:
        return computed_once(f"{key}:now", lambda: progress(target, as_of, with_forecast=False))
    return computed_once(key, lambda: progress(target, as_of))


def plans_seen_from(region: Region | None):
    """The plans an official of ``region`` follows: those of its subtree and of the regions above
    it (a county works to the city's plan); every plan for the whole installation (None)."""
    plans = Plan.objects.all()
    if region is not None:
        below = Region.objects.filter(prefix__startswith=region.prefix).values_list("pk", flat=True)
        plans = plans.filter(region__in=[*below, *(r.pk for r in region.ancestors())])
    return plans.select_related("region").prefetch_related("targets")


def target_version(target: Target) -> str:
    fields = (target.value, target.kind, target.deadline, target.baseline, target.baseline_on, target.at_most,
              target.strict, target.plan.starts_on)  # fmt: skip
    return "|".join(str(f) for f in fields)


def _verdict(target: Target, current, required, predicted, as_of: date) -> str:
    if required is None or current is None:
        return UNKNOWN  # no figure (or no target to reach): nothing to judge, not "难以完成"
    if _reached(current, target, required):
        return MET  # a stock may still fall back before the deadline: the page shows the date
    if as_of >= target.deadline:
        return OFF_TRACK
    if predicted is None or predicted.value is None:
        return UNKNOWN
    if _reached(predicted.value, target, required):
        return (
            ON_TRACK
            if _reached(predicted.low if not target.at_most else predicted.high, target, required)
            else AT_RISK
        )
    return (
        AT_RISK
        if _reached(predicted.high if not target.at_most else predicted.low, target, required)
        else OFF_TRACK
    )
