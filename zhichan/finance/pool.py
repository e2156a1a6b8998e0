"""The risk-compensation pool (风险补偿资金池) at work: a bank reports a pledged loan in default,
the office reviews the claim against the pool's rule, the pool compensates within its balance,
and what the bank later recovers flows back in the pool's share (docs/finance.md).

- The rule is the one of the pledgor's region or the nearest enclosing region in force on the
  day the loan went overdue; its region's pool pays.
- Compensation = outstanding principal × the pool's share, at most the rule's cap per loan.
- A claim must wait the rule's days after the loan went overdue, and be made within its days
  where the rule sets them; a whitelist-only rule needs the pledgor on a published whitelist on
  the day the loan started.
- The pool pays what its balance allows on the day of payment and never goes below zero on any
  later day; the rest stays owed until it is paid.
- A recovery is shared as the loss was: the pool gets back the part of it that the pool bore
  (approved ÷ outstanding — the rule's share, or less where the cap cut it), never more than it
  paid and has not had back.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from zhichan.accounts.models import acting
from zhichan.finance.models import ClaimStatus, Pledge, PoolEntry, PoolEntryKind, PoolRule, RiskClaim
from zhichan.finance.services import whitelisted
from zhichan.regions.models import Region

FEN = Decimal("0.01")
OPEN = (ClaimStatus.REPORTED, ClaimStatus.APPROVED, ClaimStatus.PARTIAL)


def rule_for(region: Region | None, day: date) -> PoolRule | None:
    """The rule in force on ``day`` of the region or, failing that, the nearest enclosing one."""
    if region is None:
        return None
    prefixes = region.prefixes
    rules = (
        PoolRule.objects.filter(region__prefix__in=prefixes, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("region")
    )
    return max(rules, key=lambda r: (len(r.region.prefix), r.valid_from), default=None)


def paid(claim: RiskClaim) -> Decimal:
    return _sum(claim, PoolEntryKind.COMPENSATION)


def returned(claim: RiskClaim) -> Decimal:
    return _sum(claim, PoolEntryKind.RECOVERY)


def _sum(claim: RiskClaim, kind: str) -> Decimal:
    found = PoolEntry.objects.filter(claim=claim, kind=kind).aggregate(s=Sum("amount"))["s"]
    return Decimal(found or 0).quantize(FEN)


@transaction.atomic
def default_report(*, pledge: Pledge, overdue_since: date, outstanding: Decimal, measures: str, reported_on: date,
                   user=None) -> RiskClaim:  # fmt: skip
    """The bank reports the loan in default and claims compensation."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.loan_start is None:
        raise ValidationError(_("该质押登记没有贷款信息（起息日），不能申请风险补偿。"))
    if overdue_since < pledge.loan_start:
        raise ValidationError(
            {"overdue_since": _("逾期起始日不能早于贷款起息日 %(d)s。") % {"d": pledge.loan_start}}
        )
    if reported_on < overdue_since:
        raise ValidationError({"reported_on": _("申请日不能早于逾期起始日。")})
    if not Decimal("0") < outstanding <= pledge.principal:
        raise ValidationError({"outstanding": _("未偿还本金应大于零且不超过贷款本金 %(p)s 元。") % {
            "p": f"{pledge.principal:,.2f}"}})  # fmt: skip
    if not measures.strip():
        raise ValidationError({"measures": _("请说明已采取的催收、诉讼或处置措施。")})
    if pledge.claims.filter(status__in=OPEN).exists():
        raise ValidationError(_("该贷款已有未办结的风险补偿申请。"))
    rule = rule_for(pledge.region, overdue_since)
    if rule is None:
        raise ValidationError(_("出质人所在区划及其上级在逾期起始日没有施行中的风险补偿规则。"))
    return RiskClaim.objects.create(
        pledge=pledge, region=rule.region, rule=rule, overdue_since=overdue_since, reported_on=reported_on,
        outstanding=outstanding, measures=measures.strip()[:500],
        reported_by=acting(user),
    )  # fmt: skip


@dataclass
class Assessment:
    amount: Decimal
    worked: str
    refusals: list[str] = field(default_factory=list)


