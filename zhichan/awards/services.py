"""Applications: items pre-filled and verified from the registry, no item paid twice, shares of
co-owned patents, caps; 免申即享 drafts and reminders; the review workflow; publication, payout
and budgets (docs/awards.md)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts import duties
from zhichan.accounts.models import Procedure
from zhichan.assets.models import Patent, PatentApplicant, PatentKind
from zhichan.awards import projects
from zhichan.awards.models import (
    TRANSITIONS,
    Application,
    AppStatus,
    AwardRule,
    Claim,
    ItemSource,
    Payment,
    Programme,
    Project,
    Publicity,
    RuleKind,
    Split,
    Step,
)
from zhichan.entities.models import Entity, EntityKind, EntityTag, Tag
from zhichan.entities.tags import tag_label
from zhichan.finance import subsidy
from zhichan.finance.models import InsurancePolicy, Pledge
from zhichan.notices import events
from zhichan.protection.network import passed_stations

FEN = Decimal("0.01")
FOREIGN_GRANT_CODES = ("B", "B1", "B2", "B3", "C", "C1", "C2", "E")  # kind codes of granted patents abroad
CERTIFICATIONS = {Tag.STANDARD_29490: "GB/T 29490", Tag.STANDARD_56005: "ISO 56005"}


@dataclass
class Item:
    key: str
    description: str
    patent: Patent | None = None
    expense: Decimal | None = None


def _foreign_grant(patent: Patent) -> str | None:
    for member in patent.family or []:
        code = str(member).strip().upper()
        if code[:2] != "CN" and any(code.endswith(k) for k in FOREIGN_GRANT_CODES) and code[:2].isalpha():
            return code
    return None


def _rule_patents(rule: AwardRule, patents=None):
    """The patents a per-item rule could pay for (the foreign-grant test is applied per patent)."""
    patents = Patent.objects.all() if patents is None else patents
    period = {}
    if rule.period_from:
        period["granted_on__gte"] = rule.period_from
    if rule.period_to:
        period["granted_on__lte"] = rule.period_to
    if rule.source == ItemSource.CN_INVENTION_GRANT:
        return patents.filter(kind=PatentKind.INVENTION, granted_on__isnull=False, **period)
    if rule.source == ItemSource.UTILITY_GRANT:
        return patents.filter(kind=PatentKind.UTILITY, granted_on__isnull=False, **period)
    if rule.source == ItemSource.PCT_FOREIGN_GRANT:
        # The PCT route: a PCT number of its own (a national-phase entry) or, the usual way, a CN
        # application whose family holds the international application (WO…) it was the priority of.
        return patents.filter(kind=PatentKind.INVENTION).exclude(Q(pct_number="") & Q(family=[]))
    return patents.none()


def _patents(rule: AwardRule, entity: Entity):
    found = _rule_patents(rule, Patent.objects.filter(applicant_links__entity=entity).distinct())
    if rule.source == ItemSource.PCT_FOREIGN_GRANT:
        return [p for p in found if _pct_route(p) and _foreign_grant(p)]
    return found


def _pct_route(patent: Patent) -> bool:
    return bool(patent.pct_number) or any(
        str(m).strip().upper().startswith("WO") for m in patent.family or []
    )


def _qualifies(rule: AwardRule, entity: Entity, patent: Patent) -> bool:
    found = _patents(rule, entity)
    return patent in found if isinstance(found, list) else found.filter(pk=patent.pk).exists()


def prefill(rule: AwardRule, entity: Entity) -> list[Item]:
    """The items of a rule the registry says the entity has."""
    if rule.kind == RuleKind.PER_ITEM:
        return [Item(f"patent:{p.number}", f"{p.number} {p.title}", p) for p in _patents(rule, entity)]
    if rule.kind == RuleKind.CERTIFICATION:
        tags = EntityTag.objects.filter(entity=entity, tag__in=CERTIFICATIONS, valid_from__gte=rule.period_from,
                                        valid_from__lte=rule.period_to)  # fmt: skip
        return [Item(f"cert:{t.tag}", _("%(s)s 贯标认证（%(d)s）") % {"s": CERTIFICATIONS[t.tag], "d": t.valid_from})
                for t in tags]  # fmt: skip
    if rule.kind == RuleKind.FIXED and rule.source == ItemSource.WORKSTATION:
        return [Item(f"station:{r.station_id}:{r.year}", _("%(s)s %(y)s 年度考核合格（%(p)s 分）")
                     % {"s": r.station.name, "y": r.year, "p": r.score})
                for r in passed_stations(entity, rule.programme.year) if _station_fits(rule, r.station)]  # fmt: skip
    if rule.kind == RuleKind.STAGED:
        return [Item(f"project:{p.pk}:{stage}", _("%(t)s：%(s)s") % {"t": p.title, "s": stage})
                for p in _projects(rule, entity) for stage in projects.passed_stages(p)]  # fmt: skip
    if rule.kind == RuleKind.PREMIUM:
        return [Item(f"policy:{p.pk}", _("%(i)s %(n)s 保费 %(p)s 元（%(s)s 起）") % {
                    "i": p.insurer, "n": p.number, "p": f"{p.premium:,.2f}", "s": p.starts_on})
                for p in _policies(rule, entity)]  # fmt: skip
    if rule.kind == RuleKind.INTEREST:
        year = rule.programme.year
        found = subsidy.statement(entity, year)
        loans = {line.pledge.pk: line.pledge for line in found.lines} | {p.pk: p for p, _why in found.refused}
        return [Item(f"loan:{p.pk}:{year}", _loan_text(p)) for p in sorted(loans.values(), key=_loan_order)]
    if rule.kind == RuleKind.FIXED and rule.eligible_tags:
        return [Item(f"year:{rule.programme.year}", _("%(y)s 年度定额补助") % {"y": rule.programme.year})]
    return []  # reimbursements and project stages are entered with their documents


def _policies(rule: AwardRule, entity: Entity):
    """The entity's IP insurance policies that began in the programme's year."""
    return InsurancePolicy.objects.filter(insured=entity, starts_on__year=rule.programme.year).select_related(
        "product").order_by("starts_on", "pk")  # fmt: skip


def _premium(rule: AwardRule, entity: Entity, key: str) -> tuple[Decimal, str, str | None]:
    """(amount, working, refusal) of ``policy:<id>``: the premium × the product's subsidy share
    (or the rule's ratio where the policy names no product with one), capped per policy."""
    parts = key.split(":")
    if len(parts) != 2 or parts[0] != "policy" or not parts[1].isdecimal():
        return Decimal("0"), "", _("保费补贴应对应本单位的保单。")
    policy = _policies(rule, entity).filter(pk=int(parts[1])).first()
    if policy is None:
        return Decimal("0"), "", _("不是本单位在 %(y)s 年投保的保单。") % {"y": rule.programme.year}
    if policy.product is not None and policy.product.subsidy_share is not None:
        share, source = policy.product.subsidy_share / 100, _("产品补贴比例")
    elif rule.ratio is not None:
        share, source = rule.ratio, _("规则补贴比例")
    else:
        return Decimal("0"), "", _("保单未对应设有保费补贴比例的保险产品，规则也未设比例。")
    amount = (policy.premium * share).quantize(FEN, ROUND_HALF_UP)
    worked = _("保费 %(p)s 元 × %(w)s %(s)s") % {
        "p": f"{policy.premium:,.2f}",
        "w": source,
        "s": share.normalize(),
    }
    if rule.cap_per_item is not None and amount > rule.cap_per_item:
        amount, worked = (
            rule.cap_per_item,
            worked + _("，单项上限 %(c)s 元") % {"c": f"{rule.cap_per_item:,.2f}"},
        )
    return amount, worked, None


def _projects(rule: AwardRule, entity: Entity):
    """The entity's cultivation projects funded under the rule's category."""
    return (
        Project.objects.filter(entity=entity, rule__category=rule.category)
        .select_related("rule")
        .order_by("pk")
    )


def _stage(rule: AwardRule, entity: Entity, key: str) -> tuple[Decimal, str, str | None]:
    """(amount, working, refusal) of ``project:<project>:<stage>``: the entity's own project under
    the category, the stage and every stage before it passed; the budget × the stage's share."""
    parts = key.split(":", 2)
    if len(parts) != 3 or parts[0] != "project" or not parts[1].isdecimal():
        return Decimal("0"), "", _("分阶段资助应对应本单位已立项的培育项目。")
    project = _projects(rule, entity).filter(pk=int(parts[1])).first()
    if project is None:
        return Decimal("0"), "", _("不是本单位在该类别下立项的培育项目。")
    refuse = projects.stage_refusal(project, parts[2])
    if refuse is not None:
        return Decimal("0"), "", refuse
    share = dict(project.rule.stages)[parts[2]]
    worked = _("立项资助额 %(a)s 元 × %(s)s阶段 %(r)s") % {
        "a": f"{project.budget:,.2f}",
        "s": parts[2],
        "r": share,
    }
    return projects.stage_amount(project, parts[2]), worked, None


def _loan_order(pledge: Pledge) -> tuple:
    return pledge.loan_start, pledge.pk


def _loan_text(pledge: Pledge) -> str:
    return _("质押贷款 %(n)s（%(b)s，本金 %(p)s 元，%(s)s 至 %(e)s）") % {
        "n": pledge.number or pledge.pk, "b": pledge.pledgee_name, "p": f"{pledge.principal:,.2f}",
        "s": pledge.loan_start, "e": pledge.loan_ends or "—",
    }  # fmt: skip


def _interest(rule: AwardRule, entity: Entity, key: str) -> tuple[Decimal, str, str | None]:
    """(amount before the yearly cap, the lines worked out, refusal) of ``loan:<pledge>:<year>``:
    the loan must be the entity's own, the year the programme's, and the subsidy rules must give
    it days in that year (finance.subsidy)."""
    parts = key.split(":")
    year = rule.programme.year
    if len(parts) != 3 or parts[0] != "loan" or not parts[1].isdecimal() or parts[2] != str(year):
        return Decimal("0"), "", _("贴息事项应为本年度（%(y)s）的质押贷款。") % {"y": year}
    pledge = Pledge.objects.filter(pk=int(parts[1]), pledgor=entity).first()
    if pledge is None:
        return Decimal("0"), "", _("不是本主体作为出质人登记的质押贷款。")
    found = subsidy.statement(entity, year)
    why = next((why for p, why in found.refused if p.pk == pledge.pk), None)
    lines = [line for line in found.lines if line.pledge.pk == pledge.pk]
    if not lines:
        return Decimal("0"), "", why or _("该贷款在 %(y)s 年没有计息天数。") % {"y": year}
    worked = "；".join(f"{line.start}—{line.last_day}：{line.formula()}" for line in lines)
    return sum((line.computed for line in lines), Decimal("0")), worked, None


def entity_cap(rule: AwardRule, entity: Entity) -> Decimal | None:
    """The rule's cap per entity and year; a 贴息 rule without its own takes the subsidy rules'."""
    if rule.cap_per_entity is not None or rule.kind != RuleKind.INTEREST:
        return rule.cap_per_entity
    return subsidy.year_cap(entity, rule.programme.year)


def _station_fits(rule: AwardRule, station) -> bool:
    """The rule's kinds of station and minimum level of recognition ("市级以上保护工作站")."""
    from zhichan.protection.models import STATION_RANK

    if rule.station_kinds and station.kind not in rule.station_kinds:
        return False
    return not rule.station_level or STATION_RANK.get(station.level, 0) >= STATION_RANK[rule.station_level]


def _station_passed(key: str, entity: Entity, rule: AwardRule | None = None) -> bool:
    """``station:<id>:<year>`` names a workstation the entity hosts that passed that year's review."""
    parts = key.split(":")
    if len(parts) != 3 or not parts[1].isdecimal() or not parts[2].isdecimal():
        return False
    review = passed_stations(entity, int(parts[2])).filter(station_id=int(parts[1])).first()
    return review is not None and (rule is None or _station_fits(rule, review.station))


def _tag_ok(rule: AwardRule, entity: Entity) -> bool:
    if not rule.eligible_tags:
        return True
    start, end = (
        rule.period_from or date(rule.programme.year, 1, 1),
        rule.period_to or date(rule.programme.year, 12, 31),
    )
    return (
        EntityTag.objects.filter(entity=entity, tag__in=rule.eligible_tags)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )
        .exists()
    )


