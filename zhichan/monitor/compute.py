"""Computing the indicator board: every indicator for a set of regions as of a date.

One grouped query per source table counts every measure per leaf region (the region a record is
located in: a county or a township); each requested region sums the leaves under its prefix, so
the division tree and any peer set cost the same passes. Patents that moved region by transfer
(`PatentEvent.region_before/after`) are left out of the grouped pass and placed one by one where
they were on the date that matters (the as-of date; for events, the event's date). `records()`
returns exactly the rows a figure counted, by the same filters.
"""

import hashlib
import json
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from zhichan.assets.models import (
    EventKind,
    GeographicalIndication,
    Patent,
    PatentEvent,
    Trademark,
)
from zhichan.classify.engine import default_ruleset
from zhichan.classify.models import PatentClass, RuleSet
from zhichan.entities.models import Entity
from zhichan.finance.models import Pledge
from zhichan.lib.planner import checked_in_passing
from zhichan.lib.stamp import computed_once, data_stamp
from zhichan.market.models import PatentPool, PatentProduct
from zhichan.monitor.indicators import (
    BUILTIN_INDICATORS,
    BUILTIN_MEASURES,
    CASE,
    CLASS,
    ENTERED,
    ENTERPRISE,
    EVENT,
    FIGURES,
    FLOW,
    GI,
    INDICATORS,
    MEASURES,
    PATENT,
    PLEDGE,
    POOL,
    PRODUCT,
    STATION,
    TRADEMARK,
    Context,
    Indicator,
    value_of,
)
from zhichan.monitor.models import EnteredValue
from zhichan.protection.models import Case, Workstation
from zhichan.regions.models import Region, RegionFigure

REGISTRY, ENTERED_ORIGIN, PARTIAL, MISSING = "registry", "entered", "partial", "missing"


def context(as_of: date, since: date | None = None, ruleset: RuleSet | None = None) -> Context:
    ruleset = ruleset or default_ruleset()
    return Context(
        as_of=as_of, since=since or date(as_of.year, 1, 1), ruleset_id=ruleset.pk if ruleset else None
    )


# ---------------------------------------------------------------------------------------------
# Where patents were: transfers that moved them between regions


def _moving_events() -> QuerySet:
    return PatentEvent.objects.filter(
        kind=EventKind.TRANSFER, region_before__isnull=False, region_after__isnull=False
    )


def moved_ids() -> QuerySet:
    """The patents that changed region, as a subquery (no list of ids in the SQL, however many)."""
    return _moving_events().values("patent_id")


def moves() -> dict[int, list[tuple[date, int, int]]]:
    """patent id → [(effective_on, region_before, region_after), …] in date order."""
    found: dict[int, list] = defaultdict(list)
    rows = (
        _moving_events()
        .order_by("patent_id", "effective_on", "pk")
        .values_list("patent_id", "effective_on", "region_before_id", "region_after_id")
    )
    for patent_id, day, before, after in rows:
        found[patent_id].append((day, before, after))
    return found


def region_on(history: list[tuple[date, int, int]], current: int | None, day: date) -> int | None:
    """Where a moved patent was on ``day``: before the first move that had not happened yet."""
    for effective_on, before, _after in history:
        if effective_on > day:
            return before
    return current


# ---------------------------------------------------------------------------------------------
# Counting


