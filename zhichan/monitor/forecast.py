"""Forecasts of an indicator's value at a deadline, each with a 95 % band.

*Trend*: least squares over the quarter-ends of the last three years and the as-of date (flows
as trailing twelve-month sums, or summed from a plan's start); the band is the prediction
interval of the fitted line (Student's t).

*Pipeline* (valid invention patents and the per-capita figure built on them): the patents valid
on the as-of date, plus each pending application's chance to be granted by the deadline, minus
each valid patent's chance to end by then. The grant rate, the pendency distribution and the
yearly chance to lapse at each age come from the registry's last five years (the region's own
records when it has enough, else the whole registry's). The band treats each application and
patent as an independent yes/no (variance Σ p(1 − p)).
"""

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from zhichan.assets.models import Patent, PatentKind, PatentStatus
from zhichan.assets.status import anniversary, status_q
from zhichan.monitor.compute import board, boards, context
from zhichan.monitor.indicators import FLOW, INDICATORS

# Two-sided 95 % quantiles of Student's t by degrees of freedom (standard table values).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131}  # fmt: skip
Z95 = 1.96
HISTORY_YEARS = 5
MIN_DECIDED = 30  # fewer decided applications than this in the region: use the whole registry's rates
PIPELINE_INDICATORS = {"invention_valid", "invention_per_10k"}


@dataclass
class Forecast:
    method: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    points: list[tuple[date, Decimal]] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return {"trend": _("趋势外推"), "pipeline": _("在审管线推算")}[self.method]


def quarter_ends(as_of: date, years: int = 3) -> list[date]:
    points = []
    for year in range(as_of.year - years, as_of.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            point = date(year, month, day)
            if as_of - timedelta(days=366 * years) <= point < as_of:
                points.append(point)
    return [*points, as_of]


def _q(value: float, digits: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits))


def trend_contexts(code: str, as_of: date, since: date | None = None) -> tuple[list[date], list]:
    """The quarter-ends a trend is fitted on, and the board context of each (flows over the year
    before the point, or from ``since``)."""
    period = INDICATORS[code].period
    dates = [point for point in quarter_ends(as_of) if since is None or point >= since]
    return dates, [context(p, since or (p - timedelta(days=364) if period == FLOW else None)) for p in dates]