def assess(claim: RiskClaim) -> Assessment:
    """What the rule gives the claim, with the working, or why it gives nothing."""
    rule, pledge = claim.rule, claim.pledge
    refusals = []
    days = (claim.reported_on - claim.overdue_since).days
    if days < rule.min_overdue_days:
        refusals.append(
            _("逾期 %(d)s 天，未满规则要求的 %(n)s 天。") % {"d": days, "n": rule.min_overdue_days}
        )
    if rule.claim_within_days is not None and days > rule.claim_within_days:
        refusals.append(
            _("逾期 %(d)s 天后才申请，超过规则规定的 %(n)s 天。") % {"d": days, "n": rule.claim_within_days}
        )
    if rule.whitelist_only and (
        pledge.pledgor is None or whitelisted(pledge.pledgor, pledge.loan_start) is None
    ):
        refusals.append(_("放款日（%(d)s）出质人不在已发布的授信企业白名单上。") % {"d": pledge.loan_start})
    amount = (claim.outstanding * rule.pool_share).quantize(FEN, ROUND_HALF_UP)
    worked = _("%(o)s 元 × 资金池分担 %(s)s = %(a)s 元") % {
        "o": f"{claim.outstanding:,.2f}", "s": _percent(rule.pool_share), "a": f"{amount:,.2f}"}  # fmt: skip
    if rule.cap_per_loan is not None and amount > rule.cap_per_loan:
        amount = rule.cap_per_loan
        worked += _("，单笔上限 %(c)s 元") % {"c": f"{rule.cap_per_loan:,.2f}"}
    shares = _("（银行承担 %(b)s，担保/保险机构承担 %(g)s）") % {
        "b": _percent(rule.bank_share), "g": _percent(rule.guarantor_share)}  # fmt: skip
    return Assessment(Decimal("0") if refusals else amount, worked + shares, refusals)


def terms(rule: PoolRule) -> str:
    """The rule in words: shares, cap and conditions."""
    text = _("资金池 %(p)s、银行 %(b)s、担保/保险机构 %(g)s") % {
        "p": _percent(rule.pool_share), "b": _percent(rule.bank_share), "g": _percent(rule.guarantor_share)}  # fmt: skip
    if rule.cap_per_loan is not None:
        text += _("，单笔最高补偿 %(c)s 元") % {"c": f"{rule.cap_per_loan:,.2f}"}
    text += _("；逾期满 %(n)s 天可申请") % {"n": rule.min_overdue_days}
    if rule.claim_within_days is not None:
        text += _("，须在逾期后 %(n)s 天内申请") % {"n": rule.claim_within_days}
    return text + (_("；限白名单企业") if rule.whitelist_only else "")


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


@transaction.atomic
def claim_review(*, claim: RiskClaim, approve: bool, note: str, day: date, user=None) -> RiskClaim:
    """The office approves the amount the rule gives, or refuses with its reason."""
    claim = (
        RiskClaim.objects.select_for_update(of=("self",))
        .select_related("rule", "pledge__pledgor")
        .get(pk=claim.pk)
    )
    if claim.status != ClaimStatus.REPORTED:
        raise ValidationError(_("该申请已审核。"))
    found = assess(claim)
    if approve and found.refusals:
        raise ValidationError(found.refusals)
    if not approve and not note.strip():
        raise ValidationError(_("不予补偿须写明理由。"))
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REFUSED
    claim.approved = found.amount if approve else None
    claim.worked = found.worked[:500]
    claim.review_note, claim.reviewed_on = note.strip()[:500], day
    claim.reviewed_by = acting(user)
    claim.save()
    return claim


def lowest_balance_from(region: Region, day: date) -> Decimal:
    """The lowest balance the pool has on ``day`` or any later day: what an outflow dated ``day``
    may take without leaving a later day below zero."""
    balance, lowest = Decimal("0"), None
    for entry in PoolEntry.objects.filter(region=region).order_by("on", "pk"):
        if entry.on > day and lowest is None:
            lowest = balance
        balance += entry.signed
        if entry.on > day:
            lowest = min(lowest, balance)
    return balance if lowest is None else min(lowest, balance)


@transaction.atomic
def compensate(*, claim: RiskClaim, on: date, document: str = "", user=None) -> PoolEntry:
    """Pay what remains of the approved amount, as far as the pool's balance allows."""
    claim = RiskClaim.objects.select_for_update(of=("self",)).select_related("region").get(pk=claim.pk)
    if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.PARTIAL):
        raise ValidationError(_("只有已核准的申请可以代偿。"))
    if on < claim.reviewed_on:
        raise ValidationError({"on": _("代偿日不能早于审核日 %(d)s。") % {"d": claim.reviewed_on}})
    Region.objects.select_for_update().filter(pk=claim.region_id).first()  # one payer at a time per pool
    owed = claim.approved - paid(claim)
    available = lowest_balance_from(claim.region, on)
    amount = min(owed, available)
    if amount <= 0:
        raise ValidationError(_("资金池余额不足（%(d)s 可用 %(a)s 元），请先注资。") % {
            "d": on, "a": f"{max(available, Decimal('0')):,.2f}"})  # fmt: skip
    entry = PoolEntry.objects.create(
        region=claim.region, on=on, kind=PoolEntryKind.COMPENSATION, amount=amount, pledge=claim.pledge, claim=claim,
        counterparty=claim.pledge.pledgee_name, document=document.strip()[:100],
        entered_by=acting(user),
    )  # fmt: skip
    claim.status = ClaimStatus.COMPENSATED if amount == owed else ClaimStatus.PARTIAL
    claim.save(update_fields=["status"])
    return entry


