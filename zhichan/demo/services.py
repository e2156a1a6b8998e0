"""Loading the demo county: regions, figures, users and generated entities. Idempotent."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from zhichan.accounts.login import DEMO_PASSWORD
from zhichan.accounts.models import Role, User
from zhichan.demo.generator import generate, load_villages
from zhichan.entities.models import AliasKind, Entity, EntityAlias, EntityTag
from zhichan.lib.text import name_key
from zhichan.regions.models import Region, RegionFigure
from zhichan.regions.services import figure_upsert, regions_load_townships, regions_load_tree

DEMO_COUNTY = "420581"
PLAN_SOURCE = "《宜都市知识产权强县建设规划》第一章"
SYNTHETIC = "演示数据（合成）"

# (username, display name, region code, office administrator) — officials at every level, a
# second county official who approves what the first examined (separation of duties), and a
# neighbouring county for permission checks.
DEMO_OFFICIALS = [
    ("hubei", "省局演示用户", "420000", False),
    ("yichang", "宜昌市局演示用户", "420500", False),
    ("yidu", "宜都市局演示用户", "420581", True),
    ("yidu-fuhe", "宜都市局复核演示用户", "420581", False),
    ("zhijiang", "枝江市局演示用户", "420583", False),
]


@dataclass
class DemoReport:
    regions_created: int = 0
    townships_created: int = 0
    entities_created: int = 0
    patents_created: int = 0
    users: list[str] = field(default_factory=list)


def demo_load(*, entity_count: int = 400, seed: int = 2024, patent_count: int = 3000) -> DemoReport:
    report = DemoReport()
    if not Region.objects.filter(code=DEMO_COUNTY).exists():
        report.regions_created = regions_load_tree().created
    if not Region.objects.filter(parent__code=DEMO_COUNTY).exists():
        report.townships_created = regions_load_townships().created
    with transaction.atomic():
        _figures()
        report.entities_created = _entities(entity_count, seed)
        report.users = _users()
    from zhichan.regions.resolve import reset_resolver

    reset_resolver()
    from zhichan.classify.models import IPCEntry
    from zhichan.classify.services import ipc_load

    if not IPCEntry.objects.exists():
        ipc_load()
    from zhichan.classify.models import ClassTable
    from zhichan.classify.tables import load_shipped

    if not ClassTable.objects.exists():
        load_shipped()  # before the patents, so that their import classifies them
    report.patents_created = _patents(patent_count, entity_count, seed)
    with transaction.atomic():
        _rights_and_events(seed)
    from zhichan.monitor.models import Plan
    from zhichan.monitor.plans import plans_load

    if not Plan.objects.exists():
        plans_load()  # the four seed plans and their targets
    from zhichan.supervision.services import workitems_load

    workitems_load()  # their numbered tasks, for 工作任务督办
    _supervision()
    from zhichan.events.services import targets_load

    targets_load()  # the plans' yearly training and publicity targets
    _office_values()
    _finance_and_market(seed)
    report.users += _bank_user()
    _awards()
    _enterprise_user_with_an_application()
    _risk_pool_and_interest()
    _products()
    _protection()
    _inspections()
    _navigation()
    _portal()
    _cultivation_project()
    from zhichan.assets.models import Patent
    from zhichan.market import search

    index = search.current()
    if index is None or index.meta.get("documents") != Patent.everything.count():
        search.index_build(workers=1)  # none, or one of another registry: the demo's patents, seconds
    return report


def demo_present(*, patent_count: int = 3000) -> bool:
    """Whether an earlier load ran to its end: the demo logins, the portal's items (written late)
    and a search index of this registry (the last step). An interrupted load is not present."""
    from zhichan.assets.models import Patent
    from zhichan.catalog.models import ServiceItem
    from zhichan.market import search

    if not User.objects.filter(username="yidu").exists():
        return False
    if not ServiceItem.objects.filter(region__code=DEMO_COUNTY).exists():
        return False
    patents = Patent.everything.count()
    if patent_count and not patents:
        return False
    index = search.current()
    return index is not None and index.meta.get("documents") == patents


def _enterprise_user_with_an_application() -> None:
    """The demo enterprise user stands for a firm the 免申即享 run drafted an application for, so
    that its 我的 shows one (which firm that is depends on the synthetic patents)."""
    from zhichan.accounts.models import User
    from zhichan.awards.models import Application

    user = User.objects.filter(username="qiye").first()
    if user is None or Application.objects.filter(entity_id=user.entity_id).exists():
        return
    drafted = Application.objects.filter(entity__kind="enterprise").order_by("entity_id").first()
    if drafted is not None:
        User.objects.filter(pk=user.pk).update(entity=drafted.entity)


def _risk_pool_and_interest() -> None:
    """The county's risk-compensation pool (seed 003 #15–16 name it; the shares, cap and
    conditions here are an illustration): a rule, two fundings, a loan of the demo bank reported
    in default, approved and compensated in part, with a recovery; and a 贴息 programme of last
    year, so that an enterprise applies for it from 我的."""
    from datetime import date, timedelta

    from django.utils import timezone

    from zhichan.awards.models import AwardRule, Programme, RuleKind
    from zhichan.finance import pool
    from zhichan.finance.models import Pledge, PoolEntryKind, PoolRule
    from zhichan.finance.services import pool_entry_add

    county = Region.objects.get(code=DEMO_COUNTY)
    if PoolRule.objects.filter(region=county).exists():
        return
    today = timezone.localdate()
    PoolRule.objects.create(
        name="宜都市知识产权质押融资风险补偿（演示）", basis="依据宜都方案第15、16项设立；分担比例与条件为演示设定",
        region=county, valid_from=date(2023, 1, 1), pool_share=Decimal("0.5"), bank_share=Decimal("0.3"),
        guarantor_share=Decimal("0.2"), cap_per_loan=Decimal("3000000"), min_overdue_days=90, claim_within_days=365,
        note=SYNTHETIC,
    )  # fmt: skip
    pool_entry_add(region=county, on=date(2024, 1, 15), kind=PoolEntryKind.FUNDING, amount=Decimal("5000000"),
                   counterparty="宜都市财政局（演示）", document="演示注资一")  # fmt: skip
    pool_entry_add(region=county, on=date(2025, 1, 15), kind=PoolEntryKind.FUNDING, amount=Decimal("2000000"),
                   counterparty="宜都市财政局（演示）", document="演示注资二")  # fmt: skip
    qiye = User.objects.filter(username="qiye").values_list("entity_id", flat=True).first()
    pledge = (
        Pledge.objects.filter(region__prefix__startswith=county.prefix, pledgee__kind="bank",
                              loan_end__lt=today - timedelta(days=200))
        .exclude(pledgor_id=qiye).order_by("-amount", "pk").first()
    )  # fmt: skip
    if pledge is not None:
        overdue = pledge.loan_end
        claim = pool.default_report(pledge=pledge, overdue_since=overdue, outstanding=pledge.principal * Decimal("0.8"),
                                    measures="已催收并向法院起诉，申请拍卖质押专利（演示）",
                                    reported_on=overdue + timedelta(days=120))  # fmt: skip
        claim = pool.claim_review(
            claim=claim, approve=True, note="材料齐全（演示）", day=overdue + timedelta(days=130)
        )
        pool.compensate(claim=claim, on=overdue + timedelta(days=140), document="演示代偿")
        pool.recovery_add(claim=claim, on=overdue + timedelta(days=190), recovered=pledge.principal * Decimal("0.2"),
                          document="质押专利拍卖所得（演示）")  # fmt: skip
    _insurance(county, qiye)
    _publicity(county, qiye)
    _patent_pool(county)
    _submissions(qiye)
    _loan_of_the_enterprise_user(qiye, today.year - 1)
    programme = Programme.objects.create(
        name="知识产权质押融资贴息（演示）", region=county, year=today.year - 1,
        basis="参照《随州市知识产权强市建设实施方案》（三）：LPR 的40%，每家企业年度不超过20万元", budget=Decimal("2000000"),
        opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=60), note=SYNTHETIC,
    )  # fmt: skip
    AwardRule.objects.create(programme=programme, name="知识产权质押融资贴息", kind=RuleKind.INTEREST,
                             category="pledge_interest", amount=Decimal("0"))  # fmt: skip


def _loan_of_the_enterprise_user(firm_id: int | None, year: int) -> None:
    """A pledged loan of the demo enterprise user's firm running through ``year``, so that its 我的
    shows a 贴息 claim worked out from the loan and the LPR table. Marked synthetic."""
    from datetime import date

    from zhichan.assets.models import Patent
    from zhichan.finance.models import ItemKind, Pledge
    from zhichan.finance.services import ItemData, pledge_register

    firm = Entity.objects.filter(pk=firm_id).first()
    bank = Pledge.objects.filter(pledgee__kind="bank").values_list("pledgee__name", flat=True).first()
    if firm is None or bank is None or Pledge.objects.filter(pledgor=firm, loan_start__year=year).exists():
        return
    patent = Patent.objects.filter(first_applicant=firm, granted_on__isnull=False).order_by("pk").first()
    if patent is None:
        return
    pledge_register(
        pledgor_name=firm.name, pledgee_name=bank, amount=Decimal("5000000"), registered_on=date(year, 3, 1),
        items=[ItemData(ItemKind.PATENT, patent.number)], loan_start=date(year, 3, 1), loan_end=date(year + 1, 3, 1),
        loan_rate=Decimal("3.45"), number=f"DEMO-QIYE-{year}", note=SYNTHETIC,
    )  # fmt: skip


def _submissions(firm_id: int | None) -> None:
    """What the demo enterprise user's firm submitted itself: a demand waiting for review and a
    financing need the office published for the banks. Marked synthetic."""
    from django.utils import timezone

    from zhichan.market.models import Demand
    from zhichan.market.submissions import demand_submit, need_submit, review

    firm = Entity.objects.filter(pk=firm_id).first()
    if firm is None:
        return
    demand_submit(demand=Demand(entity=firm, title="柑橘深加工副产物综合利用（演示）",
                                text="柑橘皮渣提取果胶和香精油的工艺，要求收率高于行业平均水平（演示）。"))  # fmt: skip
    need = need_submit(entity=firm, amount=Decimal("3000000"), months=12, purpose="扩建生产线（演示）",
                       rights="本单位有效发明专利（演示）", contact="王经理（演示）", on=timezone.localdate())  # fmt: skip
    review(item=need, approve=True, note="")


def _patent_pool(county: Region) -> None:
    """A patent pool of the county with 120 patents in force (宜都 #22 counts pools of ≥ 100) and
    their holders as members, so that the target shows progress. Marked synthetic."""
    from datetime import date, timedelta

    from django.utils import timezone

    from zhichan.assets.models import Patent, PatentStatus
    from zhichan.assets.status import status_q
    from zhichan.market.models import PatentPool

    patents = list(
        Patent.objects.filter(status_q(PatentStatus.VALID, timezone.localdate()), region__prefix__startswith=county.prefix,
                              ended_on__gt=timezone.localdate() + timedelta(days=800)).order_by("pk")[:120]
    )  # fmt: skip
    if len(patents) < 100:
        return
    pool = PatentPool.objects.create(name="宜都市磷化工高价值专利池（演示）", region=county, field="磷化工、新材料",
                                     founded_on=date(2025, 6, 1), description=SYNTHETIC)  # fmt: skip
    pool.patents.set(patents)
    holders = sorted({p.first_applicant_id for p in patents if p.first_applicant_id is not None})
    pool.members.set(holders[:10])


def _publicity(county: Region, firm_id: int | None) -> None:
    """Two 免申即享 applications (not the demo enterprise user's) reviewed and approved, their list
    in its publicity period on the portal since two days ago, so that it can be objected to."""
    from datetime import timedelta

    from django.utils import timezone

    from zhichan.awards.models import Application, AppStatus, Programme
    from zhichan.awards.services import application_move, publicity_start

    programme = Programme.objects.filter(region=county).order_by("pk").first()
    if programme is None:
        return
    drafts = Application.objects.filter(programme=programme, status=AppStatus.DRAFT).exclude(
        entity_id=firm_id
    )
    for application in drafts.order_by("pk")[:2]:
        Application.objects.filter(pk=application.pk).update(
            bank_name="中国农业银行宜都支行（演示）", account_name=application.entity.name, account_number="6228480000000000"
        )  # fmt: skip
        for to in (AppStatus.SUBMITTED, AppStatus.CHECKED, AppStatus.APPROVED):
            application_move(application=application, to=to, comment="演示审核")
    if programme.applications.filter(status=AppStatus.APPROVED).exists():
        publicity_start(programme=programme, starts_on=timezone.localdate() - timedelta(days=2))


def _insurance(county: Region, firm_id: int | None) -> None:
    """An IP insurance product with a premium subsidy, a policy of the demo enterprise user's firm
    with a claim paid, and a 保费补贴 rule in the demo awards programme (illustrative rates)."""
    from datetime import date

    from zhichan.awards.models import AwardRule, Programme, RuleKind
    from zhichan.finance import insurance
    from zhichan.finance.models import InsuranceKind, InsurancePolicy, InsuranceProduct

    if firm_id is None:
        return
    product = InsuranceProduct.objects.create(
        name="知识产权维权费用保险（演示）", insurer="人保财险宜昌分公司（演示）", kind=InsuranceKind.ENFORCEMENT,
        region=county, premium_rate=Decimal("2.5"), max_coverage=Decimal("500000"), subsidy_share=Decimal("50"),
        valid_from=date(2024, 1, 1), terms="维权产生的调查取证费、律师费、诉讼费（演示）",
    )  # fmt: skip
    policy = InsurancePolicy.objects.create(
        product=product, number="PICC-DEMO-2025-001", kind=InsuranceKind.ENFORCEMENT, insurer=product.insurer,
        insured_id=firm_id, premium=Decimal("12500"), coverage=Decimal("500000"), starts_on=date(2025, 3, 1),
        ends_on=date(2026, 2, 28), region=county,
    )  # fmt: skip
    claim = insurance.claim_report(policy=policy, incident_on=date(2025, 7, 10), reported_on=date(2025, 7, 12),
                                   description="起诉电商平台侵权店铺（演示）", claimed=Decimal("86000"))  # fmt: skip
    insurance.claim_decide(
        claim=claim, paid=Decimal("68000"), note="律师费、公证费按约定赔付（演示）", on=date(2025, 9, 1)
    )
    programme = Programme.objects.filter(region=county, rules__kind=RuleKind.PER_ITEM).order_by("pk").first()
    if programme is not None:
        AwardRule.objects.create(programme=programme, name="知识产权保险保费补贴（按产品补贴比例，单笔不超过1万元）",
                                 kind=RuleKind.PREMIUM, category="ip_insurance_premium", amount=Decimal("0"),
                                 cap_per_item=Decimal("10000"))  # fmt: skip


def _cultivation_project() -> None:
    """A 高价值专利培育项目 of the demo enterprise user's firm under a staged rule of the demo
    programme (seed 003 #7; the total and shares are an illustration): scored by three experts,
    approved, its 中期评估 refused once and then passed, so that the project, the stage payments
    and 我的 have something to show."""
    from datetime import timedelta

    from zhichan.agencies.models import Expert
    from zhichan.awards import projects
    from zhichan.awards.models import AwardRule, Programme, Project, RuleKind

    county = Region.objects.get(code=DEMO_COUNTY)
    programme = Programme.objects.filter(region=county, rules__kind=RuleKind.PER_ITEM).order_by("pk").first()
    firm = User.objects.filter(username="qiye").select_related("entity").first()
    if programme is None or firm is None or firm.entity is None or Project.objects.exists():
        return
    rule = AwardRule.objects.create(
        programme=programme, name="高价值专利培育项目（演示：总额不超过50万元，分三阶段）", kind=RuleKind.STAGED,
        category="hv_project", amount=Decimal("500000"), stages=[["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]],
    )  # fmt: skip
    start = programme.opens_on
    project = projects.project_apply(
        rule=rule, entity=firm.entity, title="磷石膏综合利用高价值专利培育（演示）", field="磷化工",
        summary="围绕磷石膏制硫酸联产水泥布局发明专利组合，联合高校开展技术攻关（演示）。", leader="李工（演示）",
        partners="三峡大学（演示）", target_filings=12, target_grants=5, requested=Decimal("400000"), on=start,
    )  # fmt: skip
    panel = list(Expert.objects.filter(region=county, active=True).order_by("pk")[:3])
    for expert, score in zip(panel, (Decimal("85"), Decimal("78"), Decimal("90")), strict=False):
        projects.review_add(
            project=project, expert=expert, score=score, opinion="演示评分", on=start + timedelta(days=20)
        )
    if len(panel) < projects.MIN_REVIEWS:
        return
    projects.project_decide(project=project, approve=True, budget=Decimal("360000"), note="专家组同意立项（演示）",
                            on=start + timedelta(days=30))  # fmt: skip
    projects.stage_record(project=project, stage="中期评估", passed=False, note="专利布局不足，补充3件申请（演示）",
                          on=start + timedelta(days=200))  # fmt: skip
    projects.stage_record(project=project, stage="中期评估", passed=True, note="已整改（演示）",
                          on=start + timedelta(days=260))  # fmt: skip


def _products() -> None:
    """专利产品备案 of the demo enterprise: one product published, one waiting for the office."""
    from datetime import timedelta

    from django.utils import timezone

    from zhichan.accounts.models import User
    from zhichan.assets.models import Patent, PatentStatus
    from zhichan.assets.status import status_q
    from zhichan.market.models import PatentProduct
    from zhichan.market.products import product_decide, product_submit

    user = User.objects.filter(username="qiye").select_related("entity").first()
    if user is None or user.entity is None or PatentProduct.objects.exists():
        return
    today = timezone.localdate()
    valid = Patent.objects.filter(status_q(PatentStatus.VALID, today), region__prefix__startswith=DEMO_COUNTY)
    # The demo enterprise user's firm, or (in a small demo where it holds none in force) a firm that does.
    link = valid.filter(applicant_links__entity=user.entity).first() and user.entity
    entity = link or Entity.objects.filter(
        patent_links__patent__in=valid.values("pk"), kind="enterprise", region__isnull=False
    ).first()  # fmt: skip
    if entity is None:
        return
    held = list(
        valid.filter(applicant_links__entity=entity)
        .order_by("-granted_on")
        .values_list("number", flat=True)[:3]
    )
    by = user if entity == user.entity else None
    office = User.objects.filter(username="yidu").first()
    first = product_submit(entity=entity, user=by, kind="filing", name="（演示）节能型智能开关柜", spec="KYN-12",
                           patents="\n".join(held[:2]), on=today - timedelta(days=20))  # fmt: skip
    product_decide(product=first, approve=True, reason="", user=office, on=today - timedelta(days=10))
    product_submit(entity=entity, user=by, kind="dense", name="（演示）高效电池模组", patents=held[-1],
                   on=today - timedelta(days=3))  # fmt: skip


def _awards() -> None:
    """An awards programme of the demo county built from the seeds' rules: Suizhou's per-item
    awards (as 免申即享) and Yidu #30's enforcement-cost subsidy (whose ratio and cap the plan leaves
    open: 50 % and 20,000 元 here, marked as illustration). Drafts the 免申即享 list."""
    from datetime import date

    from zhichan.awards.models import AwardRule, ItemSource, Programme, RuleKind
    from zhichan.awards.services import automatic_run

    county = Region.objects.get(code=DEMO_COUNTY)
    if Programme.objects.filter(region=county).exists():
        return
    programme = Programme.objects.create(
        name="知识产权奖补（演示）", basis="参照《随州市知识产权强市建设实施方案》（三）与宜都方案第30项", region=county,
        year=2025, budget=Decimal("3000000"), opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31), note=SYNTHETIC,
    )  # fmt: skip
    AwardRule.objects.create(programme=programme, name="国内授权发明专利奖励（每件1万元）", kind=RuleKind.PER_ITEM,
                             category="invention_grant", source=ItemSource.CN_INVENTION_GRANT,
                             period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), amount=Decimal("10000"),
                             automatic=True)  # fmt: skip
    AwardRule.objects.create(programme=programme, name="PCT途径国外授权发明专利奖励（每件10万元）", kind=RuleKind.PER_ITEM,
                             category="pct_foreign_grant", source=ItemSource.PCT_FOREIGN_GRANT, amount=Decimal("100000"),
                             automatic=True)  # fmt: skip
    AwardRule.objects.create(programme=programme, name="维权费用补贴（演示比例50%，单项上限2万元）", kind=RuleKind.REIMBURSE,
                             category="enforcement_costs", amount=Decimal("0"), ratio=Decimal("0.5"),
                             cap_per_item=Decimal("20000"))  # fmt: skip
    automatic_run(programme=programme)


# Entered values of the plans' office-defined indicators (monitor/data/plans.json), by region, as
# an office would enter them from its departments' reports: invented figures, marked as such.
OFFICE_VALUES = {
    "420581": {
        "custody_firms": [("2025-12-31", 46)], "hv_centres": [("2025-12-31", 6)], "patent_prizes": [("2025-12-31", 1)],
        "plant_variety": [("2024-12-31", 12), ("2025-12-31", 13)],
        "tm_pledge_amount": [("2024-12-31", 5200), ("2025-12-31", 5480)], "finance_products": [("2025-12-31", 1)],
        "navigation_services": [("2025-12-31", 1)],
        "overseas_warning": [("2025-12-31", 2)], "rights_stations": [("2025-12-31", 14)],
        "brand_agencies": [("2025-12-31", 1)], "info_points": [("2025-12-31", 0)], "operation_centres": [("2025-12-31", 1)],
        "volunteers": [("2025-12-31", 8)], "volunteer_attorneys": [("2025-12-31", 2)],
        "commissioners_new": [("2025-12-31", 7)], "hv_projects": [("2025-12-31", 1)],
        "navigation_projects": [("2025-12-31", 3)], "pi_clusters": [("2025-12-31", 1)], "ipo_compliance": [("2025-12-31", 1)],
        "promo_videos": [("2025-12-31", 4)],
    },
    "420200": {"protection_satisfaction": [("2023-12-31", 80.2), ("2024-12-31", 81.5)]},
    "420000": {
        "adjudication_pilots_accepted": [("2025-12-31", 12)], "hv_centres_new": [("2025-12-31", 7)],
        "navigation_bases_new": [("2025-12-31", 6)], "operation_centres_new": [("2025-12-31", 3)],
        "university_bases_new": [("2025-12-31", 8)], "industrialization_parks": [("2025-12-31", 2)],
        "service_clusters_new": [("2025-12-31", 1)],
    },
}  # fmt: skip


def _office_values() -> None:
    from datetime import date

    from zhichan.monitor.indicators import INDICATORS
    from zhichan.monitor.models import EnteredValue

    for region_code, indicators in OFFICE_VALUES.items():
        region = Region.objects.get(code=region_code)
        for code, values in indicators.items():
            if code not in INDICATORS:
                continue  # the plans were loaded from another file
            for on, value in values:
                EnteredValue.objects.get_or_create(
                    region=region, indicator=code, on=date.fromisoformat(on),
                    defaults={"value": Decimal(str(value)), "source": SYNTHETIC},
                )  # fmt: skip


def _portal() -> None:
    """What the public portal shows besides the registry: the office's service items, events, a
    service agency and two experts for the directories, and one report received online. Written
    for the demo (names marked 演示); an office enters its own."""
    from datetime import date

    from django.utils import timezone

    from zhichan.agencies.models import AgencyProfile, Expert, ExpertKind
    from zhichan.agencies.services import expert_save
    from zhichan.catalog.models import ServiceItem, SiteFooter
    from zhichan.events.models import Event, EventKind
    from zhichan.events.services import event_save
    from zhichan.protection import services as protection

    county = Region.objects.get(code=DEMO_COUNTY)
    from zhichan.catalog.models import Letterhead

    Letterhead.objects.get_or_create(region=county, defaults={
        "mark": "宜都市市场监督管理局文件", "issuer": "宜都市市场监督管理局", "prefix": "宜市监知",
        "bulletin_to": "各乡镇人民政府、街道办事处，市直有关单位", "report_to": "宜昌市市场监督管理局",
        "printer": "宜都市市场监督管理局办公室",
    })  # fmt: skip
    SiteFooter.objects.get_or_create(region=county, defaults={
        "sponsor": "宜都市市场监督管理局（演示）", "organizer": "宜都市市场监督管理局知识产权股（演示）",
        "address": "湖北省宜都市陆城街道（演示）", "phone": "0717-0000000（演示）",
        "icp": "鄂ICP备00000000号（演示）", "site_code": "0000000000",
    })  # fmt: skip
    if ServiceItem.objects.filter(region=county).exists():
        return
    office = "宜都市市场监督管理局知识产权股（演示）"
    items = [
        ("保护", "专利侵权纠纷行政裁决", "专利权人或利害关系人请求处理专利侵权纠纷，由管理专利工作的部门依法裁决。",
         "请求人是专利权人或利害关系人；有明确的被请求人；有具体的请求事项和事实、理由；当事人未就该纠纷向法院起诉。",
         "请求书\n专利权有效的证明（专利证书、年费缴纳凭据）\n侵权证据\n主体资格证明", "提交请求\n立案审查\n送达与答辩\n口头审理\n作出裁决",
         "《中华人民共和国专利法》第六十五条"),
        ("保护", "知识产权投诉举报受理", "受理专利、商标侵权假冒的投诉与举报，回执码可查办理进度。", "",
         "投诉人身份信息（举报可匿名）\n被投诉人信息与事实\n证据材料（选填）", "网上或窗口提交\n分流登记\n办理并答复", ""),
        ("运用", "知识产权质押融资服务", "为企业对接合作银行、办理专利权与商标专用权质押登记咨询，按政策测算贴息。",
         "出质的专利权或商标专用权有效、权属清楚。", "质押合同\n权利证书\n企业营业执照", "需求登记\n银企对接\n质押登记\n贴息申报",
         "《专利权质押登记办法》"),
        ("信息服务", "专利检索与导航咨询", "为企业提供专利检索、技术供需匹配和产业专利导航报告解读。", "", "", "提交需求\n检索分析\n反馈结果", ""),
    ]  # fmt: skip
    for n, (category, name, summary, conditions, materials, steps, basis) in enumerate(items, 1):
        ServiceItem.objects.create(
            region=county, position=n, category=category, name=name, summary=summary, conditions=conditions,
            materials=materials, steps=steps, basis=basis, window=office, promised_days=None if n > 2 else 5,
            published=True,
        )  # fmt: skip
    for kind, title, day, attendance in [
        (EventKind.DAY_426, "4·26世界知识产权日宣传活动（演示）", date(2026, 4, 26), 300),
        (EventKind.TRAINING, "企业专利申请与布局实务培训（演示）", date(2026, 6, 18), 85),
    ]:
        event_save(event=Event(region=county, kind=kind, title=title, starts_on=day, place="宜都市陆城街道",
                               organizer="宜都市市场监督管理局", attendance=attendance, note=SYNTHETIC))  # fmt: skip
    agency_name = "宜都市清江知识产权代理事务所（演示）"
    agency, _made = Entity.objects.get_or_create(
        name=agency_name, defaults={"name_key": name_key(agency_name), "kind": "agency", "region": county}
    )
    AgencyProfile.objects.get_or_create(
        entity=agency, defaults={"services": "专利代理、商标代理、知识产权咨询", "staff_count": 6}
    )
    for kind, name, unit, fields in [
        (ExpertKind.INVESTIGATOR, "周工（演示）", "三峡大学（演示）", "化工材料；电池"),
        (ExpertKind.MEDIATOR, "陈律师（演示）", "宜都市人民调解委员会（演示）", "专利纠纷调解"),
    ]:
        expert_save(expert=Expert(region=county, kind=kind, name=name, unit=unit, specialities=fields,
                                  confirmed_on=timezone.localdate()))  # fmt: skip
    # Rosters counted against the plan: a volunteer team of 11 (3 patent attorneys or intermediate
    # titles), commissioners joining in 2025 (12) and 2026 (7 so far).
    from datetime import date

    from zhichan.agencies.services import people_targets_load

    people_targets_load()
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
    for n in range(11):
        Expert.objects.create(
            region=county, kind=ExpertKind.VOLUNTEER, name=f"{surnames[n]}志愿（演示）", unit="宜都市知识产权服务中心（演示）",
            specialities="知识产权咨询", team="宜都市知识产权服务志愿者队（演示）", joined_on=date(2025, 4, 26),
            qualified=n < 3, confirmed_on=timezone.localdate(),
        )  # fmt: skip
    for n, year in enumerate([2025] * 12 + [2026] * 7):
        Expert.objects.create(
            region=county, kind=ExpertKind.COMMISSIONER, name=f"{surnames[n % 23]}专员{n}（演示）", unit=f"宜都市演示企业{n}",
            specialities="企业知识产权管理", joined_on=date(year, 3 + n % 8, 10), confirmed_on=timezone.localdate(),
        )  # fmt: skip
    protection.complaint_file(
        kind="report", region=county, phone="13000000000", subject="某电商店铺（演示）", anonymous=True,
        description="网店商品页面标注的专利号已失效，疑似假冒专利（演示）。",
    )  # fmt: skip


def _navigation() -> None:
    """A navigation scope over the demo registry's new-material patents, analysed as of today,
    and a monthly warning for one firm."""
    from django.utils import timezone

    from zhichan.navigation import analysis
    from zhichan.navigation.models import Scope, Watch
    from zhichan.navigation.services import run_create

    county = Region.objects.get(code=DEMO_COUNTY)
    if Scope.objects.filter(office=county).exists():
        return
    scope = Scope.objects.create(
        name="磷化工与新材料（演示）", office=county, home=county, ipc="C04B; C01B; C05B",
        purpose="（演示）服务宜都市磷化工与新材料产业链：摸清技术构成、主要创新主体与本市定位。",
        peers=["420583", "420582", "420500"],
    )  # fmt: skip
    analysis.analyse(run_create(scope=scope, as_of=timezone.localdate()))
    firm = (
        Entity.objects.filter(region__prefix__startswith=county.prefix, kind="enterprise")
        .order_by("pk")
        .first()
    )
    if firm is not None:
        Watch.objects.create(scope=scope, entity=firm, next_on=timezone.localdate())


def _protection() -> None:
    """Synthetic protection data for the demo county: workstations with a year of service logs and
    reviews (and the Suizhou rule that pays passed ones), cases of every kind at different stages
    (concluded ones feed the cycle indicator; one suspended; one published as a typical case with
    a natural person's data removed), and an overseas warning matched to firms by IPC."""
    from datetime import date

    from zhichan.awards.models import AwardRule, ItemSource, Programme, RuleKind
    from zhichan.protection import cases, disclosure, network
    from zhichan.protection.models import CaseKind, PartyRole, RiskWarning, Workstation
    from zhichan.protection.models import CaseStatus as S

    county = Region.objects.get(code=DEMO_COUNTY)
    if Workstation.objects.filter(region__prefix__startswith=county.prefix).exists():
        return
    firms = list(Entity.objects.filter(region__prefix__startswith=county.prefix, kind="enterprise",
                                       region__parent=county).order_by("pk")[:8])  # fmt: skip
    if len(firms) < 4:
        return
    with transaction.atomic():
        for n, (kind, name) in enumerate([("protection", "知识产权保护工作站"), ("aid", "知识产权维权援助工作站"),
                                          ("brand", "商标品牌指导站")]):  # fmt: skip
            host = firms[n]
            station = Workstation.objects.create(
                kind=kind, level="city" if kind == "protection" else "county",
                name=f"{host.region.name}{name}", region=host.region, address=host.address or host.region.name,
                host=host, established_on=date(2024, 4, 26), services="咨询、线索转交、培训、企业指导",
            )  # fmt: skip
            for month in range(1, 11):
                network.service_log(
                    station=station, on=date(2026, month, 15), kind="consultation", count=3 + n
                )
            network.service_log(station=station, on=date(2026, 4, 26), kind="training", count=40 + 10 * n)
            network.station_review(
                station=station, year=2025, score=Decimal(85 - 15 * n), on=date(2026, 1, 10)
            )
        programme = Programme.objects.filter(region=county).first()
        if programme is not None and not programme.rules.filter(source=ItemSource.WORKSTATION).exists():
            AwardRule.objects.create(programme=programme, name="市级以上保护工作站补助（每年1万元）", kind=RuleKind.FIXED,
                                     category="workstation", source=ItemSource.WORKSTATION, amount=Decimal("10000"),
                                     station_kinds=["protection"], station_level="city")  # fmt: skip
        walks = [
            (
                CaseKind.ADJUDICATION,
                date(2026, 1, 5),
                [
                    (S.FILED, 7),
                    (S.SERVED, 9),
                    (S.ANSWERED, 20),
                    (S.HEARING, 35),
                    (S.DECIDED, 52),
                    (S.CLOSED, 60),
                ],
            ),
            (
                CaseKind.SIMPLE,
                date(2026, 3, 2),
                [(S.FILED, 2), (S.SERVED, 4), (S.ANSWERED, 15), (S.DECIDED, 26), (S.CLOSED, 30)],
            ),
            (
                CaseKind.ADJUDICATION,
                date(2026, 5, 11),
                [(S.FILED, 3), (S.SERVED, 5), (S.ANSWERED, 16), (S.MEDIATING, 30), (S.MEDIATED, 71)],
            ),
            (CaseKind.ADJUDICATION, date(2026, 9, 14), [(S.FILED, 4), (S.SERVED, 8)]),
            (
                CaseKind.MEDIATION,
                date(2026, 6, 1),
                [(S.FILED, 3), (S.MEDIATING, 5), (S.MEDIATED, 25), (S.CLOSED, 28)],
            ),
            (
                CaseKind.TRADEMARK,
                date(2026, 7, 6),
                [(S.FILED, 8), (S.INVESTIGATING, 9), (S.NOTIFIED, 40), (S.DECIDED, 55)],
            ),
            (CaseKind.ADJUDICATION, date(2026, 11, 9), []),
        ]
        from datetime import timedelta

        made = []
        for n, (kind, start, moves) in enumerate(walks):
            requester, respondent = firms[(n + 3) % len(firms)], firms[(n + 4) % len(firms)]
            case = cases.case_open(kind=kind, region=county, title=f"{requester.name}诉{respondent.name}专利侵权纠纷",
                                   requested_on=start, summary=f"{SYNTHETIC}：请求人认为被请求人的产品落入其专利权保护范围。",
                                   setting=("factory", "exhibition", "store", "market")[n % 4])  # fmt: skip
            cases.party_add(case=case, role=PartyRole.REQUESTER, name=requester.name, entity=requester)
            cases.party_add(case=case, role=PartyRole.RESPONDENT, name=respondent.name, entity=respondent)
            for status, day in moves:
                case.deadlines.filter(limit__code="adj_answer", status="open").update(status="lapsed")
                decided = {"finding": "violation"} if status == S.DECIDED else {}
                if status == S.DECIDED and kind == CaseKind.TRADEMARK:
                    decided |= {"fine": Decimal("30000"), "goods": "（演示）侵权商品 120 件"}
                case = cases.case_move(case=case, to=status, on=start + timedelta(days=day),
                                       outcome="" if status not in {S.DECIDED, S.MEDIATED, S.CLOSED} else
                                       "（演示）责令被请求人停止制造、销售侵权产品。", **decided)  # fmt: skip
            made.append(case)
        cases.case_suspend(
            case=made[3], reason="（演示）被请求人已请求宣告涉案专利权无效", on=date(2026, 10, 9)
        )
        person = cases.case_open(kind=CaseKind.COUNTERFEIT, region=county, title="网店销售假冒专利产品案",
                                 requested_on=date(2026, 8, 3), setting="ecommerce",
                                 summary="（演示）当事人王小明（电话13900001111）在网店销售标注失效专利号的产品。")  # fmt: skip
        cases.party_add(
            case=person, role=PartyRole.RESPONDENT, name="王小明", natural_person=True, phone="13900001111"
        )
        for status, day in [(S.FILED, 3), (S.INVESTIGATING, 4), (S.DECIDED, 30)]:
            person = cases.case_move(case=person, to=status, on=date(2026, 8, 3) + timedelta(days=day),
                                     outcome="（演示）责令王小明改正，罚款五千元。" if status == S.DECIDED else "",
                                     **({"finding": "violation", "fine": Decimal("5000")} if status == S.DECIDED else {}))  # fmt: skip
        disclosure.disclosure_publish(case=person, on=date(2026, 9, 10), typical=True,
                                      typical_note="（演示）电商平台假冒专利的快速查处。")  # fmt: skip
        disclosure.disclosure_publish(case=made[0], on=date(2026, 3, 10))
        # 跨区域协作: 宜都 asked 当阳 about the trademark case's supplier and had its answer; 枝江's
        # request for help waits for 宜都 to accept it.
        from zhichan.protection.models import Handoff

        dangyang, zhijiang = Region.objects.get(code="420582"), Region.objects.get(code="420583")
        Handoff.objects.create(
            kind="transfer", status="answered", from_region=county, to_region=dangyang, case=made[5],
            subject="（演示）侵权商品供货仓库位于当阳", request="（演示）展会所售侵权商品由当阳市某仓库供货，请依法查处并告知结果。",
            sent_on=date(2026, 8, 20), accepted_on=date(2026, 8, 24), answer="（演示）已立案查处，扣押侵权商品 300 件。",
            answered_on=date(2026, 9, 30),
        )  # fmt: skip
        Handoff.objects.create(
            kind="assist", from_region=zhijiang, to_region=county, subject="（演示）请协助核实网店经营者住所",
            request="（演示）我局查处的网店假冒专利案，经营者登记住所在宜都市陆城街道，请协助核实并送达文书。",
            sent_on=date(2026, 11, 30), respond_by=date(2026, 12, 31),
        )  # fmt: skip
        ipc = firms[0].patent_links.values_list("patent__main_ipc", flat=True).first() or "C04B"
        warning = RiskWarning.objects.create(
            region=county, title="（演示）美国市场相关领域专利诉讼风险提示", country="美国", industry="新材料",
            ipc=ipc[:4], level="medium", summary="（演示）该领域近年在美337调查与专利诉讼增多，出口企业应开展FTO分析。",
            advice="开展自由实施（FTO）检索；布局海外同族专利；投保海外知识产权侵权责任险。", source=SYNTHETIC,
        )  # fmt: skip
        for entity, count in network.warning_candidates(warning, limit=5):
            network.warning_link(warning=warning, entity=entity, why=f"持有相关 IPC 专利 {count} 件")
        network.warning_publish(warning=warning, on=date(2026, 10, 20))
    from zhichan.protection.services import deadlines_watch

    deadlines_watch()  # as the worker would: the demo's missed limits show as alerts


def _supervision() -> None:
    """A 专项督查 round on the demo county's plan with two findings, one put right."""
    from datetime import date

    from zhichan.supervision.models import Finding, Inspection, WorkItem

    first = WorkItem.objects.filter(plan__region__code=DEMO_COUNTY, number="1").select_related("plan").first()
    if first is None or Inspection.objects.filter(plan=first.plan).exists():
        return
    round_ = Inspection.objects.create(plan=first.plan, title="2026年知识产权强县建设专项督查（演示）",
                                       scope="实地查看、查阅台账（演示）", started_on=date(2026, 9, 1))  # fmt: skip
    Finding.objects.create(inspection=round_, item=first, unit="市科技局", problem="（演示）高价值专利培育台账不全",
                           rectify_by=date(2026, 9, 30), rectified_on=date(2026, 9, 25), rectification="（演示）已补齐台账")  # fmt: skip
    Finding.objects.create(inspection=round_, unit="市市场监管局", problem="（演示）贯标企业进展未按季度报送",
                           rectify_by=date(2026, 12, 31))  # fmt: skip


def _inspections() -> None:
    """双随机一公开 in the demo county: the enterprises graded, five inspectors (one with a
    回避关系), the county's inspection list, a task drawn, checked and published on the portal, and
    this year's task drawn and waiting for its results."""
    from datetime import date, datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from zhichan.credit.services import grades_compute
    from zhichan.inspections import services as inspections
    from zhichan.inspections.models import Conflict, InspectionItem, InspectionPlan, Inspector, Outcome

    county = Region.objects.get(code=DEMO_COUNTY)
    if InspectionPlan.objects.filter(region=county).exists():
        return
    firms = Entity.objects.filter(
        region__prefix__startswith=county.prefix, kind="enterprise", merged_into__isnull=True
    )
    with transaction.atomic():
        try:
            grades_compute(entities=firms, day=timezone.localdate(), cause="年度评价（演示）")
        except ValidationError:  # no scheme in force (a test database emptied of migration data)
            pass
        people = [
            Inspector.objects.create(name=name, badge=f"4205810{n:02d}", unit="宜都市市场监督管理局", region=county)
            for n, name in enumerate(["张建国", "李明华", "王芳", "赵志强", "陈静"])
        ]  # fmt: skip
        Conflict.objects.create(
            inspector=people[0], entity=firms.order_by("pk").first(), reason="（演示）近亲属任职"
        )
        item = InspectionItem.objects.create(
            region=county, name="专利标识标注情况检查", basis="《专利法》第六十八条；《专利标识标注办法》",
            subjects="辖区内标注专利标识的生产经营者", method="现场检查、抽样核对", department="宜都市市场监督管理局",
        )  # fmt: skip
        strata = {"A": "0.01", "B": "0.02", "C": "0.05", "D": "0.5", "-": "0.01"}
        done = InspectionPlan.objects.create(
            name="2026年上半年专利标识双随机抽查", region=county, item=item, basis=f"{item.name}：{item.basis}",
            seed="2026-03-02 湖北福彩 双色球 2026023期", strata=strata,
        )  # fmt: skip
        inspections.plan_draw(plan=done)
        at = timezone.make_aware(datetime(2026, 3, 2, 10))  # drawn when the seed was published
        InspectionPlan.objects.filter(pk=done.pk).update(drawn_at=at)
        findings = [(Outcome.CLEAN, ""), (Outcome.RECTIFY, "（演示）产品包装标注的专利号已失效，责令限期改正"),
                    (Outcome.CLEAN, ""), (Outcome.ABSENT, "（演示）登记住所无法联系")]  # fmt: skip
        for n, target in enumerate(done.targets.order_by("key")):
            outcome, finding = findings[n % len(findings)]
            inspections.result_record(
                target=target, outcome=outcome, finding=finding, checked_on=date(2026, 4, 10 + n % 10)
            )
        inspections.plan_publish(plan=done, published_on=date(2026, 5, 8))
        now = InspectionPlan.objects.create(
            name="2026年下半年专利标识双随机抽查", region=county, item=item, basis=f"{item.name}：{item.basis}",
            seed="2026-09-01 湖北福彩 双色球 2026100期", strata=strata,
        )  # fmt: skip
        inspections.plan_draw(plan=now)
        InspectionPlan.objects.filter(pk=now.pk).update(drawn_at=at.replace(month=9, day=1))


def _finance_and_market(seed: int) -> None:
    """Synthetic pledges with loans (through the registration service, so that the board, the
    subsidy page and the patents' timelines agree), Suizhou's subsidy rule applied to the demo
    county for illustration, a whitelist draft, open licences and two demands. Marked synthetic."""
    import random
    from datetime import date, timedelta

    from django.utils import timezone

    from zhichan.assets.models import Patent, PatentKind
    from zhichan.finance.models import ItemKind, Pledge, SubsidyRule
    from zhichan.finance.services import ItemData, pledge_register
    from zhichan.market.models import Demand, Listing, ListingKind
    from zhichan.market.services import demand_publish, demand_save, listing_publish, listing_save

    county = Region.objects.get(code=DEMO_COUNTY)
    if Pledge.objects.filter(region__prefix__startswith=county.prefix).exists():
        return
    rng = random.Random(f"{seed}:finance")
    SubsidyRule.objects.get_or_create(
        name="知识产权质押融资贴息（演示：参照随州市政策）", region=county,
        defaults=dict(
            basis="参照《随州市知识产权强市建设实施方案》（三）：LPR 的40%，每家企业年度不超过20万元",
            valid_from=date(2023, 1, 1), lpr_share=Decimal("0.4"), cap_per_year=Decimal("200000"),
            note=SYNTHETIC,
        ),
    )  # fmt: skip
    bank_name = "中国工商银行宜都支行（演示）"
    bank = Entity.objects.filter(kind="bank", region__prefix__startswith=county.prefix).order_by("pk").first()
    if bank is None:  # the pledgee, so that the bank user sees its pledges
        bank = Entity.objects.create(
            name=bank_name,
            name_key=name_key(bank_name),
            kind="bank",
            region=county,
            address="宜都市陆城街道（演示）",
        )
    bank_name = bank.name
    valid = list(
        Patent.objects.filter(region__prefix__startswith=county.prefix, kind=PatentKind.INVENTION,
                              granted_on__lte=date(2023, 1, 1), ended_on__gt=timezone.localdate() + timedelta(days=400),
                              first_applicant__isnull=False)
        .select_related("first_applicant").order_by("pk")[:400]
    )  # fmt: skip
    for n, patent in enumerate(rng.sample(valid, min(len(valid), 40)), 1):
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1000))
        amount = Decimal(rng.randrange(50, 3000) * 10_000)
        pledge_register(
            pledgor_name=patent.first_applicant.name, pledgee_name=bank_name, amount=amount, registered_on=start,
            items=[ItemData(ItemKind.PATENT, patent.number)], loan_start=start, number=f"DEMO-Y{start.year}{n:04d}",
            loan_end=start + timedelta(days=365), loan_rate=Decimal(rng.choice(["3.45", "3.6", "3.85", "4.2"])),
            note=SYNTHETIC,
        )  # fmt: skip
    for patent in valid[:6]:
        listing = Listing(
            patent=patent, holder=patent.first_applicant, kind=ListingKind.OPEN, royalty_rate=Decimal("3"),
            entry_fee=Decimal("20000"), pay_after_use=True, free_months=6, available_until=date(2028, 12, 31),
            pay_after_use_terms="先使用6个月，期满按产品销售额3%支付，未实现销售的不付费（演示）",
            description=SYNTHETIC,
        )  # fmt: skip
        listing_publish(listing=listing_save(listing=listing))
    firms = list(
        Entity.objects.filter(region__prefix__startswith=county.prefix, kind="enterprise").order_by("pk")[:2]
    )
    texts = [
        ("耐腐蚀复合材料", "化工管道需要耐腐蚀、低成本、可回收的复合材料，替代不锈钢。"),
        ("电池模组散热", "储能电池模组散热结构改进，提高电池使用寿命和安全性。"),
    ]
    demands = [
        demand_publish(demand=demand_save(demand=Demand(entity=firm, title=title, text=text)))
        for firm, (title, text) in zip(firms, texts, strict=False)
    ]
    _whitelist_and_deal(county, demands)


def _whitelist_and_deal(county: Region, demands) -> None:
    """A published 授信企业白名单 (every firm with three valid inventions, reviewed as included)
    and a deal in negotiation between a listed patent and a demand, so that the portal's whitelist,
    the bank's page and 对接跟进 have something to show."""
    from datetime import date

    from zhichan.finance.models import ReviewDecision
    from zhichan.finance.services import candidate_review, whitelist_build, whitelist_publish
    from zhichan.market.models import DealStage, Listing
    from zhichan.market.services import deal_move, deal_start

    whitelist = whitelist_build(name="宜都市知识产权质押融资授信企业白名单（演示）", region=county,
                                criteria={"min_valid_inventions": 3}, day=date(2026, 3, 31))  # fmt: skip
    for candidate in whitelist.candidates.all():
        candidate_review(candidate=candidate, decision=ReviewDecision.INCLUDED)
    if whitelist.candidates.exists():
        whitelist_publish(whitelist=whitelist, published_on=date(2026, 3, 31))
    listing = Listing.objects.filter(patent__region__prefix__startswith=county.prefix).order_by("pk").first()
    if listing is not None and demands:
        deal = deal_start(patent=listing.patent, buyer=demands[0].entity, region=county, demand=demands[0],
                          listing=listing, note=SYNTHETIC)  # fmt: skip
        deal_move(deal=deal, to=DealStage.NEGOTIATION, note="双方已就许可费率初步沟通（演示）。")


def _rights_and_events(seed: int) -> None:
    """Synthetic trademarks, a few geographical indications, pledges, transfers and licences of the
    demo county, so that every indicator of the board has something to count. Marked synthetic."""
    import random
    from datetime import date, timedelta

    from zhichan.assets.models import (
        EventKind,
        GeographicalIndication,
        GIMode,
        GIUser,
        Patent,
        PatentEvent,
        Trademark,
    )
    from zhichan.assets.status import anniversary

    county = Region.objects.get(code=DEMO_COUNTY)
    if Trademark.objects.filter(region__prefix__startswith=county.prefix).exists():
        return
    rng = random.Random(seed)
    firms = list(
        Entity.objects.filter(region__prefix__startswith=county.prefix, kind="enterprise").order_by("pk")
    )
    marks = []
    for n in range(2400):
        firm = rng.choice(firms)
        registered = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 5600))
        expires = anniversary(registered, 10) - timedelta(days=1)
        lapsed = expires < date(2025, 6, 1) and rng.random() < 0.4  # not renewed
        if not lapsed and expires < date(2026, 1, 1):
            expires = anniversary(expires, 10)  # renewed
        marks.append(Trademark(
            number=str(30_000_000 + n), title=f"{firm.name[3:5]}{rng.choice('华润丰宜清泰')}", holders=firm.name,
            holder=firm, address=firm.address, region=firm.region_id and firm.region, nice_class=rng.randint(1, 45),
            filed_on=registered - timedelta(days=240), registered_on=registered, expires_on=expires,
            madrid=rng.random() < 0.004, note=SYNTHETIC,
        ))  # fmt: skip
    Trademark.objects.bulk_create(marks)
    for n, (name, product) in enumerate(
        [("宜都蜜柑", "水果"), ("宜都宜红茶", "茶叶"), ("宜都天然富锌富硒茶", "茶叶")]
    ):
        gi = GeographicalIndication.objects.create(
            number=f"DEMO-GI-{n + 1}", title=name, holders="宜都市特色农业协会（演示）", product=product,
            mode=[GIMode.TRADEMARK, GIMode.PGI, GIMode.TRADEMARK][n], region=county,
            registered_on=date(2012 + 3 * n, 6, 1), note=SYNTHETIC,
        )  # fmt: skip
        # Authorised users (用标主体): some using the special mark, one authorisation expired.
        for k, firm in enumerate(firms[n * 7 : n * 7 + 6 - 2 * n]):
            GIUser.objects.create(
                gi=gi, entity=firm, authorized_on=date(2020 + k % 7, 3, 15),
                valid_to=date(2025, 3, 14) if k == 5 else None, mark_used=k % 2 == 0, products=f"{name}（演示）",
            )  # fmt: skip
    granted = list(Patent.objects.filter(region__prefix__startswith=county.prefix, granted_on__isnull=False)
                   .order_by("pk").values_list("pk", "granted_on"))  # fmt: skip
    events = []
    for pk, granted_on in rng.sample(granted, min(len(granted), 180)):
        kind = rng.choice([EventKind.TRANSFER, EventKind.LICENSE])  # pledges: _finance_and_market
        day = granted_on + timedelta(days=rng.randrange(30, 1500))
        if day > date(2026, 10, 31):
            continue
        events.append(PatentEvent(patent_id=pk, kind=kind, effective_on=day, detail=SYNTHETIC))
    PatentEvent.objects.bulk_create(events, ignore_conflicts=True)