def _share(rule: AwardRule, patent: Patent, entity: Entity) -> tuple[Decimal, Decimal, str]:
    """(share, amount, how) of a co-owned patent's award for this entity."""
    links = list(
        PatentApplicant.objects.filter(patent=patent).order_by("position").values_list("entity_id", flat=True)
    )
    owners = len(links) or 1
    first = links[0] == entity.pk if links else True
    if rule.split == Split.FIRST:
        if not first:
            return Decimal("0"), Decimal("0"), _("按规则由第一权利人全额领取")
        return Decimal("1"), rule.amount, _("第一权利人全额")
    base = (rule.amount / owners).quantize(FEN, ROUND_DOWN)
    amount = rule.amount - base * (owners - 1) if first else base  # the first owner takes the odd fen
    how = _("%(n)s 个共有人平均分配") % {"n": owners} if owners > 1 else ""
    return (Decimal(1) / owners).quantize(Decimal("0.0001")), amount, how


def verify(rule: AwardRule, entity: Entity, item: Item, *, application: Application | None = None) -> Claim:
    """An unsaved claim with its verdict and amount (before the yearly cap)."""
    claim = Claim(
        rule=rule, key=item.key, patent=item.patent, description=item.description[:300], expense=item.expense
    )
    refuse = None
    if not _tag_ok(rule, entity):
        refuse = _("不具备规则要求的主体资格（%(t)s）。") % {
            "t": "、".join(tag_label(t) for t in rule.eligible_tags)
        }
    paid = (
        Payment.objects.filter(category=rule.category, key=item.key, entity=entity)
        .select_related("claim__application__programme")
        .first()
    )
    if paid is not None:
        refuse = _("该事项已于 %(y)s 年在《%(p)s》中获奖补，不得重复申领。") % {
            "y": paid.year, "p": paid.claim.application.programme.name}  # fmt: skip
    pending = Claim.objects.filter(
        rule__category=rule.category, key=item.key, application__entity=entity, eligible=True
    ).exclude(application__status=AppStatus.REJECTED)
    if application is not None and application.pk:
        pending = pending.exclude(application=application)
    if refuse is None and pending.exists():
        refuse = _("该事项已在其他奖补申请中申领。")
    amount, reason = Decimal("0"), ""
    if refuse is None:
        if rule.kind == RuleKind.PER_ITEM:
            patent = item.patent
            if patent is None or not _qualifies(rule, entity, patent):
                refuse = _("登记簿中该专利不符合本规则（类型、授权日期、权利人或国外授权同族）。")
            else:
                claim.share, amount, how = _share(rule, patent, entity)
                if amount == 0:
                    refuse = how
                reason = _("每件 %(a)s 元%(h)s") % {"a": rule.amount, "h": f"，{how}" if how else ""}
        elif rule.kind == RuleKind.REIMBURSE:
            if item.expense is None or item.expense <= 0:
                refuse = _("请填写实际发生的费用。")
            else:
                ratio = rule.ratio or Decimal(1)  # no ratio: the whole expense
                amount = (item.expense * ratio).quantize(FEN, ROUND_HALF_UP)
                reason = _("%(e)s 元 × %(r)s") % {"e": item.expense, "r": ratio}
                if rule.cap_per_item is not None and amount > rule.cap_per_item:
                    amount, reason = (
                        rule.cap_per_item,
                        reason + _("，单项上限 %(c)s 元") % {"c": rule.cap_per_item},
                    )
        elif rule.kind == RuleKind.STAGED:
            amount, reason, refuse = _stage(rule, entity, item.key)
        elif rule.kind == RuleKind.INTEREST:
            amount, reason, refuse = _interest(rule, entity, item.key)
        elif rule.kind == RuleKind.PREMIUM:
            amount, reason, refuse = _premium(rule, entity, item.key)
        elif rule.source == ItemSource.WORKSTATION and not _station_passed(item.key, entity, rule):
            refuse = _("该工作站不是本主体依托、该年度考核未合格，或不是本规则适用的工作站类型和认定级别。")
        else:
            amount, reason = rule.amount, _("定额 %(a)s 元") % {"a": rule.amount}
    claim.eligible = refuse is None
    claim.amount = amount if refuse is None else Decimal("0")
    claim.reason = (refuse or reason)[:500]
    return claim


