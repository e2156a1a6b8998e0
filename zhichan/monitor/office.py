"""Office-defined indicators: what an office counts besides the built-in indicators.

An office defines an indicator on a page (业务设置 → 自定义指标): its code, name, unit, definition
and source, and how it is counted — entered, or counted from one registry table with the filters
offered here (the kind of patent, the holder's tag, the kind of mark, of GI, of event, of case), on
the date (a stock) or within the period (a flow). Each becomes an `Indicator` with its own
`Measure`, so the board counts it in the same grouped pass as the built-in ones, and targets,
rankings, reports, `import-values` and the API take it like any other (`indicators.INDICATORS`
merges both).

The definitions are read once and kept in the process; a change moves a stamp in the shared cache
that every process checks at most once a second (and at the start of each request).
"""

import re
import threading
import time
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.assets.models import EventKind, GIMode, MarkKind, PatentApplicant, PatentKind, PatentStatus
from zhichan.assets.status import right_valid_q, status_q
from zhichan.entities.models import EntityKind, EntityTag
from zhichan.entities.tags import tag_choices
from zhichan.lib import stamp as stamps
from zhichan.lib.codes import code_change_refused
from zhichan.market.models import PatentPool, ProductKind, ProductStatus
from zhichan.monitor.indicators import (
    CASE,
    ENTERED,
    ENTERPRISE,
    EVENT,
    FLOW,
    GI,
    PATENT,
    PLEDGE,
    POOL,
    PRODUCT,
    STATION,
    STOCK,
    TRADEMARK,
    Context,
    Indicator,
    Measure,
)
from zhichan.monitor.models import CountedFrom, CountedWhen, OfficeIndicator
from zhichan.protection.models import CaseKind, StationKind, StationLevel

CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
MEASURE_PREFIX = "office_"

# The measure source of each way of counting.
SOURCE = {CountedFrom.PATENT: PATENT, CountedFrom.TRADEMARK: TRADEMARK, CountedFrom.GI: GI,
          CountedFrom.ENTITY: ENTERPRISE, CountedFrom.PLEDGE: PLEDGE, CountedFrom.EVENT: EVENT,
          CountedFrom.CASE: CASE, CountedFrom.STATION: STATION, CountedFrom.POOL: POOL,
          CountedFrom.PRODUCT: PRODUCT}  # fmt: skip

# Which dates each table can be counted on.
WHEN = {
    CountedFrom.PATENT: {CountedWhen.ON_DATE, CountedWhen.NEW, CountedWhen.FILED},
    CountedFrom.TRADEMARK: {CountedWhen.ON_DATE, CountedWhen.NEW, CountedWhen.FILED},
    CountedFrom.GI: {CountedWhen.ON_DATE, CountedWhen.NEW},
    CountedFrom.ENTITY: {CountedWhen.ON_DATE, CountedWhen.NEW},
    CountedFrom.PLEDGE: {CountedWhen.ON_DATE, CountedWhen.NEW},
    CountedFrom.EVENT: {CountedWhen.NEW},
    CountedFrom.CASE: {CountedWhen.NEW, CountedWhen.FILED},
    CountedFrom.STATION: {CountedWhen.ON_DATE, CountedWhen.NEW},
    CountedFrom.POOL: {CountedWhen.ON_DATE, CountedWhen.NEW},
    CountedFrom.PRODUCT: {CountedWhen.ON_DATE, CountedWhen.NEW},
}

POOL_SIZES = [(n, gettext_lazy("不少于 %(n)s 件") % {"n": n}) for n in ("10", "50", "100", "200", "500")]