@transaction.atomic
def recovery_add(
    *, claim: RiskClaim, on: date, recovered: Decimal, document: str = "", user=None
) -> PoolEntry:
    """The bank recovered ``recovered`` yuan (disposal of the pledged rights, the borrower's
    repayment): the part the pool bore of the loss flows back, up to what the pool paid and has
    not had back."""
    claim = (
        RiskClaim.objects.select_for_update(of=("self",)).select_related("rule", "region").get(pk=claim.pk)
    )
    if recovered <= 0:
        raise ValidationError({"recovered": _("回收金额应大于零。")})
    first = (
        claim.entries.filter(kind=PoolEntryKind.COMPENSATION)
        .order_by("on")
        .values_list("on", flat=True)
        .first()
    )
    if first is None:
        raise ValidationError(_("资金池尚未代偿，无需返还。"))
    if on < first:
        raise ValidationError({"on": _("回收日不能早于首次代偿日 %(d)s。") % {"d": first}})
    share = (recovered * claim.approved / claim.outstanding).quantize(FEN, ROUND_HALF_UP)
    amount = min(share, paid(claim) - returned(claim))
    if amount <= 0:
        raise ValidationError(_("资金池的代偿已全部收回。"))
    return PoolEntry.objects.create(
        region=claim.region, on=on, kind=PoolEntryKind.RECOVERY, amount=amount, pledge=claim.pledge, claim=claim,
        counterparty=claim.pledge.pledgee_name, document=document.strip()[:100],
        entered_by=acting(user),
    )  # fmt: skip


@dataclass
class Statement:
    region: Region
    day: date
    by_kind: dict[str, Decimal]
    balance: Decimal
    claims: list[tuple[RiskClaim, Decimal, Decimal]]  # open on the day: (claim, paid, still owed)
    loans: int  # pledged loans of the pool's area running on the day
    principal: Decimal
    rule: PoolRule | None

    @property
    def lines(self) -> list[tuple[str, Decimal]]:
        return [(PoolEntryKind(kind).label, amount) for kind, amount in self.by_kind.items()]

    @property
    def inflow(self) -> Decimal:
        return sum((v for k, v in self.by_kind.items() if k in _INFLOW), Decimal("0"))

    @property
    def outflow(self) -> Decimal:
        return sum((v for k, v in self.by_kind.items() if k not in _INFLOW), Decimal("0"))

    @property
    def owed(self) -> Decimal:
        return sum((owed for _c, _p, owed in self.claims), Decimal("0"))


_INFLOW = {PoolEntryKind.FUNDING, PoolEntryKind.RECOVERY, PoolEntryKind.INTEREST}


def statement(region: Region, day: date) -> Statement:
    """The pool as it stood at the end of ``day``: money in and out by kind, the balance, the
    claims not yet settled with what was paid and is still owed, and the loans it covers."""
    entries = PoolEntry.objects.filter(region=region, on__lte=day)
    by_kind = {kind: Decimal(0) for kind in PoolEntryKind.values}
    for kind, amount in entries.values("kind").annotate(s=Sum("amount")).values_list("kind", "s"):
        by_kind[kind] = Decimal(amount).quantize(FEN)
    balance = sum((v if k in _INFLOW else -v for k, v in by_kind.items()), Decimal("0"))
    claims = []
    for claim in RiskClaim.objects.filter(region=region, reported_on__lte=day).select_related(
        "pledge", "rule"
    ):
        if claim.status == ClaimStatus.REFUSED and claim.reviewed_on <= day:
            continue
        settled = claim.entries.filter(kind=PoolEntryKind.COMPENSATION, on__lte=day).aggregate(
            s=Sum("amount")
        )["s"]
        settled = Decimal(settled or 0).quantize(FEN)
        approved = claim.approved if claim.reviewed_on is not None and claim.reviewed_on <= day else None
        owed = (approved - settled) if approved is not None else Decimal("0")
        if approved is None or owed > 0:
            claims.append((claim, settled, owed))
    running = Pledge.objects.filter(region__prefix__startswith=region.prefix, loan_start__lte=day).filter(
        Q(repaid_on__isnull=True, loan_end__gt=day) | Q(repaid_on__gt=day)
    )
    loans = list(running.only("loan_amount", "amount"))
    principal = sum((p.principal for p in loans), Decimal("0"))
    return Statement(region, day, by_kind, balance, claims, len(loans), principal, rule_for(region, day))