def apply_caps(application: Application) -> None:
    """Cut claims to each rule's yearly cap per entity, counting what the entity already has in
    the year under the same category (other programmes included, approved or paid), in the order
    claims were made. Run again on approval, so that two applications of one year hold the cap."""
    year = application.programme.year
    used: dict[tuple, Decimal] = {}
    for claim in application.claims.select_related("rule__programme").order_by("pk"):
        rule = claim.rule
        cap = entity_cap(rule, application.entity)
        if cap is None or not claim.eligible:
            continue
        key = (rule.category,)
        if key not in used:
            used[key] = Payment.objects.filter(
                category=rule.category, entity=application.entity, year=year
            ).exclude(claim__application=application).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        fresh = verify(rule, application.entity, Item(claim.key, claim.description, claim.patent, claim.expense),
                       application=application)  # fmt: skip
        allowed = max(Decimal("0"), min(fresh.amount, cap - used[key])).quantize(FEN)
        if allowed < fresh.amount:
            claim.amount = allowed
            claim.reason = (fresh.reason + _("；已达年度上限 %(c)s 元，核减为 %(a)s 元") % {
                "c": f"{cap:,.2f}", "a": f"{allowed:,.2f}"})[:500]  # fmt: skip
            claim.eligible = allowed > 0
            claim.save(update_fields=["amount", "reason", "eligible"])
        used[key] += allowed