def _cover(prefixes: list[str]) -> list[str]:
    """The fewest prefixes whose subtrees hold all of ``prefixes``' subtrees."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def region_prefixes() -> dict[int, str]:
    """Region id → prefix (a few thousand rows)."""
    return dict(Region.objects.values_list("pk", "prefix"))


def leaves_of(region: Region) -> list[int]:
    """The ids of a region and every region below it."""
    return leaves_under(region_prefixes(), [region.prefix])[region.prefix]


def leaves_under(prefix_of: dict[int, str], prefixes) -> dict[str, list[int]]:
    """prefix → the ids of the regions in its subtree (itself included), in one pass."""
    wanted = set(prefixes)
    lengths = {len(p) for p in wanted}
    found: dict[str, list[int]] = {p: [] for p in wanted}
    for pk, prefix in prefix_of.items():
        for length in lengths:
            if len(prefix) >= length and prefix[:length] in wanted:
                found[prefix[:length]].append(pk)
    return found


def _aggregate(measure, ctx: Context):
    where = measure.where(ctx)
    if measure.total == "sum":
        return Sum(measure.field, filter=where)
    if measure.total == "distinct":
        return Count(measure.field, filter=where, distinct=True)
    return Count("pk", filter=where)


# How each source's rows are located, and which field names the patent (for moves).
LOCATE = {PATENT: "region", CLASS: "region", ENTERPRISE: "region", TRADEMARK: "region", GI: "region",
          EVENT: "patent__region", PLEDGE: "region", CASE: "region", STATION: "region", POOL: "region",
          PRODUCT: "region"}  # fmt: skip
PATENT_KEY = {PATENT: "pk", CLASS: "patent_id", EVENT: "patent_id"}


def _source_queryset(source: str, ctx: Context) -> QuerySet:
    if source == PATENT:
        return Patent.objects.order_by()
    if source == CLASS:
        return PatentClass.objects.order_by().filter(ruleset_id=ctx.ruleset_id)
    if source == ENTERPRISE:
        return Entity.objects.order_by().filter(merged_into__isnull=True)
    if source == TRADEMARK:
        return Trademark.objects.order_by()
    if source == GI:
        return GeographicalIndication.objects.order_by()
    if source == PLEDGE:
        return Pledge.objects.order_by()
    if source == CASE:
        return Case.objects.order_by()
    if source == STATION:
        return Workstation.objects.order_by()
    if source == POOL:
        return PatentPool.objects.order_by()
    if source == PRODUCT:
        return PatentProduct.objects.order_by()
    return PatentEvent.objects.order_by()


@contextmanager
def _planned():
    """PostgreSQL compiles costly queries with JIT, which costs more than these grouped scans save
    (0.1–0.5 s per query, measured); off for the board's own transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def measure_counts_over(
    codes: set[str], prefixes: list[str], ctxs: list[Context], prefix_of: dict[int, str] | None = None
) -> list[dict[str, dict[int, Decimal]]]:
    """For each date, measure → leaf region id → value, for the leaves under ``prefixes``. A
    scanned source is read once for all the dates (a trend of thirteen quarter-ends costs one pass
    over the covering index, not thirteen)."""
    with _planned():
        return _measure_counts(codes, prefixes, ctxs, prefix_of or region_prefixes())


def _measure_counts(
    codes, prefixes, ctxs: list[Context], prefix_of: dict[int, str]
) -> list[dict[str, dict[int, Decimal]]]:
    by_source: dict[str, list] = defaultdict(list)
    for code in codes:
        measure = MEASURES[code]
        if uncountable(measure, ctxs[0]):  # the same rule version at every date
            continue  # no rule version, or not the tables the measure rests on: no figure, not 0
        by_source[measure.source].append(measure)
    covered = _cover(prefixes)
    leaves = sorted({pk for ids in leaves_under(prefix_of, covered).values() for pk in ids})
    counts: list[dict[str, dict[int, Decimal]]] = [
        {m.code: defaultdict(int) for ms in by_source.values() for m in ms} for _ctx in ctxs
    ]
    moved = moves() if set(by_source) & set(PATENT_KEY) else {}
    for source, measures in by_source.items():
        # Sources whose counted rows are few (high-value classes, a period's events) are read from
        # their own indexes, one measure and date at a time, for every region (the roll-up keeps
        # only the leaves asked for); the others are scanned by region through covering indexes,
        # every measure at every date in the same pass.
        if source in SELECTIVE:
            for measure in measures:
                for ctx, found in zip(ctxs, counts, strict=True):
                    _count(source, [measure], True, leaves, moved, covered, prefix_of, [ctx], [found])
        else:
            _count(source, measures, False, leaves, moved, covered, prefix_of, ctxs, counts)
    return [{code: dict(values) for code, values in found.items()} for found in counts]


SELECTIVE = {CLASS, EVENT, PLEDGE, CASE, STATION, POOL, PRODUCT}
WHOLE_SCAN_LEAVES = 200  # a city or a province: counted over all rows, the roll-up keeps its own


