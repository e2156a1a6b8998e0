"""一户一档: everything the platform knows of one entity, gathered once for its page and for the
printable Word file — rights by kind and status, high-value patents with the criteria they meet,
pledges, transfers and licences, awards and subsidies received, protection cases, credit grade
with its reasons and history, inspections, warnings and market submissions.

What staff see of cases and inspections is what their office sees (`in_office`): an entity of a
county that was a party to another county's case shows that case to the office above both only.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhichan.accounts.access import in_office
from zhichan.assets.models import EventKind, Patent, PatentAward, PatentEvent, PatentKind, PatentStatus
from zhichan.assets.status import anniversary, status_q
from zhichan.classify import engine
from zhichan.classify.models import PatentClass


@dataclass
class Dossier:
    entity: object
    day: date
    patents: list[dict] = field(default_factory=list)  # by kind: label, total, valid, pending
    high_value: list[dict] = field(default_factory=list)  # patent, criteria met
    pledges: list = field(default_factory=list)
    operations: dict = field(default_factory=dict)  # event label → count
    transactions: list = field(default_factory=list)
    prizes: list = field(default_factory=list)  # PatentAward rows
    payments: list = field(default_factory=list)  # award ledger rows
    cases: list[dict] = field(default_factory=list)
    grade: object = None
    changes: list = field(default_factory=list)
    records: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    listings: list = field(default_factory=list)
    demands: list = field(default_factory=list)


def high_value(patents, day: date) -> list[dict]:
    """The entity's valid inventions counted high-value on ``day``, each with the criteria it meets
    (the 10-year maintenance by its date, the others as classified)."""
    ruleset = engine.default_ruleset()
    if ruleset is None:
        return []
    years = engine.thresholds(ruleset)["maintained_years"]
    rows = (
        PatentClass.objects.filter(
            ruleset=ruleset, patent__in=patents.filter(high_value_filter(ruleset, day))
        )
        .select_related("patent")
        .order_by("patent__filed_on", "patent__number")
    )
    found = []
    for row in rows:
        met = [
            str(label)
            for bit, label in engine.CRITERIA
            if (
                row.hv_mask & bit
                if bit != engine.MAINTAINED_BIT
                else anniversary(row.patent.filed_on, years) < day
            )
        ]
        found.append({"patent": row.patent, "criteria": met})
    return found


def high_value_filter(ruleset, day: date) -> Q:
    return engine.high_value_q(ruleset, day)


def gather(entity, user, day: date) -> Dossier:
    from zhichan.awards.models import Payment
    from zhichan.credit.models import CreditGrade, CreditRecord, GradeChange
    from zhichan.credit.services import labelled
    from zhichan.inspections.models import InspectionTarget
    from zhichan.market.models import Transaction
    from zhichan.protection.models import Case, WarningTarget

    d = Dossier(entity=entity, day=day)
    patents = Patent.objects.filter(applicant_links__entity=entity).distinct()
    for kind, label in PatentKind.choices:
        of_kind = patents.filter(kind=kind)
        d.patents.append({
            "label": label, "total": of_kind.count(),
            "valid": of_kind.filter(status_q(PatentStatus.VALID, day)).count(),
            "pending": of_kind.filter(status_q(PatentStatus.PENDING, day)).count(),
        })  # fmt: skip
    d.high_value = high_value(Patent.objects.filter(pk__in=patents.values("pk")), day)
    d.pledges = list(entity.pledges.order_by("-registered_on", "-pk").prefetch_related("items")[:100])
    events = (
        PatentEvent.objects.filter(patent__in=patents.values("pk"))
        .filter(kind__in=[EventKind.PLEDGE, EventKind.TRANSFER, EventKind.LICENSE])
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    d.operations = {str(EventKind(e["kind"]).label): e["n"] for e in events}
    d.transactions = list(
        Transaction.objects.filter(Q(seller=entity) | Q(buyer=entity))
        .order_by("-pk")
        .prefetch_related("patents")[:100]
    )
    d.prizes = list(
        PatentAward.objects.filter(patent__in=patents.values("pk")).select_related("patent").order_by("-year")
    )
    d.payments = list(
        Payment.objects.filter(entity=entity)
        .select_related("claim__application__programme")
        .order_by("-year", "-pk")
    )
    seen = in_office(Case.objects, user)
    for case in seen.filter(parties__entity=entity).distinct().order_by("-requested_on", "-pk"):
        roles = sorted({str(p.get_role_display()) for p in case.parties.all() if p.entity_id == entity.pk})
        d.cases.append({"case": case, "roles": "、".join(roles)})
    d.grade = CreditGrade.objects.filter(entity=entity).select_related("scheme").first()
    d.changes = list(GradeChange.objects.filter(entity=entity)[:50])
    d.records = labelled(CreditRecord.objects.filter(entity=entity), entity.region)
    d.inspections = list(
        InspectionTarget.objects.filter(entity=entity, plan__in=in_office(_plans(), user))
        .select_related("plan")
        .order_by("-plan__pk")
    )
    d.warnings = list(
        WarningTarget.objects.filter(entity=entity)
        .select_related("warning")
        .order_by("-warning__published_on")
    )
    d.listings = list(entity.listings.select_related("patent").order_by("-pk")[:50])
    d.demands = list(entity.demands.order_by("-pk")[:50])
    return d


def _plans():
    from zhichan.inspections.models import InspectionPlan

    return InspectionPlan.objects.all()


def document(d: Dossier, issuer: str) -> bytes:
    """The dossier as a Word report (`lib/booklet.py`): cover, contents, one chapter per part."""
    from zhichan.lib.booklet import Booklet

    book = Booklet(_("%(n)s 一户一档") % {"n": d.entity.name}, subtitle=_("（截至%(d)s）") % {"d": _cn(d.day)},
                   issuer=issuer, day=d.day)  # fmt: skip
    table = partial(book.table, empty=_("（无）"))
    e = d.entity
    book.heading(_("基本信息"))
    table(_("主体"), [_("项目"), _("内容")], [
        [_("名称"), e.name], [_("类型"), str(e.get_kind_display())], [_("统一社会信用代码"), e.credit_code or "—"],
        [_("所属区划"), e.region.full_name if e.region_id else "—"], [_("地址"), e.address or "—"],
        [_("国民经济行业"), e.industry_code or "—"],
        [_("标签"), "、".join(str(t.get_tag_display()) for t in e.tags.all()) or "—"],
    ])  # fmt: skip
    book.heading(_("知识产权"))
    table(_("专利（状态按%(d)s计）") % {"d": _cn(d.day)}, [_("类型"), _("申请"), _("有效"), _("审中")],
               [[str(p["label"]), p["total"], p["valid"], p["pending"]] for p in d.patents])  # fmt: skip
    table(_("高价值发明专利及所符条件"), [_("申请号"), _("名称"), _("授权日"), _("条件")],
               [[h["patent"].number, h["patent"].title, _iso(h["patent"].granted_on), "；".join(h["criteria"])]
                for h in d.high_value])  # fmt: skip
    book.heading(_("运用"))
    table(_("质押融资"), [_("登记号"), _("质权人"), _("金额（元）"), _("登记日"), _("解除日")],
               [[p.number or "—", p.pledgee_name, p.amount, _iso(p.registered_on), _iso(p.released_on)]
                for p in d.pledges], digits={2: 2})  # fmt: skip
    table(_("转让与许可"), [_("类型"), _("转让人/许可人"), _("受让人/被许可人"), _("专利"), _("金额（元）")],
               [[str(t.get_kind_display()), t.seller_name, t.buyer_name, "、".join(p.number for p in t.patents.all()),
                 t.amount] for t in d.transactions], digits={4: 2})  # fmt: skip
    book.paragraph(
        _("专利法律事件：%(s)s。")
        % {"s": "，".join(f"{k} {n} 次" for k, n in d.operations.items()) or _("无")}
    )
    book.heading(_("获奖与奖补"))
    table(_("专利获奖"), [_("年度"), _("奖项"), _("等级"), _("专利")],
               [[a.year, a.award, a.grade, a.patent.number] for a in d.prizes])  # fmt: skip
    table(_("奖补资金"), [_("年度"), _("项目"), _("事项"), _("金额（元）"), _("拨付日")],
               [[p.year, p.claim.application.programme.name, p.claim.description, p.amount, _iso(p.paid_on)]
                for p in d.payments], digits={3: 2})  # fmt: skip
    book.heading(_("保护"))
    table(_("涉及的案件"), [_("案号"), _("类型"), _("地位"), _("状态"), _("认定结果"), _("审结日")],
               [[x["case"].number, str(x["case"].get_kind_display()), x["roles"], str(x["case"].get_status_display()),
                 str(x["case"].get_finding_display()) or "—", _iso(x["case"].decided_on)] for x in d.cases])  # fmt: skip
    book.heading(_("信用"))
    if d.grade is not None:
        book.paragraph(_("信用等级 %(g)s（得分 %(s)s，%(d)s评价，方案：%(m)s）。") % {
            "g": d.grade.grade, "s": d.grade.score, "d": _cn(d.grade.computed_on), "m": d.grade.scheme.name})  # fmt: skip
        table(_("计分依据"), [_("规则"), _("分值"), _("事实")],
                   [[r["label"], f"{r['points']:+d}", r["fact"]] for r in d.grade.reasons])  # fmt: skip
    else:
        book.paragraph(_("尚未评价。"))
    table(_("等级变动"), [_("日期"), _("原等级"), _("新等级"), _("得分"), _("原因")],
               [[_iso(c.on), c.before or "—", c.after, c.score, c.cause] for c in d.changes])  # fmt: skip
    book.heading(_("监管与服务"))
    table(_("双随机抽查"), [_("任务"), _("检查日期"), _("结果"), _("检查情况")],
               [[t.plan.name, _iso(t.checked_on), str(t.get_outcome_display()), t.finding] for t in d.inspections])  # fmt: skip
    table(_("收到的海外风险预警"), [_("预警"), _("国家/地区"), _("发布日"), _("已读")],
               [[w.warning.title, w.warning.country, _iso(w.warning.published_on), _("是") if w.read_at else _("否")]
                for w in d.warnings])  # fmt: skip
    table(_("技术供需"), [_("类别"), _("名称"), _("状态")],
               [[_("挂牌（%(k)s）") % {"k": x.get_kind_display()}, f"{x.patent.number} {x.patent.title}",
                 str(x.get_status_display())] for x in d.listings]
               + [[_("需求"), x.title, str(x.get_status_display())] for x in d.demands])  # fmt: skip
    return book.save()


def _iso(day) -> str:
    return day.isoformat() if day else "—"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