@transaction.atomic
def application_build(
    *, programme: Programme, entity: Entity, user=None, automatic: bool = False
) -> Application:
    """An application with every item the registry says the entity has, each verified."""
    application, _made = Application.objects.get_or_create(
        programme=programme, entity=entity,
        defaults=dict(automatic=automatic, created_by=user if user is not None and user.is_authenticated else None),
    )  # fmt: skip
    if application.status not in (AppStatus.DRAFT, AppStatus.RETURNED):
        raise ValidationError(_("申请已提交，不能重新生成。"))
    have = {(c.rule_id, c.key): c for c in application.claims.all()}
    for rule in programme.rules.all():
        if automatic and not rule.automatic:
            continue
        for item in prefill(rule, entity):
            claim = verify(rule, entity, item, application=application)
            known = have.get((rule.pk, item.key))
            if known is not None:  # built again: an item refused before is checked anew
                if not known.eligible and claim.eligible:
                    known.eligible, known.amount, known.reason, known.share = (
                        True,
                        claim.amount,
                        claim.reason,
                        claim.share,
                    )
                    known.save(update_fields=["eligible", "amount", "reason", "share"])
                continue
            if automatic and not claim.eligible:
                continue
            claim.application = application
            claim.save()
    apply_caps(application)
    return application