# A filter is "key:value" (or a bare key for a flag); values of one key are alternatives, keys are
# all required. key → (group label, choices, the tables it applies to).
FILTERS = {
    "patent_kind": (gettext_lazy("专利类型"), PatentKind.choices, {CountedFrom.PATENT}),
    "tag": (gettext_lazy("主体标签（专利按专利权人）"), tag_choices, {CountedFrom.PATENT, CountedFrom.ENTITY}),
    "entity_kind": (gettext_lazy("主体类型"), EntityKind.choices, {CountedFrom.ENTITY}),
    "mark_kind": (gettext_lazy("商标类型"), MarkKind.choices, {CountedFrom.TRADEMARK}),
    "mark": (gettext_lazy("商标属性"),
             [("madrid", gettext_lazy("马德里国际注册")), ("gi", gettext_lazy("地理标志商标"))], {CountedFrom.TRADEMARK}),
    "gi_mode": (gettext_lazy("地理标志保护方式"), GIMode.choices, {CountedFrom.GI}),
    "event_kind": (gettext_lazy("事件类型"), EventKind.choices, {CountedFrom.EVENT}),
    "case_kind": (gettext_lazy("案件类型"), CaseKind.choices, {CountedFrom.CASE}),
    "station_kind": (gettext_lazy("工作站类型"), StationKind.choices, {CountedFrom.STATION}),
    "station_level": (gettext_lazy("工作站认定级别"), StationLevel.choices, {CountedFrom.STATION}),
    "pool_patents": (gettext_lazy("池中有效专利（统计日）"), POOL_SIZES, {CountedFrom.POOL}),
    "product_kind": (gettext_lazy("产品备案类型"), ProductKind.choices, {CountedFrom.PRODUCT}),
}  # fmt: skip


def _options(key: str) -> list[tuple[str, str]]:
    choices = FILTERS[key][1]
    return choices() if callable(choices) else choices  # tags: the offices' own too


def filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The filters as grouped choices for the page."""
    return [
        (f"{label}", [(f"{key}:{value}", f"{label}：{text}") for value, text in _options(key)])
        for key, (label, _choices, _tables) in FILTERS.items()
    ]


def parsed(filters: list[str]) -> dict[str, list[str]]:
    """key → its values, for filters known to the page (unknown ones are for `check` to refuse)."""
    found: dict[str, list[str]] = defaultdict(list)
    for item in filters or []:
        key, _sep, value = str(item).partition(":")
        found[key].append(value)
    return dict(found)


def check(indicator: OfficeIndicator) -> None:
    """The definition's rules, as field errors in Chinese."""
    from zhichan.monitor.indicators import BUILTIN_INDICATORS

    errors: dict[str, str] = {}
    if not CODE.fullmatch(indicator.code or ""):
        errors["code"] = _("代码须以小写字母开头，由小写字母、数字和下划线组成（2–40 个字符）。")
    elif indicator.code in BUILTIN_INDICATORS:
        errors["code"] = _("“%(c)s”是内置指标的代码，请换一个。") % {"c": indicator.code}
    elif refused := code_change_refused(indicator):
        errors["code"] = refused
    source = indicator.counted_from
    if source == CountedFrom.ENTERED:
        if indicator.filters:
            errors["filters"] = _("录入的指标不设筛选条件。")
        if indicator.sums_amount:
            errors["sums_amount"] = _("录入的指标没有可合计的金额。")
    elif source in WHEN:
        if indicator.counted_when not in WHEN[source]:
            allowed = "、".join(str(CountedWhen(w).label) for w in CountedWhen if w in WHEN[source])
            errors["counted_when"] = _("%(s)s可按以下口径统计：%(a)s。") % {
                "s": CountedFrom(source).label, "a": allowed,
            }  # fmt: skip
        bad = []
        for item in indicator.filters or []:
            key, _sep, value = str(item).partition(":")
            known = FILTERS.get(key)
            if known is None or value not in dict(_options(key)) or source not in known[2]:
                bad.append(str(item))
        if bad:
            errors["filters"] = _("以下筛选条件不适用于%(s)s：%(b)s。") % {
                "s": CountedFrom(source).label, "b": "、".join(bad),
            }  # fmt: skip
        tags = parsed(indicator.filters).get("tag")
        if source == CountedFrom.ENTITY and indicator.counted_when == CountedWhen.NEW and not tags:
            errors.setdefault("filters", _("主体的新增按取得标签之日计，请至少选择一个标签。"))
        if indicator.sums_amount and source != CountedFrom.PLEDGE:
            errors["sums_amount"] = _("只有质押登记可以合计金额。")
    if indicator.digits is not None and indicator.digits > 4:
        errors["digits"] = _("小数位数不超过 4 位。")
    if not indicator.divisor:
        errors["divisor"] = _("换算除数至少为 1。")
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Counting