def _count(source, measures, selective, leaves, moved, covered, prefix_of, ctxs, counts) -> None:
    rows, locate = _source_queryset(source, ctxs[0]), LOCATE[source]
    if selective:
        rows = rows.filter(measures[0].where(ctxs[0]))
        scoped = rows
    elif len(leaves) > WHOLE_SCAN_LEAVES:
        scoped = rows  # most of the registry: one scan of the covering index beats the id list
    else:
        scoped = rows.filter(**{f"{locate}_id__in": leaves})  # ranges of the covering (region, …) index
    per_date = [{f"{m.code}@{i}": _aggregate(m, ctx) for m in measures} for i, ctx in enumerate(ctxs)]
    if source in PATENT_KEY and moved:
        scoped = scoped.exclude(**{f"{PATENT_KEY[source]}__in": moved_ids()})
    aggregates = {name: a for named in per_date for name, a in named.items()}
    for row in scoped.values(f"{locate}_id").annotate(**aggregates):
        leaf = row.pop(f"{locate}_id")
        for name, value in row.items():
            code, i = name.rsplit("@", 1)
            counts[int(i)][code][leaf] += value or 0
    if source in PATENT_KEY and moved:
        for i, ctx in enumerate(ctxs):
            _place_moved(source, rows, per_date[i], moved, covered, prefix_of, ctx, counts[i])


def _place_moved(source, rows, aggregates, moved, covered, prefix_of, ctx, counts) -> None:
    """Count the patents (or their rows) that changed region, where they were at the time."""
    key, locate = PATENT_KEY[source], LOCATE[source]
    dated = ["effective_on"] if source == EVENT else []
    grouped = (
        rows.filter(**{f"{key}__in": moved_ids()})
        .values(key, f"{locate}_id", *dated)
        .annotate(**aggregates)
        .order_by(key)  # the same order on every database
    )
    for row in grouped:
        patent_id, current = row.pop(key), row.pop(f"{locate}_id")
        day = row.pop("effective_on") if dated else ctx.as_of
        leaf = region_on(moved[patent_id], current, day)
        if leaf is None or not any(prefix_of.get(leaf, "").startswith(p) for p in covered):
            continue
        for name, value in row.items():
            counts[name.rsplit("@", 1)[0]][leaf] += value or 0


# ---------------------------------------------------------------------------------------------
# Denominators


def figures_for(regions: list[Region], fields: set[str], year: int) -> dict[tuple[int, str], tuple]:
    """(region id, field) → (value, year used, note): the year's figure, else the latest before it,
    else the sum of the children's figures for one year when every child has it."""
    if not fields:
        return {}
    ids = [r.pk for r in regions]
    children = defaultdict(list)
    for pk, parent in Region.objects.filter(parent_id__in=ids).values_list("pk", "parent_id"):
        children[parent].append(pk)
    wanted = ids + [c for kids in children.values() for c in kids]
    rows = defaultdict(dict)  # region → year → figure
    for figure in RegionFigure.objects.filter(region_id__in=wanted, year__lte=year).order_by("year"):
        rows[figure.region_id][figure.year] = figure
    found = {}
    for region in regions:
        for field in fields:
            found[(region.pk, field)] = _figure(region.pk, field, year, rows, children)
    return found


def _figure(pk, field, year, rows, children) -> tuple:
    own = [(y, getattr(f, field)) for y, f in rows[pk].items() if getattr(f, field) is not None]
    if own:
        used, value = own[-1]
        note = "" if used == year else _("采用%(y)s年数据") % {"y": used}
        return value, used, note
    kids = children.get(pk) or []
    for candidate in range(year, year - 3, -1):
        values = [getattr(rows[k].get(candidate), field, None) for k in kids]
        if kids and all(v is not None for v in values):
            note = _("由%(n)s个下级区划%(y)s年数据合计") % {"n": len(kids), "y": candidate}
            return sum(values), candidate, note
    return None, None, _("缺少%(f)s数据") % {"f": FIGURES[field]}


# ---------------------------------------------------------------------------------------------
# The board


@dataclass
class Cell:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    origin: str = REGISTRY
    note: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("value", "numerator", "denominator"):
            if data[key] is not None:
                data[key] = str(data[key])
        return data


def board_regions(region: Region) -> list[Region]:
    """The regions of a region's board: itself, then its subdivisions by code."""
    return [region, *region.children.order_by("code")]