@transaction.atomic
def claim_add(*, application: Application, rule: AwardRule, key: str, description: str,
              patent: Patent | None = None, expense: Decimal | None = None) -> Claim:  # fmt: skip
    """An item the applicant enters (a reimbursement with its invoice, a project stage, a patent)."""
    if application.status not in (AppStatus.DRAFT, AppStatus.RETURNED):
        raise ValidationError(_("申请已提交，不能修改。"))
    if rule.programme_id != application.programme_id:
        raise ValidationError(_("规则不属于本项目。"))
    if application.claims.filter(rule=rule, key=key).exists():
        raise ValidationError(_("该事项已在本申请中。"))
    claim = verify(rule, application.entity, Item(key, description, patent, expense), application=application)
    claim.application = application
    claim.save()
    apply_caps(application)
    claim.refresh_from_db()
    return claim


def total(application: Application) -> Decimal:
    found = application.claims.filter(eligible=True).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return Decimal(found).quantize(FEN)  # SQLite sums decimals without their scale


# ---------------------------------------------------------------------------------------------
# 免申即享


def automatic_run(*, programme: Programme, user=None) -> list[Application]:
    """Draft an application for every entity of the region that the automatic rules find eligible."""
    rules = [r for r in programme.rules.all() if r.automatic]
    entities = set()
    for rule in rules:
        if rule.kind != RuleKind.PER_ITEM:
            continue
        links = PatentApplicant.objects.filter(
            entity__region__prefix__startswith=programme.region.prefix, patent__in=_rule_patents(rule),
            entity__kind__in=[EntityKind.ENTERPRISE, EntityKind.UNIVERSITY, EntityKind.INSTITUTE],
        )  # fmt: skip
        entities.update(links.values_list("entity_id", flat=True))
    drafted = []
    for entity in Entity.objects.filter(pk__in=entities).order_by("pk"):
        application = application_build(programme=programme, entity=entity, user=user, automatic=True)
        if application.claims.exists():
            drafted.append(application)
        elif application.status == AppStatus.DRAFT and application.automatic:
            application.delete()
    return drafted