def _in_period(field: str, c: Context) -> Q:
    return Q(**{f"{field}__gte": c.since, f"{field}__lte": c.as_of})


def _tag_held(tags: list[str], day: date, *, entity: str = "pk") -> Q:
    """Rows whose entity (``entity``: the outer row's field naming it) held one of ``tags`` on the day."""
    held = EntityTag.objects.filter(entity_id=OuterRef(entity), tag__in=tags).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    return Q(Exists(held))


def where(spec: OfficeIndicator):
    """The measure's filter: Context → Q on its table's rows."""
    source, when, chosen = spec.counted_from, spec.counted_when, parsed(spec.filters)

    def patent(c: Context) -> Q:
        q = {
            CountedWhen.ON_DATE: status_q(PatentStatus.VALID, c.as_of),
            CountedWhen.NEW: _in_period("granted_on", c),
            CountedWhen.FILED: _in_period("filed_on", c),
        }[when]
        if "patent_kind" in chosen:
            q &= Q(kind__in=chosen["patent_kind"])
        if "tag" in chosen:
            holders = PatentApplicant.objects.filter(patent=OuterRef("pk"), entity__isnull=False).filter(
                _tag_held(chosen["tag"], c.as_of, entity="entity_id")
            )
            q &= Q(Exists(holders))
        return q

    def entity(c: Context) -> Q:
        q = Q(kind__in=chosen["entity_kind"]) if "entity_kind" in chosen else Q()
        if when == CountedWhen.NEW:
            new = EntityTag.objects.filter(entity=OuterRef("pk"), tag__in=chosen.get("tag", [])).filter(
                _in_period("valid_from", c)
            )
            return q & Q(Exists(new))
        if "tag" in chosen:
            q &= _tag_held(chosen["tag"], c.as_of)
        return q

    def trademark(c: Context) -> Q:
        q = {
            CountedWhen.ON_DATE: right_valid_q(c.as_of),
            CountedWhen.NEW: _in_period("registered_on", c),
            CountedWhen.FILED: _in_period("filed_on", c),
        }[when]
        if "mark_kind" in chosen:
            q &= Q(mark_kind__in=chosen["mark_kind"])
        if "madrid" in chosen.get("mark", []):
            q &= Q(madrid=True)
        if "gi" in chosen.get("mark", []):
            q &= Q(is_gi=True)
        return q

    def gi(c: Context) -> Q:
        q = right_valid_q(c.as_of) if when == CountedWhen.ON_DATE else _in_period("registered_on", c)
        return q & Q(mode__in=chosen["gi_mode"]) if "gi_mode" in chosen else q

    def pledge(c: Context) -> Q:
        if when == CountedWhen.NEW:
            return _in_period("registered_on", c)
        return Q(registered_on__lte=c.as_of) & (Q(released_on__isnull=True) | Q(released_on__gt=c.as_of))

    def event(c: Context) -> Q:
        q = _in_period("effective_on", c) & Q(date_estimated=False)  # an undated event counts nowhere
        return q & Q(kind__in=chosen["event_kind"]) if "event_kind" in chosen else q

    def case(c: Context) -> Q:
        q = _in_period("decided_on" if when == CountedWhen.NEW else "filed_on", c)
        return q & Q(kind__in=chosen["case_kind"]) if "case_kind" in chosen else q

    def station(c: Context) -> Q:
        if when == CountedWhen.NEW:
            q = _in_period("established_on", c)
        else:  # set up by the day and not closed on it
            q = Q(established_on__lte=c.as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=c.as_of))
        if "station_kind" in chosen:
            q &= Q(kind__in=chosen["station_kind"])
        return q & Q(level__in=chosen["station_level"]) if "station_level" in chosen else q

    def pool(c: Context) -> Q:
        if when == CountedWhen.NEW:
            q = _in_period("founded_on", c)
        else:  # set up by the day (a pool without a date counts from when it was entered)
            q = Q(founded_on__lte=c.as_of) | Q(founded_on__isnull=True, created_at__date__lte=c.as_of)
        if "pool_patents" in chosen:  # at least this many of its patents in force on the day
            least = min(int(n) for n in chosen["pool_patents"])
            large = PatentPool.objects.annotate(
                valid=Count("patents", filter=status_q(PatentStatus.VALID, c.as_of, prefix="patents__"))
            ).filter(valid__gte=least)
            q &= Q(pk__in=large.values("pk"))
        return q

    def product(c: Context) -> Q:
        q = Q(status=ProductStatus.APPROVED) & (
            _in_period("decided_on", c) if when == CountedWhen.NEW else Q(decided_on__lte=c.as_of)
        )
        return q & Q(kind__in=chosen["product_kind"]) if "product_kind" in chosen else q

    return {
        CountedFrom.PATENT: patent,
        CountedFrom.ENTITY: entity,
        CountedFrom.TRADEMARK: trademark,
        CountedFrom.GI: gi,
        CountedFrom.PLEDGE: pledge,
        CountedFrom.EVENT: event,
        CountedFrom.CASE: case,
        CountedFrom.STATION: station,
        CountedFrom.POOL: pool,
        CountedFrom.PRODUCT: product,
    }[source]