def home_region() -> Region | None:
    return Region.objects.filter(code=settings.HOME_REGION_CODE).first()


def coverage(region: Region, home: Region | None) -> str:
    """How much of a region the registry holds: all (within the office's region), part or none."""
    if home is None or home.contains(region):
        return REGISTRY
    return PARTIAL if region.contains(home) else MISSING


# measure → the indicator that is its plain count (an entered count serves the ratios built on it)
COUNT_OF = {i.numerator: i.code for i in reversed(list(BUILTIN_INDICATORS.values()))
            if i.denominator is None and i.numerator in BUILTIN_MEASURES and i.divisor == 1 and i.period != ENTERED}  # fmt: skip


def _entered(regions, codes, ctx: Context) -> dict[tuple[int, str], EnteredValue]:
    """The latest entered value on or before the date (within the period for flows)."""
    found = {}
    values = EnteredValue.objects.filter(region__in=regions, indicator__in=codes, on__lte=ctx.as_of).order_by(
        "on", "pk"
    )
    for entered in values:
        found[(entered.region_id, entered.indicator)] = entered
    return found


def board(regions: list[Region], ctx: Context, codes: list[str] | None = None) -> dict[str, dict[str, Cell]]:
    """region code → indicator code → Cell."""
    return boards(regions, [ctx], codes)[0]


_shared: ContextVar[dict | None] = ContextVar("zhichan_shared_boards", default=None)


@contextmanager
def shared_boards():
    """Within the block, a board already computed for the same regions, date and indicators is
    reused: a target's progress asks for its current value, its baseline and a dozen trend points,
    and computes them in one pass when it asks for them together first (`plans.progress`)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def boards(
    regions: list[Region], ctxs: list[Context], codes: list[str] | None = None
) -> list[dict[str, dict[str, Cell]]]:
    """`board` at several dates, the registry's rows read once for all of them."""
    memo = _shared.get()
    if memo is None:
        return _boards(regions, ctxs, codes)

    def key(ctx: Context) -> tuple:
        return tuple(r.pk for r in regions), ctx, tuple(codes or INDICATORS)

    missing = list(dict.fromkeys(ctx for ctx in ctxs if key(ctx) not in memo))  # each date once
    if missing:
        memo.update(zip(map(key, missing), _boards(regions, missing, codes), strict=True))
    return [memo[key(ctx)] for ctx in ctxs]


def _boards(
    regions: list[Region], ctxs: list[Context], codes: list[str] | None = None
) -> list[dict[str, dict[str, Cell]]]:
    indicators = [INDICATORS[c] for c in (codes or INDICATORS)]
    measures = set()
    fields = set()
    for indicator in indicators:
        for part in (indicator.numerator, indicator.denominator):
            if part in MEASURES:
                measures.add(part)
            elif part in FIGURES:
                fields.add(part)
    prefix_of = region_prefixes()
    prefixes = [r.prefix for r in regions]
    every = measure_counts_over(measures, prefixes, ctxs, prefix_of) if regions else [{} for _ctx in ctxs]
    counted = [
        COUNT_OF[i.numerator] for i in indicators if i.denominator is not None and i.numerator in COUNT_OF
    ]
    home = home_region()
    subtree = leaves_under(prefix_of, prefixes)
    found = []
    for ctx, counts in zip(ctxs, every, strict=True):
        figures = figures_for(regions, fields, ctx.as_of.year)
        entered = _entered(regions, [i.code for i in indicators] + counted, ctx)
        result = {}
        for region in regions:
            leaves = subtree[region.prefix]
            covered = coverage(region, home)
            row = {}
            for indicator in indicators:
                row[indicator.code] = _cell(indicator, region, leaves, counts, figures, entered, covered, ctx)
            result[region.code] = row
        found.append(result)
    return found


TABLE_NAMES = {"ipc_nic": _("IPC—国民经济行业参照表"), "nic_pi": _("国民经济行业—专利密集型产业参照表"),
               "ipc_sei": _("IPC—战略性新兴产业参照表")}  # fmt: skip