def notify_unconfirmed(*, programme: Programme, now=None, every_days: int = 7) -> int:
    """Stamp a reminder on drafted applications not yet confirmed (at most once a week each);
    compare-and-set, so a worker running twice does not remind twice."""
    now = now or timezone.now()
    due = Q(notified_at__isnull=True) | Q(notified_at__lt=now - timedelta(days=every_days))
    return Application.objects.filter(
        due, programme=programme, status=AppStatus.DRAFT, automatic=True
    ).update(notified_at=now)


# ---------------------------------------------------------------------------------------------
# Workflow


@transaction.atomic
def application_submit(*, application: Application, bank_name: str, account_name: str, account_number: str,
                       user=None) -> Application:  # fmt: skip
    """The enterprise confirms (免申即享) or submits, with the account to pay into."""
    if not (
        bank_name.strip() and account_name.strip() and account_number.strip().replace(" ", "").isdecimal()
    ):
        raise ValidationError(_("请填写开户行、户名和账号（账号为数字）。"))
    if not application.claims.filter(eligible=True).exists():
        raise ValidationError(_("没有符合条件的事项，无需提交。"))
    today = timezone.localdate()
    if not application.programme.opens_on <= today <= application.programme.closes_on:
        raise ValidationError(_("不在受理期（%(a)s 至 %(b)s）。") % {"a": application.programme.opens_on,
                                                              "b": application.programme.closes_on})  # fmt: skip
    application.bank_name, application.account_name = bank_name.strip(), account_name.strip()
    application.account_number = account_number.replace(" ", "")
    application.save(update_fields=["bank_name", "account_name", "account_number"])
    return application_move(
        application=application, to=AppStatus.SUBMITTED, comment=_("申请人确认并提交"), user=user
    )


@transaction.atomic
def application_move(*, application: Application, to: str, comment: str = "", user=None) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to not in TRANSITIONS[AppStatus(application.status)]:
        raise ValidationError(
            _("不能从“%(a)s”转为“%(b)s”。")
            % {"a": application.get_status_display(), "b": AppStatus(to).label}
        )
    if to in (AppStatus.RETURNED, AppStatus.REJECTED) and not comment.strip():
        raise ValidationError(_("退回或不予支持须写明意见。"))
    if to == AppStatus.APPROVED:
        checked = application.steps.filter(to_status=AppStatus.CHECKED).order_by("-at", "-pk").first()
        duties.refuse_same_person(Procedure.AWARD_APPROVAL, application.programme.region,
                                  earlier=checked.by if checked else None, now=user)  # fmt: skip
        apply_caps(application)  # what other applications of the year were approved meanwhile
        for claim in application.claims.filter(eligible=True, amount__gt=0).select_related("rule"):
            try:
                with transaction.atomic():
                    Payment.objects.create(category=claim.rule.category, key=claim.key, entity=application.entity,
                                           claim=claim, amount=claim.amount, year=application.programme.year)  # fmt: skip
            except IntegrityError as error:
                raise ValidationError(_("“%(d)s”已获奖补，不得重复。") % {"d": claim.description}) from error
    if to == AppStatus.REJECTED:
        Payment.objects.filter(claim__application=application).delete()
    if to == AppStatus.PAID:
        Payment.objects.filter(claim__application=application).update(paid_on=timezone.localdate())
    if to == AppStatus.SUBMITTED:
        application.submitted_at = timezone.now()
        application.review_due = timezone.localdate() + timedelta(days=application.programme.review_days)
    Step.objects.create(application=application, from_status=application.status, to_status=to, comment=comment[:500],
                        by=user if user is not None and user.is_authenticated else None)  # fmt: skip
    application.status = to
    application.save()
    events.application_moved(application, to, comment)
    return application