def trend(code: str, region, as_of: date, deadline: date, since: date | None = None) -> Forecast:
    indicator = INDICATORS[code]
    dates, ctxs = trend_contexts(code, as_of, since)
    found = boards([region], ctxs, [code]) if dates else []
    points = []
    for point, cells in zip(dates, found, strict=True):
        value = cells[region.code][code].value
        if value is not None:
            points.append((point, value))
    if len(points) < 3:
        return Forecast("trend", None, None, None, points, {"reason": _("历史数据点不足 3 个")})
    xs = [(p - points[0][0]).days / 365.25 for p, _v in points]
    ys = [float(v) for _p, v in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    x0 = (deadline - points[0][0]).days / 365.25
    predicted = intercept + slope * x0
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(residual / (n - 2)) if n > 2 else 0.0
    half = T95.get(n - 2, Z95) * spread * math.sqrt(1 + 1 / n + ((x0 - mean_x) ** 2 / sxx if sxx else 0))
    digits = indicator.digits
    low = max(predicted - half, 0.0)
    return Forecast(
        "trend", _q(predicted, digits), _q(low, digits), _q(predicted + half, digits), points,
        {"slope_per_year": _q(slope, digits + 1)},
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The pipeline of invention patents


def _rates(patents, as_of: date) -> dict:
    """Grant rate, pendency (sorted days) and yearly end hazard by age, from the last five years."""
    start = as_of - timedelta(days=round(365.25 * HISTORY_YEARS))
    rows = patents.filter(kind=PatentKind.INVENTION).filter(
        Q(granted_on__gt=start, granted_on__lte=as_of) | Q(ended_on__gt=start, ended_on__lte=as_of)
        | status_q(PatentStatus.VALID, start)
    ).values_list("filed_on", "granted_on", "ended_on", "end_status")  # fmt: skip
    granted, refused, pendency = 0, 0, []
    exposed: dict[int, float] = defaultdict(float)  # age in years → patent-years at risk
    ended: dict[int, int] = defaultdict(int)
    for filed_on, granted_on, ended_on, end_status in rows.iterator(chunk_size=5000):
        if granted_on is not None and start < granted_on <= as_of:
            granted += 1
            pendency.append((granted_on - filed_on).days)
        elif granted_on is None and ended_on is not None and start < ended_on <= as_of:
            if end_status in (PatentStatus.REJECTED, PatentStatus.WITHDRAWN):
                refused += 1
        if granted_on is None:
            continue
        # Exposure to lapsing within the window, by age, for the lapse hazard.
        begin = max(granted_on, start)
        stop = min(ended_on or as_of, as_of)
        if stop <= begin:
            continue
        if ended_on is not None and ended_on <= as_of and end_status != PatentStatus.EXPIRED:
            ended[(ended_on - filed_on).days // 365] += 1
        day = begin
        while day < stop:
            age = (day - filed_on).days // 365
            next_birthday = anniversary(filed_on, age + 1)
            until = min(next_birthday, stop)
            exposed[age] += (until - day).days / 365.25
            day = until
    hazard = {age: ended.get(age, 0) / years for age, years in exposed.items() if years > 0}
    decided = granted + refused
    return {
        "decided": decided,
        "grant_rate": granted / decided if decided else None,
        "pendency": sorted(pendency),
        "hazard": hazard,
    }


def _cdf(sorted_days: list[int], days: float) -> float:
    return bisect.bisect_right(sorted_days, days) / len(sorted_days) if sorted_days else 0.0


def pipeline(code: str, region, as_of: date, deadline: date) -> Forecast:
    local = Patent.objects.filter(region__prefix__startswith=region.prefix)
    rates = _rates(local, as_of)
    scope = _("本区划")
    if rates["decided"] < MIN_DECIDED:
        rates, scope = _rates(Patent.objects.all(), as_of), _("全部登记簿")
    if rates["grant_rate"] is None or not rates["pendency"]:
        return Forecast("pipeline", None, None, None, detail={"reason": _("登记簿中没有可用的审结记录")})
    horizon = (deadline - as_of).days
    grant_rate, pendency, hazard = rates["grant_rate"], rates["pendency"], rates["hazard"]
    pending = (
        local.filter(Q(kind=PatentKind.INVENTION) & status_q(PatentStatus.PENDING, as_of))
        .values_list("filed_on", "first_applicant_id", "first_applicant__name", "applicants")
    )  # fmt: skip
    expected_grants, grant_var = 0.0, 0.0
    by_entity: dict[tuple, list] = defaultdict(lambda: [0, 0.0])
    for filed_on, entity_id, entity_name, applicants in pending.iterator(chunk_size=5000):
        age = (as_of - filed_on).days
        done = _cdf(pendency, age)
        p = 0.0 if done >= 1 else grant_rate * (_cdf(pendency, age + horizon) - done) / (1 - done)
        expected_grants += p
        grant_var += p * (1 - p)
        key = (entity_id, entity_name or applicants.split(";")[0][:60])
        by_entity[key][0] += 1
        by_entity[key][1] += p
    valid = local.filter(Q(kind=PatentKind.INVENTION) & status_q(PatentStatus.VALID, as_of)).values_list(
        "filed_on", "expires_on"
    )
    count, expected_lapses, lapse_var = 0, 0.0, 0.0
    for filed_on, expires_on in valid.iterator(chunk_size=5000):
        count += 1
        if expires_on is not None and expires_on <= deadline:
            p = 1.0
        else:
            survive, day = 1.0, as_of
            while day < deadline:
                age = (day - filed_on).days // 365
                until = min(anniversary(filed_on, age + 1), deadline)
                survive *= (1 - min(hazard.get(age, 0.0), 1.0)) ** ((until - day).days / 365.25)
                day = until
            p = 1 - survive
        expected_lapses += p
        lapse_var += p * (1 - p)
    expected = count + expected_grants - expected_lapses
    half = Z95 * math.sqrt(grant_var + lapse_var)
    low, high = max(expected - half, 0.0), expected + half
    indicator = INDICATORS[code]
    if code == "invention_per_10k":
        population = board([region], context(as_of), [code])[region.code][code].denominator
        if not population:
            return Forecast("pipeline", None, None, None, detail={"reason": _("缺少常住人口数据")})
        expected, low, high = (v * 10_000 / float(population) for v in (expected, low, high))
    entities = sorted(by_entity.items(), key=lambda item: -item[1][1])[:10]
    detail = {
        "scope": scope,
        "valid": count,
        "pending": sum(v[0] for v in by_entity.values()),
        "grant_rate": round(grant_rate * 100, 1),
        "median_pendency_days": pendency[len(pendency) // 2],
        "expected_grants": round(expected_grants, 1),
        "expected_lapses": round(expected_lapses, 1),
        "entities": [
            {"entity_id": key[0], "name": key[1], "pending": v[0], "expected_grants": round(v[1], 2)}
            for key, v in entities
        ],
    }
    digits = indicator.digits
    return Forecast("pipeline", _q(expected, digits), _q(low, digits), _q(high, digits), detail=detail)


def forecast(code: str, region, as_of: date, deadline: date, since: date | None = None) -> Forecast:
    """The pipeline where it applies and has data, else the trend."""
    if code in PIPELINE_INDICATORS and since is None:
        found = pipeline(code, region, as_of, deadline)
        if found.value is not None:
            found.points = trend(code, region, as_of, deadline).points
            return found
    return trend(code, region, as_of, deadline, since)