def uncountable(measure, ctx: Context) -> str:
    """Why the registry cannot count a measure under the context's rule version ("" if it can)."""
    if not measure.needs_rules:
        return ""
    ruleset = _ruleset(ctx.ruleset_id)
    if ruleset is None:
        return _("无法计算：未指定分类规则版本")
    if ruleset.stale:
        return _("无法计算：分类规则版本“%(r)s”正在重新分类（后台任务），完成后自动更新") % {
            "r": ruleset.name
        }
    missing = [TABLE_NAMES[t] for t in measure.needs_tables if getattr(ruleset, f"{t}_id") is None]
    if missing:
        return _("无法计算：分类规则版本“%(r)s”缺少%(t)s（在 管理 → 分类口径 载入后自动重新分类）") % {
            "r": ruleset.name, "t": "、".join(str(m) for m in missing),
        }  # fmt: skip
    return ""


def _ruleset(ruleset_id: int | None):
    from zhichan.classify.models import RuleSet

    if ruleset_id is None:
        return None
    fields = ("name", "ipc_nic", "nic_pi", "ipc_sei", "computed_at", "changed_at")
    return RuleSet.objects.filter(pk=ruleset_id).only(*fields).first()


def _part(name, region, leaves, counts, figures, ctx) -> tuple:
    if name in MEASURES:
        if name not in counts:  # left out of the counting because it cannot be counted
            return None, uncountable(MEASURES[name], ctx)
        per_leaf = counts[name]
        return sum((per_leaf.get(leaf, 0) for leaf in leaves), 0), ""
    value, _year, note = figures[(region.pk, name)]
    return value, note


def _typed(entered, region, code, ctx) -> EnteredValue | None:
    typed = entered.get((region.pk, code))
    if typed is not None and INDICATORS[code].period == FLOW and typed.on < ctx.since:
        return None  # a flow entered for an earlier period
    return typed


def _cell(indicator: Indicator, region, leaves, counts, figures, entered, covered, ctx) -> Cell:
    typed = _typed(entered, region, indicator.code, ctx)
    if typed is not None and (indicator.period == ENTERED or covered != REGISTRY or indicator.official_first):
        note = _("录入：%(s)s（截至%(d)s）") % {"s": typed.source, "d": typed.on}
        value = typed.value.quantize(Decimal(1).scaleb(-indicator.digits), rounding=ROUND_HALF_UP)
        if indicator.official_first and covered != MISSING and indicator.numerator in counts:
            counted = _part(indicator.numerator, region, leaves, counts, figures, ctx)[0]
            if counted is not None and Decimal(counted) != typed.value:
                note += _("；登记簿计 %(n)s（只含进入中国国家阶段的国际申请）") % {"n": counted}
        return Cell(value, origin=ENTERED_ORIGIN, note=note)
    if indicator.period == ENTERED or indicator.numerator is None:
        return Cell(None, origin=MISSING, note=_("尚无录入值"))
    if covered == MISSING:
        count = (
            _typed(entered, region, COUNT_OF.get(indicator.numerator, ""), ctx)
            if indicator.denominator
            else None
        )
        if count is not None:
            # A ratio from entered parts: the count entered for the region, over its figure.
            denominator, denominator_note = _part(indicator.denominator, region, leaves, counts, figures, ctx)
            value = value_of(indicator, count.value, denominator)
            notes = [
                _("据录入的%(n)s %(v)s（%(s)s）计算")
                % {"n": INDICATORS[count.indicator].name, "v": count.value.normalize(), "s": count.source}
            ]
            notes += [denominator_note] if denominator_note else []
            return Cell(
                value,
                count.value,
                denominator,
                ENTERED_ORIGIN if value is not None else MISSING,
                "；".join(notes),
            )
        return Cell(None, origin=MISSING, note=_("登记簿不覆盖该区划，请录入数值"))
    numerator, note = _part(indicator.numerator, region, leaves, counts, figures, ctx)
    denominator, denominator_note = (None, "")
    if indicator.denominator is not None:
        denominator, denominator_note = _part(indicator.denominator, region, leaves, counts, figures, ctx)
    notes = [n for n in (note, denominator_note) if n]
    origin = REGISTRY
    if covered != REGISTRY:
        origin = PARTIAL
        notes.append(_("登记簿未完整覆盖该区划，仅计已入库记录"))
    if numerator is not None and not isinstance(numerator, Decimal):
        numerator = Decimal(numerator)
    if denominator is not None and not isinstance(denominator, Decimal):
        denominator = Decimal(denominator)
    value = value_of(indicator, numerator, denominator)
    return Cell(value, numerator, denominator, origin if value is not None else MISSING, "；".join(notes))