def overdue_reviews(programme: Programme, day: date):
    return programme.applications.filter(
        status__in=[AppStatus.SUBMITTED, AppStatus.CHECKED], review_due__lt=day
    )


@transaction.atomic
def publicity_start(*, programme: Programme, starts_on: date) -> Publicity:
    approved = list(programme.applications.filter(status=AppStatus.APPROVED).select_related("entity"))
    if not approved:
        raise ValidationError(_("没有已批准的申请可公示。"))
    entries = [{"entity": a.entity.name, "credit_code": a.entity.credit_code or "", "amount": str(total(a)),
                "items": a.claims.filter(eligible=True).count()} for a in approved]  # fmt: skip
    publicity = Publicity.objects.create(programme=programme, starts_on=starts_on,
                                         ends_on=starts_on + timedelta(days=programme.publicity_days - 1), entries=entries)  # fmt: skip
    for application in approved:
        application_move(application=application, to=AppStatus.PUBLISHED, comment=_("公示 %(a)s 至 %(b)s") % {
            "a": publicity.starts_on, "b": publicity.ends_on})  # fmt: skip
    return publicity


def payout_rows(programme: Programme) -> list[list]:
    """The list for the finance bureau: published (and paid) applications with accounts and amounts."""
    rows = []
    for application in programme.applications.filter(
        status__in=[AppStatus.PUBLISHED, AppStatus.PAID]
    ).select_related("entity"):
        rows.append([application.entity.name, application.entity.credit_code or "", application.account_name,
                     application.bank_name, application.account_number, total(application),
                     application.get_status_display()])  # fmt: skip
    return rows


@dataclass
class Budget:
    budget: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed - self.paid


def budget(programme: Programme) -> Budget:
    payments = Payment.objects.filter(claim__application__programme=programme)
    paid = payments.filter(paid_on__isnull=False).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    committed = payments.filter(paid_on__isnull=True).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return Budget(programme.budget, Decimal(committed).quantize(FEN), Decimal(paid).quantize(FEN))


def budget_floor(programme: Programme) -> dict | None:
    """The least the programme should have by its plan: the share of the region's general public
    budget for the year (the latest year on or before it that has the figure)."""
    from zhichan.regions.models import RegionFigure

    if programme.budget_share is None:
        return None
    figure = (
        RegionFigure.objects.filter(
            region=programme.region, year__lte=programme.year, general_budget__isnull=False
        )
        .order_by("-year")
        .first()
    )
    percent = (programme.budget_share * 100).normalize()
    if figure is None:
        return {"percent": percent, "floor": None, "year": None}
    floor = (figure.general_budget * 10_000 * programme.budget_share).quantize(FEN)  # 万元 → 元
    return {
        "percent": percent,
        "floor": floor,
        "year": figure.year,
        "met": programme.budget >= floor,
    }


def next_year_cost(programme: Programme, as_of: date) -> dict | None:
    """Next year's cost of the invention-grant award: the monitoring forecast of invention grants
    in the region (trailing twelve months at next year's end, with its band) × the award per item."""
    from zhichan.monitor.forecast import forecast

    rule = programme.rules.filter(source=ItemSource.CN_INVENTION_GRANT).first()
    if rule is None:
        return None
    found = forecast("invention_granted", programme.region, as_of, date(programme.year + 1, 12, 31))
    if found.value is None:
        return {"rule": rule, "forecast": found, "cost": None}
    return {"rule": rule, "forecast": found, "cost": found.value * rule.amount, "low": found.low * rule.amount,
            "high": found.high * rule.amount}  # fmt: skip