def describe(spec: OfficeIndicator) -> str:
    """How the indicator is counted, in words (the board's formula line)."""
    if spec.counted_from == CountedFrom.ENTERED:
        return _("录入值（按截至日期取最近一次录入）")
    parts = [str(CountedFrom(spec.counted_from).label), str(CountedWhen(spec.counted_when).label)]
    chosen = parsed(spec.filters)
    for key, values in chosen.items():
        label, names = FILTERS[key][0], dict(_options(key))
        parts.append(f"{label}：{'或'.join(str(names.get(v, v)) for v in values)}")
    parts.append(_("合计登记金额") if spec.sums_amount else _("计数"))
    if spec.divisor != 1:
        parts.append(_("÷ %(d)s") % {"d": f"{spec.divisor:,}"})
    return " · ".join(parts)


def build(spec: OfficeIndicator) -> tuple[Indicator, Measure | None]:
    if spec.counted_from == CountedFrom.ENTERED:
        indicator = Indicator(
            spec.code, spec.name, spec.unit, spec.definition, spec.basis, describe(spec), None,
            digits=spec.digits, period=ENTERED, lower_is_better=spec.lower_is_better,
        )  # fmt: skip
        return indicator, None
    measure = Measure(
        MEASURE_PREFIX + spec.code,
        SOURCE[spec.counted_from],
        spec.name,
        where(spec),
        "sum" if spec.sums_amount else "count",
    )
    indicator = Indicator(
        spec.code, spec.name, spec.unit, spec.definition, spec.basis, describe(spec), measure.code,
        divisor=spec.divisor, digits=spec.digits, period=STOCK if spec.counted_when == CountedWhen.ON_DATE else FLOW,
        lower_is_better=spec.lower_is_better,
    )  # fmt: skip
    return indicator, measure


# ---------------------------------------------------------------------------------------------
# The definitions in this process

STAMP = "zhichan:indicators-stamp"
RECHECK_SECONDS = 1.0

_lock = threading.Lock()
_held: dict = {"stamp": None, "checked": 0.0, "indicators": {}, "measures": {}}


def definitions() -> tuple[dict[str, Indicator], dict[str, Measure]]:
    """The office-defined indicators and their measures, by code."""
    now = time.monotonic()
    if now - _held["checked"] < RECHECK_SECONDS:
        return _held["indicators"], _held["measures"]
    with _lock:
        stamp = stamps.stamp(STAMP)
        if stamp != _held["stamp"]:
            indicators, measures = {}, {}
            for spec in OfficeIndicator.objects.order_by("region__code", "code"):
                indicator, measure = build(spec)
                indicators[indicator.code] = indicator
                if measure is not None:
                    measures[measure.code] = measure
            _held.update(stamp=stamp, indicators=indicators, measures=measures)
        _held["checked"] = now
    return _held["indicators"], _held["measures"]


def forget(**_kwargs) -> None:
    """Read the definitions again at the next use (a request starts; a test starts)."""
    _held["checked"] = 0.0


def changed(**_kwargs) -> None:
    """A definition was saved or deleted: every process reads them again."""
    stamps.move(STAMP)
    _held["stamp"] = None
    forget()
    stamps.data_changed()  # cached boards were computed with the old definition