# ---------------------------------------------------------------------------------------------
# Cached boards


def cached_board(
    regions: list[Region], ctx: Context, codes: list[str] | None = None
) -> dict[str, dict[str, dict]]:
    """The board as plain data, cached until the data stamp moves (any write that can change it)."""
    return cached_boards(regions, [ctx], codes)[0]


def cached_boards(
    regions: list[Region], ctxs: list[Context], codes: list[str] | None = None
) -> list[dict[str, dict[str, dict]]]:
    """`cached_board` at several dates (a trend), computed together and cached as one."""
    parts = {
        "regions": sorted(r.code for r in regions),
        "dates": [(ctx.as_of.isoformat(), ctx.since.isoformat(), ctx.ruleset_id) for ctx in ctxs],
        "codes": sorted(codes or INDICATORS),
        "stamp": data_stamp(),
    }
    key = "zhichan:board:" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def compute() -> list[dict[str, dict[str, dict]]]:
        return [
            {code: {i: cell.as_json() for i, cell in row.items()} for code, row in computed.items()}
            for computed in boards(regions, ctxs, codes)
        ]

    return computed_once(key, compute)


# ---------------------------------------------------------------------------------------------
# Drill-down: the records a figure counted


def records(measure_code: str, region: Region, ctx: Context) -> QuerySet:
    """The rows behind ``measure_code`` for ``region`` on the context's date, by the same rules:
    patents (for patent and class measures), entities, trademarks, GIs or legal events."""
    measure = MEASURES[measure_code]
    rows = _source_queryset(measure.source, ctx).filter(measure.where(ctx))
    # The region's leaves as ids, as the board counts them (the planner then filters inside the
    # covering (region, …) indexes instead of joining the division tree row by row).
    leaves = leaves_of(region)
    if measure.source == ENTERPRISE:
        return rows.filter(region_id__in=leaves).order_by("name")
    if measure.source in (TRADEMARK, GI):
        return rows.filter(region_id__in=leaves).order_by("number")
    if measure.source == PLEDGE:
        return rows.filter(region_id__in=leaves).order_by("-registered_on", "-pk")
    if measure.source == CASE:
        return rows.filter(region_id__in=leaves).order_by("-decided_on", "-pk")
    if measure.source == STATION:
        return rows.filter(region_id__in=leaves).order_by("-established_on", "-pk")
    if measure.source == POOL:
        return rows.filter(region_id__in=leaves).order_by("name", "pk")
    if measure.source == PRODUCT:
        return rows.filter(region_id__in=leaves).order_by("-decided_on", "-pk")
    source = measure.source
    if source == CLASS:
        rows, source = Patent.objects.filter(pk__in=rows.values("patent_id")), PATENT
    locate = LOCATE[source]
    # Patents newest first, read along the list's filing-date index a page at a time.
    here = (
        checked_in_passing(f"{locate}_id", leaves) if source == PATENT else Q(**{f"{locate}_id__in": leaves})
    )
    moved = moves()
    if moved:
        key = PATENT_KEY[source]
        here = (here & ~Q(**{f"{key}__in": moved_ids()})) | Q(
            pk__in=_moved_here(source, rows, moved, region, ctx)
        )
    return rows.filter(here).order_by(
        *(("-filed_on", "-pk") if source == PATENT else ("-effective_on", "-pk"))
    )


def _moved_here(source, rows, moved, region, ctx) -> list[int]:
    prefix_of = region_prefixes()
    if source == PATENT:
        candidates = rows.filter(pk__in=moved_ids()).values_list("pk", "pk", "region_id")
        placed = ((pk, region_on(moved[patent], current, ctx.as_of)) for pk, patent, current in candidates)
    else:
        candidates = rows.filter(patent_id__in=moved_ids()).values_list(
            "pk", "patent_id", "patent__region_id", "effective_on"
        )
        placed = ((pk, region_on(moved[patent], current, day)) for pk, patent, current, day in candidates)
    return [
        pk for pk, leaf in placed if leaf is not None and prefix_of.get(leaf, "").startswith(region.prefix)
    ]
