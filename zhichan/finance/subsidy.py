"""Interest subsidy (贴息) for one enterprise and one calendar year, line by line.

The method (docs/finance.md):
- A loan accrues from its start day up to but excluding its end (repayment or maturity):
  算头不算尾, as banks count interest.
- The year's part of each loan is cut into periods at each rule change and, for rules that apply
  the LPR day by day, at each LPR change; a loan under a ``contract`` rule keeps the LPR in force
  on its start day.
- Each period's subsidy = principal × min(LPR × share, loan rate if the rule caps by it) × days
  ÷ day count, rounded half up to the fen on its own line.
- The enterprise's yearly cap is consumed in time order (the period that starts first, then the
  earlier loan): the period that crosses it is cut to what remains, later ones get nothing.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from zhichan.entities.models import Entity, EntityTag
from zhichan.finance.models import LprRate, Pledge, RateBasis, SubsidyRule

FEN = Decimal("0.01")


@dataclass
class Line:
    pledge: Pledge
    start: date
    end: date  # exclusive
    days: int
    principal: Decimal
    lpr: Decimal  # % a year
    rate: Decimal  # the subsidy rate, % a year
    rule: SubsidyRule
    computed: Decimal  # before the cap
    amount: Decimal  # after the cap
    note: str = ""

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def formula(self) -> str:
        return _("%(p)s 元 × %(r)s%% × %(d)s 天 ÷ %(n)s = %(a)s 元") % {
            "p": f"{self.principal:,.2f}",
            "r": self.rate.normalize(),
            "d": self.days,
            "n": self.rule.day_count,
            "a": f"{self.computed:,.2f}",
        }


@dataclass
class Statement:
    entity: Entity
    year: int
    lines: list[Line] = field(default_factory=list)
    refused: list[tuple[Pledge, str]] = field(default_factory=list)  # loans not subsidised, and why
    cap: Decimal | None = None

    @property
    def computed(self) -> Decimal:
        return sum((line.computed for line in self.lines), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def capped(self) -> bool:
        return self.total < self.computed


def lpr_table() -> list[LprRate]:
    return list(LprRate.objects.order_by("effective_on"))


def lpr_on(table: list[LprRate], day: date, tenor: str) -> Decimal | None:
    found = None
    for rate in table:
        if rate.effective_on > day:
            break
        found = getattr(rate, tenor)
    return found


def rules_for(entity: Entity, year: int) -> list[SubsidyRule]:
    """The rules of the entity's region (or an enclosing one) in force during the year."""
    if entity.region_id is None:
        return []
    start, end = date(year, 1, 1), date(year, 12, 31)
    prefixes = entity.region.prefixes
    return list(
        SubsidyRule.objects.filter(region__prefix__in=prefixes, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("region")
        .order_by("valid_from")
    )


def _cap(rules: list[SubsidyRule]) -> Decimal | None:
    caps = [r.cap_per_year for r in rules if r.cap_per_year is not None]
    return min(caps) if caps else None


def year_cap(entity: Entity, year: int) -> Decimal | None:
    """The lowest per-enterprise yearly cap among the rules in force during the year."""
    return _cap(rules_for(entity, year))


def _eligible(rule: SubsidyRule, tags_on) -> bool:
    return not rule.eligible_tags or bool(set(rule.eligible_tags) & tags_on)


def statement(entity: Entity, year: int, *, table: list[LprRate] | None = None) -> Statement:
    table = table if table is not None else lpr_table()
    result = Statement(entity, year)
    rules = rules_for(entity, year)
    year_start, year_end = date(year, 1, 1), date(year + 1, 1, 1)
    loans = (
        Pledge.objects.filter(pledgor=entity, loan_start__lt=year_end)
        .exclude(loan_start__isnull=True)
        .order_by("loan_start", "pk")
    )
    tag_rows = list(EntityTag.objects.filter(entity=entity).values_list("tag", "valid_from", "valid_to"))

    def tags_on(day: date) -> set[str]:
        return {
            t for t, start, end in tag_rows if (start is None or start <= day) and (end is None or day <= end)
        }

    pending: list[Line] = []
    for loan in loans:
        ends = loan.loan_ends
        if ends is None:
            result.refused.append((loan, _("缺少贷款到期日或还清日，无法计算。")))
            continue
        start, stop = max(loan.loan_start, year_start), min(ends, year_end)
        if start >= stop:
            continue
        lines = _loan_lines(loan, start, stop, rules, table, tags_on)
        if isinstance(lines, str):
            result.refused.append((loan, lines))
            continue
        pending.extend(lines)
    pending.sort(key=lambda line: (line.start, line.pledge.loan_start, line.pledge.pk))
    result.cap = _cap(rules)
    used = Decimal("0")
    for line in pending:
        cap = line.rule.cap_per_year
        if cap is not None and used + line.computed > cap:
            line.amount = max(Decimal("0"), cap - used)
            line.note = _("已达年度上限 %(c)s 元") % {"c": f"{cap:,.2f}"}
        else:
            line.amount = line.computed
        used += line.amount
        result.lines.append(line)
    return result


def _loan_lines(loan: Pledge, start: date, stop: date, rules, table, tags_on) -> list[Line] | str:
    """The periods of one loan within [start, stop), or the reason it gets nothing."""
    cuts = {start, stop}
    for rule in rules:
        for day in (rule.valid_from, rule.valid_to + timedelta(days=1) if rule.valid_to else None):
            if day and start < day < stop:
                cuts.add(day)
    for rate in table:
        if start < rate.effective_on < stop:
            cuts.add(rate.effective_on)
    edges = sorted(cuts)
    lines = []
    reasons = set()
    for begin, end in itertools.pairwise(edges):
        rule = next(
            (
                r
                for r in reversed(rules)
                if r.valid_from <= begin and (r.valid_to is None or begin <= r.valid_to)
            ),
            None,
        )
        if rule is None:
            reasons.add(_("该期间无适用的贴息政策。"))
            continue
        if not _eligible(rule, tags_on(begin)):
            reasons.add(_("企业不具备政策要求的资格（%(t)s）。") % {"t": "、".join(rule.tag_labels())})
            continue
        on = loan.loan_start if rule.rate_basis == RateBasis.CONTRACT else begin
        lpr = lpr_on(table, on, rule.tenor)
        if lpr is None:
            reasons.add(_("缺少 %(d)s 的LPR。") % {"d": on})
            continue
        rate = lpr * rule.lpr_share
        if rule.not_above_loan_rate and loan.loan_rate is not None:
            rate = min(rate, loan.loan_rate)
        days = (end - begin).days
        computed = (loan.principal * rate / 100 * days / rule.day_count).quantize(FEN, ROUND_HALF_UP)
        lines.append(Line(loan, begin, end, days, loan.principal, lpr, rate, rule, computed, computed))
    if not lines:
        return "；".join(sorted(reasons)) or _("该年度无计息天数。")
    # Adjacent periods with the same rule and rate are one line (an LPR change that left the
    # one-year rate unchanged moved only the five-year one).
    merged = [lines[0]]
    for line in lines[1:]:
        last = merged[-1]
        if last.rule.pk == line.rule.pk and last.rate == line.rate and last.end == line.start:
            days = last.days + line.days
            computed = (last.principal * last.rate / 100 * days / last.rule.day_count).quantize(
                FEN, ROUND_HALF_UP
            )
            merged[-1] = Line(last.pledge, last.start, line.end, days, last.principal, last.lpr, last.rate,
                              last.rule, computed, computed)  # fmt: skip
        else:
            merged.append(line)
    return merged