def _patents(count: int, applicants: int, seed: int) -> int:
    """A synthetic patent export of the demo county, imported as an office would import one."""
    import tempfile
    from pathlib import Path

    from zhichan.assets.imports import run_import
    from zhichan.assets.models import Patent
    from zhichan.assets.synthetic import write_patents

    county = Region.objects.select_related("parent__parent").get(code=DEMO_COUNTY)
    if count <= 0 or Patent.objects.filter(region__prefix__startswith=county.prefix).exists():
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "演示专利数据.csv"
        write_patents(path, county=county, count=count, seed=seed, profile="zhichan", applicants=applicants)
        return run_import("patents", path=path, parallel=False).created


def _figures() -> None:
    county = Region.objects.get(code=DEMO_COUNTY)
    figure_upsert(
        region=county,
        year=2023,
        values={"gdp": Decimal("9206000.00"), "source": PLAN_SOURCE, "note": "规划：2023年GDP为920.6亿元"},
    )
    population = round(383 / Decimal("10.7") * 10000)
    figure_upsert(
        region=county,
        year=2024,
        values={
            "resident_population": population,
            "market_entities": 41_800,
            "source": PLAN_SOURCE,
            "note": "常住人口由规划所列有效发明专利383件、每万人口10.7件推算；市场主体数为演示数字；请以统计部门数据替换",
        },
    )
    # Township shares: synthetic, marked as such, summing to the county figure.
    townships = list(county.children.order_by("code"))
    weights = [5 if t.name.endswith("街道") else 2 if t.name.endswith("镇") else 1 for t in townships]
    remaining = population
    for i, (township, weight) in enumerate(zip(townships, weights, strict=True)):
        value = remaining if i == len(townships) - 1 else population * weight // sum(weights)
        remaining -= value
        if not RegionFigure.objects.filter(region=township, year=2024).exists():
            figure_upsert(
                region=township,
                year=2024,
                values={
                    "resident_population": value,
                    "market_entities": max(value // 9, 1),
                    "source": SYNTHETIC,
                    "note": "按权重分配的演示数字，非统计数据",
                },
            )


def _entities(count: int, seed: int) -> int:
    county = Region.objects.select_related("parent__parent").get(code=DEMO_COUNTY)
    townships = {t.code: t for t in county.children.all()}
    generated = generate(
        county_code=county.code,
        county_name=county.name,
        city_name=county.parent.name,
        province_name=county.parent.parent.name,
        townships={c: t.name for c, t in townships.items()},
        count=count,
        seed=seed,
        villages=load_villages(),
    )
    existing = set(
        Entity.objects.filter(name_key__in=[name_key(g.name) for g in generated]).values_list(
            "name_key", flat=True
        )
    )
    created = 0
    for g in generated:
        if name_key(g.name) in existing:
            continue
        entity = Entity.objects.create(
            name=g.name,
            name_key=name_key(g.name),
            kind=g.kind,
            credit_code=g.credit_code or None,
            region=townships[g.township_code],
            address=g.address,
            industry_code=g.industry_code,
            established_on=g.established_on,
            contact_name=g.contact_name,
        )
        EntityTag.objects.bulk_create(
            [
                EntityTag(entity=entity, tag=t, valid_from=start, valid_to=end, source=SYNTHETIC)
                for t, start, end in g.tags
            ]
        )
        if g.alias:
            EntityAlias.objects.create(
                entity=entity, name=g.alias, name_key=name_key(g.alias), kind=AliasKind.ALIAS
            )
        created += 1
    return created


def _user(username: str, **defaults) -> str:
    """A demo login with the demo password, created once (an existing one is left as it is)."""
    user, made = User.objects.get_or_create(username=username, defaults=defaults)
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return username


def _users() -> list[str]:
    names = [_user("admin", is_superuser=True, is_staff=True, display_name="系统管理员")]
    for username, display, code, office_admin in DEMO_OFFICIALS:
        region = Region.objects.filter(code=code).first()
        if region is not None:
            names.append(_user(username, role=Role.OFFICIAL, region=region, display_name=display,
                               office_admin=office_admin))  # fmt: skip
    firm = (
        Entity.objects.filter(region__prefix__startswith=DEMO_COUNTY, kind="enterprise", merged_into=None)
        .order_by("pk")
        .first()
    )
    if firm is not None:
        names.append(_user("qiye", role=Role.ENTERPRISE, entity=firm, display_name="企业演示用户"))
    return names


def _bank_user() -> list[str]:
    """A bank user for the bank holding most of the county's pledges (its self-service pages)."""
    from django.db.models import Count

    from zhichan.finance.models import Pledge

    bank_id = (
        Pledge.objects.filter(pledgee__isnull=False, pledgor__region__prefix__startswith=DEMO_COUNTY)
        .values("pledgee")
        .annotate(n=Count("pk"))
        .order_by("-n", "pledgee")
        .values_list("pledgee", flat=True)
        .first()
    )
    if bank_id is None:
        return []
    return [_user("yinhang", role=Role.BANK, entity_id=bank_id, display_name="银行演示用户")]
