"""The charts of the board beyond the table: composition of a region's valid patents (by type, by
strategic emerging industry, by patent-intensive category) and quarterly trends. Each chart is
plain data (`{"title", "unit", "categories", "series": [{"name", "data"}]}`) that the page draws
with ECharts and that downloads as CSV or JSON."""

from collections import Counter
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from zhichan.assets.models import Patent, PatentKind, PatentStatus
from zhichan.assets.status import status_q
from zhichan.classify.models import ClassName, PatentClass, Scheme
from zhichan.lib.stamp import computed_once, data_stamp
from zhichan.monitor.compute import Context, cached_boards, leaves_of
from zhichan.monitor.forecast import quarter_ends
from zhichan.monitor.indicators import INDICATORS

TREND_INDICATORS = ["invention_valid", "high_value_count", "trademark_valid", "invention_granted"]


def by_kind(region, ctx: Context) -> dict:
    valid = status_q(PatentStatus.VALID, ctx.as_of)
    rows = dict(
        Patent.objects.filter(valid, region_id__in=leaves_of(region))
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    kinds = list(PatentKind)
    return {
        "key": "kind",
        "title": _("有效专利构成（按类型）"),
        "unit": _("件"),
        "categories": [str(k.label) for k in kinds],
        "series": [{"name": _("有效专利"), "data": [rows.get(k.value, 0) for k in kinds]}],
    }


def _by_mask(region, ctx: Context, field: str, scheme: str, title: str) -> dict:
    """Valid patents of the rule version per first-level class (a patent counts in each it has)."""
    names = dict(ClassName.objects.filter(scheme=scheme, parent="").values_list("code", "name"))
    counts: Counter = Counter()
    if ctx.ruleset_id is not None:
        rows = (
            PatentClass.objects.filter(ruleset_id=ctx.ruleset_id, region_id__in=leaves_of(region))
            .filter(status_q(PatentStatus.VALID, ctx.as_of), **{f"{field}__gt": 0})
            .values_list(field)
            .annotate(n=Count("pk"))
        )
        for mask, n in rows:
            for bit in range(16):
                if mask & (1 << bit):
                    counts[str(bit + 1)] += n
    codes = sorted(names, key=int)
    return {
        "key": field,
        "title": title,
        "unit": _("件"),
        "categories": [names[c] for c in codes],
        "series": [{"name": _("有效专利"), "data": [counts.get(c, 0) for c in codes]}],
    }


def trends(region, ctx: Context) -> dict:
    points = quarter_ends(ctx.as_of)
    series = {code: [] for code in TREND_INDICATORS}
    for cells in cached_boards([region], [_at(ctx, point) for point in points], TREND_INDICATORS):
        for code in TREND_INDICATORS:
            series[code].append(cells[region.code][code]["value"])
    return {
        "key": "trend",
        "title": _("季度趋势（流量指标为当年累计）"),
        "unit": "",
        "categories": [p.isoformat() for p in points],
        "series": [
            {"name": f"{INDICATORS[c].name}（{INDICATORS[c].unit}）", "data": series[c]}
            for c in TREND_INDICATORS
        ],
    }


def _at(ctx: Context, day: date) -> Context:
    return Context(as_of=day, since=date(day.year, 1, 1), ruleset_id=ctx.ruleset_id)


def charts(region, ctx: Context) -> list[dict]:
    key = f"zhichan:charts:{region.code}:{ctx.as_of}:{ctx.since}:{ctx.ruleset_id}:{data_stamp()}"
    return computed_once(key, lambda: [
        by_kind(region, ctx),
        _by_mask(region, ctx, "sei_mask", Scheme.SEI, _("有效专利构成（按战略性新兴产业，可多属）")),
        _by_mask(region, ctx, "pi_mask", Scheme.PI, _("有效专利构成（按专利密集型产业七大类）")),
        trends(region, ctx),
    ])  # fmt: skip
