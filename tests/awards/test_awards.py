"""Awards: Suizhou's per-item invention award (1 万元 each, 10 万元 for PCT foreign grants), with
co-owned patents, the period's last day, an item already paid last year, a yearly cap; Yidu's
reimbursement with ratio and cap; staged project funding; 免申即享; the review workflow,
publication, payout and budget."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_entity, region
from zhichan.assets.models import Patent, PatentApplicant, PatentKind
from zhichan.awards import projects, services
from zhichan.awards.models import AppStatus, AwardRule, ItemSource, Payment, Programme, Project, RuleKind
from zhichan.lib import patentno

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


def programme(year: int, **rule) -> tuple[Programme, AwardRule]:
    prog = Programme.objects.create(
        name=f"{year}年度知识产权奖补", basis="随政办发〔2024〕15号（三）", region=region("420581"), year=year,
        budget=D("500000"), opens_on=TODAY - timedelta(days=30), closes_on=TODAY + timedelta(days=30),
    )  # fmt: skip
    defaults = dict(name="国内授权发明专利奖励", kind=RuleKind.PER_ITEM, category="invention_grant",
                    source=ItemSource.CN_INVENTION_GRANT, period_from=date(year, 1, 1), period_to=date(year, 12, 31),
                    amount=D("10000"))  # fmt: skip
    return prog, AwardRule.objects.create(programme=prog, **(defaults | rule))


def grant(holders, serial: int, granted: date | None, kind=PatentKind.INVENTION, **extra) -> Patent:
    p = Patent.objects.create(
        number=patentno.make(f"2022{1 if kind == PatentKind.INVENTION else 2}{serial:07d}"), kind=kind, title=f"发明{serial}",
        filed_on=date(2022, 1, 3), granted_on=granted, applicants="；".join(h.name for h in holders),
        first_applicant=holders[0], region=holders[0].region, ended_on=date(2042, 1, 3), **extra,
    )  # fmt: skip
    for position, holder in enumerate(holders, 1):
        PatentApplicant.objects.create(patent=p, position=position, name=holder.name, entity=holder)
    return p


def reimburse(prog, **extra) -> AwardRule:
    """A reimbursement rule of the programme (维权费用补贴 unless told otherwise)."""
    fields = dict(name="维权费用补贴", kind=RuleKind.REIMBURSE, category="costs", amount=D("0"))
    return AwardRule.objects.create(programme=prog, **(fields | extra))


def staged(prog, amount, stages, **extra) -> AwardRule:
    """A project funded by stages (高价值专利培育项目), each a share of the total."""
    fields = dict(
        name="高价值专利培育项目", kind=RuleKind.STAGED, category="hv", amount=amount, stages=stages
    )
    return AwardRule.objects.create(programme=prog, **(fields | extra))


def experts(n: int = 3) -> list:
    from zhichan.agencies.models import Expert, ExpertKind

    return [Expert.objects.get_or_create(name=f"评审专家{i}", defaults=dict(
        region=region("420581"), kind=ExpertKind.OTHER, unit="三峡大学", specialities="材料", confirmed_on=TODAY))[0]
        for i in range(n)]  # fmt: skip


def running(rule, entity, budget, passed=(), title="磷化工高价值专利培育") -> Project:
    """A project under the staged rule, scored by three experts, approved (立项) with the budget
    on 1 March 2025, and the given later stages passed in order."""
    project = projects.project_apply(rule=rule, entity=entity, title=title, field="磷化工", summary="湿法磷酸净化专利组合",
                                     leader="张工", requested=budget, on=rule.programme.opens_on)  # fmt: skip
    for expert, score in zip(experts(), ("82", "76.5", "90"), strict=True):
        projects.review_add(project=project, expert=expert, score=D(score), opinion="", on=date(2025, 2, 20))
    projects.project_decide(project=project, approve=True, budget=budget, note="", on=date(2025, 3, 1))
    for n, stage in enumerate(passed, 1):
        projects.stage_record(project=project, stage=stage, passed=True, note="", on=date(2025, 3, 1 + n))
    project.refresh_from_db()
    return project


@pytest.fixture
def firms():
    return [make_entity(f"宜都市奖补测试{n}有限公司", "420581100", serial=f"0000110{n}") for n in range(3)]


def claims(application) -> dict[str, tuple[bool, Decimal]]:
    return {c.key: (c.eligible, c.amount) for c in application.claims.all()}


def test_period_edges_and_co_owned_split(firms):
    a, b, c = firms
    prog, rule = programme(2025)
    last_day = grant([a], 1, date(2025, 12, 31))  # granted on the period's last day: counts
    grant([a], 2, date(2026, 1, 1))  # the day after: not this year's
    shared = grant([a, b, c], 3, date(2025, 6, 1))  # three co-owners: 3,333.34 / 3,333.33 / 3,333.33
    mine = services.application_build(programme=prog, entity=a)
    assert claims(mine) == {
        f"patent:{last_day.number}": (True, D("10000")),
        f"patent:{shared.number}": (True, D("3333.34")),
    }
    theirs = services.application_build(programme=prog, entity=b)
    assert claims(theirs) == {f"patent:{shared.number}": (True, D("3333.33"))}
    rule.split = "first"
    rule.save()
    other = services.application_build(programme=prog, entity=c)
    assert claims(other) == {f"patent:{shared.number}": (False, D("0"))}
    assert "第一权利人" in other.claims.get().reason


def test_item_paid_last_year_is_refused_in_any_later_programme(firms):
    a = firms[0]
    patent = grant([a], 4, date(2024, 12, 20))
    last, _rule = programme(2024)
    application = services.application_build(programme=last, entity=a)
    services.application_submit(
        application=application, bank_name="工行宜都支行", account_name=a.name, account_number="1234 5678"
    )
    services.application_move(application=application, to=AppStatus.CHECKED)
    services.application_move(application=application, to=AppStatus.APPROVED)
    assert Payment.objects.filter(key=f"patent:{patent.number}", year=2024).exists()
    # A 2025 programme whose rule window (by mistake or by design) also covers late 2024 grants.
    this, _rule = programme(2025, period_from=date(2024, 12, 1))
    again = services.application_build(programme=this, entity=a)
    ((eligible, amount),) = claims(again).values()
    assert (eligible, amount) == (False, D("0"))
    assert again.claims.get().reason == "该事项已于 2024 年在《2024年度知识产权奖补》中获奖补，不得重复申领。"


def pay(application, entity) -> None:
    services.application_submit(application=application, bank_name="工行宜都支行", account_name=entity.name,
                                account_number="1234 5678")  # fmt: skip
    services.application_move(application=application, to=AppStatus.CHECKED)
    services.application_move(application=application, to=AppStatus.APPROVED)


def test_a_co_owner_paid_does_not_bar_the_other_co_owners(firms):
    """ "No item paid twice" is per entity: each co-owner of one patent claims its own share."""
    a, b, _c = firms
    shared = grant([a, b], 5, date(2025, 3, 3))
    prog, _rule = programme(2025)
    pay(services.application_build(programme=prog, entity=a), a)
    assert Payment.objects.filter(key=f"patent:{shared.number}", entity=a).exists()
    theirs = services.application_build(programme=prog, entity=b)
    assert claims(theirs) == {f"patent:{shared.number}": (True, D("5000"))}
    second_round, _rule = programme(2025)  # a supplementary round of the same year
    again = services.application_build(programme=second_round, entity=a)  # the one paid: refused
    assert claims(again) == {f"patent:{shared.number}": (False, D("0"))}


def test_a_rejected_application_does_not_block_a_new_claim(firms):
    a = firms[0]
    patent = grant([a], 6, date(2025, 5, 5))
    prog, _rule = programme(2025)
    first = services.application_build(programme=prog, entity=a)
    services.application_submit(application=first, bank_name="工行宜都支行", account_name=a.name,
                                account_number="1234 5678")  # fmt: skip
    services.application_move(application=first, to=AppStatus.REJECTED, comment="材料不全，且未按期补正")
    second_round, _rule = programme(2025)  # a supplementary round of the same year
    second = services.application_build(programme=second_round, entity=a)
    assert claims(second) == {f"patent:{patent.number}": (True, D("10000"))}


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "eligible"),
    [
        (date(2022, 11, 1), date(2025, 10, 31), True),  # recognised for three years, into the period
        (date(2021, 12, 1), date(2024, 11, 30), False),  # expired before the period began
        (date(2026, 1, 5), None, False),  # recognised after the period ended
        (date(2025, 12, 31), None, True),  # recognised on the period's last day
    ],
)
def test_a_qualification_tag_counts_only_while_it_is_valid(firms, valid_from, valid_to, eligible):
    """高新技术企业 status runs three years from its recognition; a rule limited to such firms
    accepts an enterprise whose recognition overlaps the rule's period."""
    from zhichan.entities.models import EntityTag, Tag

    a = firms[0]
    patent = grant([a], 7, date(2025, 6, 6))
    EntityTag.objects.create(entity=a, tag=Tag.HIGH_TECH, valid_from=valid_from, valid_to=valid_to,
                             source="湖北省高新技术企业认定名单")  # fmt: skip
    prog, _rule = programme(2025, eligible_tags=[Tag.HIGH_TECH])
    found = claims(services.application_build(programme=prog, entity=a))
    assert found == {f"patent:{patent.number}": (eligible, D("10000") if eligible else D("0"))}


def test_yearly_cap_cuts_the_claim_that_crosses_it(firms):
    a = firms[0]
    prog, _rule = programme(2025, cap_per_entity=D("25000"))
    for n, day in enumerate([date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]):
        grant([a], 10 + n, day)
    application = services.application_build(programme=prog, entity=a)
    assert sorted(amount for _ok, amount in claims(application).values()) == [
        D("5000"),
        D("10000"),
        D("10000"),
    ]
    assert services.total(application) == D("25000")
    assert "年度上限" in application.claims.order_by("pk").last().reason


def test_pct_foreign_grant_and_reimbursement_and_stages(firms):
    a = firms[0]
    prog, _inv = programme(2025)
    pct = AwardRule.objects.create(programme=prog, name="PCT途径国外授权发明专利", kind=RuleKind.PER_ITEM,
                                   category="pct_foreign_grant", source=ItemSource.PCT_FOREIGN_GRANT, amount=D("100000"))  # fmt: skip
    grant(
        [a], 20, date(2023, 5, 5), pct_number="PCT/CN2022/000123", family=["WO2022000123A1", "US11900001B2"]
    )
    grant(
        [a], 21, date(2023, 5, 5), pct_number="PCT/CN2022/000124", family=["WO2022000124A1", "US20230001A1"]
    )
    # The usual route: a CN application, the PCT claiming its priority (WO… in its family), granted
    # abroad; the CN record carries no PCT number of its own. A Paris-route family (no WO) is not PCT.
    grant([a], 22, date(2023, 5, 5), family=["WO2022000125A1", "US11900002B2"])
    grant([a], 23, date(2023, 5, 5), family=["US11900003B2"])
    application = services.application_build(programme=prog, entity=a)
    granted_abroad = [c for c in application.claims.order_by("pk") if c.rule_id == pct.pk]
    assert [(c.eligible, c.amount) for c in granted_abroad] == [
        (True, D("100000")), (True, D("100000")),
    ]  # the A1-only family is not; nor the Paris route  # fmt: skip
    costs = AwardRule.objects.create(programme=prog, name="维权费用补贴", kind=RuleKind.REIMBURSE, category="enforcement_costs",
                                     amount=D("0"), ratio=D("0.5"), cap_per_item=D("20000"))  # fmt: skip
    lawyer = services.claim_add(application=application, rule=costs, key="case:2025-7:律师费", description="律师费",
                                expense=D("50000"))  # fmt: skip
    notary = services.claim_add(application=application, rule=costs, key="case:2025-7:公证费", description="公证费",
                                expense=D("3000.01"))  # fmt: skip
    assert (lawyer.amount, notary.amount) == (
        D("20000"),
        D("1500.01"),
    )  # 50 % capped at 20,000; 1,500.005 → .01
    project = AwardRule.objects.create(programme=prog, name="高价值专利培育项目", kind=RuleKind.STAGED, category="hv_project",
                                       amount=D("300000"), stages=[["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]])  # fmt: skip
    lithium = running(project, a, D("300000"), title="锂电高价值专利培育")
    stage = services.claim_add(
        application=application, rule=project, key=f"project:{lithium.pk}:立项", description="立项"
    )
    assert stage.amount == D("90000.00")
    with pytest.raises(ValidationError, match="已在本申请"):
        services.claim_add(
            application=application, rule=project, key=f"project:{lithium.pk}:立项", description="立项"
        )


def test_automatic_drafts_reminders_workflow_publication_and_budget(firms, client, roles):
    a, b, _c = firms
    prog, _rule = programme(2025, automatic=True)
    grant([a], 30, date(2025, 5, 5))
    grant([a, b], 31, date(2025, 8, 8))
    drafted = services.automatic_run(programme=prog)
    assert {d.entity for d in drafted} == {a, b} and all(d.status == AppStatus.DRAFT for d in drafted)
    assert services.notify_unconfirmed(programme=prog) == 2
    assert services.notify_unconfirmed(programme=prog) == 0  # a week has not passed
    mine = next(d for d in drafted if d.entity == a)
    with pytest.raises(ValidationError, match="账号"):
        services.application_submit(
            application=mine, bank_name="工行", account_name=a.name, account_number="abc"
        )
    mine = services.application_submit(
        application=mine, bank_name="工行宜都支行", account_name=a.name, account_number="6222000011112222"
    )
    assert mine.review_due == TODAY + timedelta(days=20)
    with pytest.raises(ValidationError, match="不能从"):
        services.application_move(application=mine, to=AppStatus.PAID)
    with pytest.raises(ValidationError, match="意见"):
        services.application_move(application=mine, to=AppStatus.RETURNED)
    services.application_move(application=mine, to=AppStatus.CHECKED, comment="材料齐全")
    services.application_move(application=mine, to=AppStatus.APPROVED)
    assert services.budget(prog).committed == D("15000.00")
    publicity = services.publicity_start(programme=prog, starts_on=TODAY)
    assert publicity.ends_on == TODAY + timedelta(days=6) and publicity.entries[0]["amount"] == "15000.00"
    mine.refresh_from_db()
    services.application_move(application=mine, to=AppStatus.PAID)
    assert (services.budget(prog).paid, services.budget(prog).remaining) == (D("15000.00"), D("485000.00"))
    rows = services.payout_rows(prog)
    assert rows == [
        [a.name, a.credit_code, a.name, "工行宜都支行", "6222000011112222", D("15000.00"), "已拨付"]
    ]
    assert [s.to_status for s in mine.steps.all()] == [
        "submitted",
        "checked",
        "approved",
        "published",
        "paid",
    ]
    client.force_login(roles["county"])
    page = client.get(reverse("awards:programme", args=[prog.pk]))
    assert page.status_code == 200 and a.name in page.content.decode()
    response = client.post(
        reverse("awards:programme", args=[prog.pk]), {"action": "behalf", "entity": firms[2].pk}
    )
    assert (
        response.status_code == 302 and prog.applications.filter(entity=firms[2]).exists()
    )  # staff on its behalf
    client.force_login(roles["other_county"])
    assert (
        client.get(reverse("awards:application", args=[mine.pk])).status_code == 404
    )  # not 403: ids of others are not revealed
    client.force_login(roles["county"])
    history = client.get(reverse("awards:application", args=[mine.pk])).content.decode()
    assert "已提交 → 已初审" in history and "submitted" not in history  # the steps in words, not codes
    payout = client.get(reverse("awards:programme", args=[prog.pk]), {"format": "xlsx"})
    assert payout.status_code == 200 and payout["Content-Type"].startswith("application/vnd.openxmlformats")


def test_budget_floor_from_the_general_public_budget():
    from zhichan.regions.models import RegionFigure

    prog, _rule = programme(2025)
    assert services.budget_floor(prog) is None
    prog.budget_share = D("0.001")
    prog.save()
    assert services.budget_floor(prog)["floor"] is None  # no figure yet: the page says what is missing
    RegionFigure.objects.create(region=prog.region, year=2024, general_budget=D("460000"))  # 46 亿元
    floor = services.budget_floor(prog)
    assert (floor["floor"], floor["year"], floor["met"], floor["percent"]) == (
        D("4600000.00"),
        2024,
        False,
        D("0.1"),
    )


def test_foreign_grant_means_a_granted_document_of_another_office(firms):
    a = firms[0]
    prog, _inv = programme(2025)
    pct = AwardRule.objects.create(programme=prog, name="PCT途径国外授权发明专利", kind=RuleKind.PER_ITEM,
                                   category="pct_foreign_grant", source=ItemSource.PCT_FOREIGN_GRANT, amount=D("100000"))  # fmt: skip
    # a national-phase entry (its own PCT number), granted in Europe; the family lists no WO document
    entry = grant([a], 24, date(2023, 5, 5), pct_number="PCT/CN2022/000126", family=["EP4100001B1"])
    # the CN grant is no foreign grant, whatever the case of its code
    grant([a], 25, date(2023, 5, 5), family=["WO2022000127A1", "CN114000001B", "cn114000002b"])
    application = services.application_build(programme=prog, entity=a)
    paid = [(c.patent, c.amount) for c in application.claims.filter(rule=pct, eligible=True)]
    assert paid == [(entry, D("100000"))]


def test_an_application_with_nothing_eligible_totals_zero(firms):
    prog, _rule = programme(2025)
    application = services.application_build(programme=prog, entity=firms[1])
    assert (application.claims.count(), services.total(application)) == (0, D("0.00"))


def test_shares_round_down_the_others_and_the_first_owner_takes_the_odd_fen(firms):
    a, b, c = firms
    prog, _rule = programme(2025, amount=D("20000"))
    alone = grant([a], 26, date(2025, 7, 1))
    shared = grant([a, b, c], 27, date(2025, 7, 1))  # 20,000 / 3 = 6,666.666…
    mine = {cl.patent: (cl.share, cl.amount, cl.reason) for cl in services.application_build(programme=prog, entity=a).claims.all()}  # fmt: skip
    assert mine == {
        alone: (D("1"), D("20000"), "每件 20000.00 元"),
        shared: (D("0.3333"), D("6666.68"), "每件 20000.00 元，3 个共有人平均分配"),
    }
    (theirs,) = services.application_build(programme=prog, entity=c).claims.all()
    assert (theirs.share, theirs.amount) == (D("0.3333"), D("6666.66"))
    second, _rule = programme(2025, amount=D("20000"), split="first", category="invention_grant_first")
    firsts = {cl.patent: (cl.share, cl.amount, cl.reason) for cl in services.application_build(programme=second, entity=a).claims.all()}  # fmt: skip
    assert firsts[shared] == (D("1"), D("20000"), "每件 20000.00 元，第一权利人全额")
    (other,) = services.application_build(programme=second, entity=b).claims.all()
    assert (other.eligible, other.amount, other.reason) == (False, D("0"), "按规则由第一权利人全额领取")


def test_utility_model_rule_pays_granted_utility_models_of_its_period_only(firms):
    a = firms[0]
    prog, _inv = programme(2025, name="实用新型专利奖励", category="utility_grant", source=ItemSource.UTILITY_GRANT,
                           amount=D("2000"))  # fmt: skip
    utility = grant([a], 40, date(2025, 8, 8), kind=PatentKind.UTILITY)
    grant([a], 41, date(2024, 12, 31), kind=PatentKind.UTILITY)  # before the period
    grant([a], 42, None, kind=PatentKind.UTILITY)  # not granted
    grant([a], 43, date(2025, 8, 8))  # an invention
    application = services.application_build(programme=prog, entity=a)
    assert claims(application) == {f"patent:{utility.number}": (True, D("2000"))}


def test_caps_count_per_category_including_other_programmes_of_the_year(firms):
    a = firms[0]
    earlier, _rule = programme(2025, cap_per_entity=D("15000"))
    grant([a], 44, date(2025, 2, 2))
    pay(services.application_build(programme=earlier, entity=a), a)  # 10,000 paid this year already
    b = firms[1]
    grant([b], 60, date(2025, 2, 3))
    pay(services.application_build(programme=earlier, entity=b), b)  # another firm's payment: not a's
    last_year, _rule = programme(2024, cap_per_entity=D("15000"))
    grant([a], 61, date(2024, 5, 5))
    pay(services.application_build(programme=last_year, entity=a), a)  # a's payment of 2024: not this year's
    prog, _open = programme(2025, name="发明专利维持奖励", category="invention_kept")  # no cap, listed first
    AwardRule.objects.create(programme=prog, name="实用新型专利奖励", kind=RuleKind.PER_ITEM, category="utility_grant",
                             source=ItemSource.UTILITY_GRANT, period_from=date(2025, 1, 1),
                             period_to=date(2025, 12, 31), amount=D("2000"), cap_per_entity=D("4000.50"))  # fmt: skip
    AwardRule.objects.create(programme=prog, name="国内授权发明专利奖励", kind=RuleKind.PER_ITEM, category="invention_grant",
                             source=ItemSource.CN_INVENTION_GRANT, period_from=date(2025, 1, 1),
                             period_to=date(2025, 12, 31), amount=D("10000"), cap_per_entity=D("15000"))  # fmt: skip
    grant([a], 45, date(2025, 3, 3)), grant([a], 46, date(2025, 4, 4))
    for n in (47, 48, 49):
        grant([a], n, date(2025, 5, 5), kind=PatentKind.UTILITY)
    application = services.application_build(programme=prog, entity=a)
    got = {}
    for claim in application.claims.select_related("rule").order_by("pk"):
        got.setdefault(claim.rule.category, []).append((claim.amount, claim.eligible, claim.reason))
    # Each cap counts its own category, in the order the claims were made: the utility models'
    # 4,000.50 leaves half a yuan for the third; the inventions' 15,000 less the 10,000 paid earlier
    # leaves 5,000 (the patent paid earlier is refused under its category, new under the other).
    assert got["invention_kept"] == [(D("10000"), True, "每件 10000.00 元")] * 3
    assert got["utility_grant"] == [
        (D("2000"), True, "每件 2000.00 元"),
        (D("2000"), True, "每件 2000.00 元"),
        (D("0.50"), True, "每件 2000.00 元；已达年度上限 4,000.50 元，核减为 0.50 元"),
    ]
    assert sorted((amount, ok) for amount, ok, _reason in got["invention_grant"]) == [
        (D("0"), False), (D("0"), False), (D("5000"), True)
    ]  # fmt: skip


def test_reimbursements_and_stages_under_a_yearly_cap(firms):
    a = firms[0]
    prog, _inv = programme(2025)
    costs = reimburse(prog, ratio=D("0.5"), cap_per_entity=D("6000"))
    project = staged(
        prog, D("300000"), [["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]], cap_per_entity=D("100000")
    )
    application = services.application_build(programme=prog, entity=a)
    first = services.claim_add(application=application, rule=costs, key="case:2025-8:律师费", description="律师费",
                               expense=D("8000"))  # fmt: skip
    second = services.claim_add(application=application, rule=costs, key="case:2025-8:公证费", description="公证费",
                                expense=D("6000"))  # fmt: skip
    assert (first.amount, second.amount) == (D("4000"), D("2000"))
    assert (first.expense, first.description) == (D("8000"), "律师费")
    long = services.verify(costs, a, services.Item("case:2025-9:鉴定费", "鉴定" * 200, None, D("100")))
    assert (len(long.description), long.expense, long.amount) == (300, D("100"), D("50"))  # before the cap
    phos = running(project, a, D("300000"), passed=["中期评估"])
    start = services.claim_add(
        application=application, rule=project, key=f"project:{phos.pk}:立项", description="立项"
    )
    middle = services.claim_add(
        application=application, rule=project, key=f"project:{phos.pk}:中期评估", description="中期"
    )
    assert (start.amount, middle.amount, middle.eligible) == (D("90000"), D("10000"), True)


def test_certification_subsidy_lists_the_certificates_of_its_period(firms):
    from zhichan.entities.models import EntityTag, Tag

    a, b, _c = firms
    prog, _inv = programme(2025)
    rule = AwardRule.objects.create(programme=prog, name="贯标认证补贴", kind=RuleKind.CERTIFICATION, category="standard",
                                    period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), amount=D("50000"))  # fmt: skip
    EntityTag.objects.create(entity=a, tag=Tag.STANDARD_29490, valid_from=date(2025, 1, 1))
    EntityTag.objects.create(
        entity=a, tag=Tag.STANDARD_56005, valid_from=date(2024, 12, 31)
    )  # the year before
    EntityTag.objects.create(entity=a, tag=Tag.HIGH_TECH, valid_from=date(2025, 3, 1))  # no certificate
    EntityTag.objects.create(entity=b, tag=Tag.STANDARD_56005, valid_from=date(2025, 12, 31))
    assert [(i.key, i.description) for i in services.prefill(rule, a)] == [
        ("cert:gbt29490", "GB/T 29490 贯标认证（2025-01-01）")
    ]
    assert [i.key for i in services.prefill(rule, b)] == ["cert:iso56005"]
    EntityTag.objects.create(
        entity=firms[2], tag=Tag.STANDARD_29490, valid_from=date(2026, 1, 1)
    )  # the year after
    assert services.prefill(rule, firms[2]) == []
    # a reimbursement limited to qualified firms is entered with its invoices, never prefilled
    assert services.prefill(reimburse(prog, eligible_tags=[Tag.STANDARD_29490]), a) == []


def test_a_yearly_fixed_subsidy_for_qualified_firms_reads_the_programme_year(firms):
    from zhichan.entities.models import EntityTag, Tag

    a, b, c = firms
    prog, _inv = programme(2025)
    rule = AwardRule.objects.create(programme=prog, name="高新技术企业定额补助", kind=RuleKind.FIXED, category="hte_fixed",
                                    amount=D("30000"), eligible_tags=[Tag.HIGH_TECH])  # no period: the programme's year  # fmt: skip
    EntityTag.objects.create(entity=a, tag=Tag.HIGH_TECH, valid_from=date(2025, 12, 31))
    EntityTag.objects.create(
        entity=b, tag=Tag.HIGH_TECH, valid_from=date(2021, 1, 1), valid_to=date(2024, 12, 31)
    )
    EntityTag.objects.create(entity=c, tag=Tag.HIGH_TECH, valid_from=date(2026, 1, 1))
    (item,) = services.prefill(rule, a)
    assert (item.key, item.description) == ("year:2025", "2025 年度定额补助")
    claim = services.verify(rule, a, item)
    assert (claim.eligible, claim.amount, claim.reason) == (True, D("30000"), "定额 30000 元")
    last_day = make_entity("宜都市奖补测试末日有限公司", "420581100", serial="00001110")
    EntityTag.objects.create(
        entity=last_day, tag=Tag.HIGH_TECH, valid_from=date(2022, 1, 1), valid_to=date(2025, 1, 1)
    )
    assert services.verify(rule, last_day, item).eligible  # held on the year's first day
    other_tag = make_entity("宜都市奖补测试科小有限公司", "420581100", serial="00001111")
    EntityTag.objects.create(entity=other_tag, tag=Tag.TECH_SME, valid_from=date(2025, 1, 1))
    for other in (b, c, other_tag):
        refused = services.verify(rule, other, services.Item("year:2025", "2025 年度定额补助"))
        assert (refused.eligible, refused.reason) == (False, "不具备规则要求的主体资格（高新技术企业）。")


def test_an_item_claimed_in_another_open_application_is_refused_only_for_that_entity_category_and_item(firms):
    from zhichan.entities.models import Tag

    a, b, _c = firms
    shared = grant([a, b], 50, date(2025, 6, 6))
    own = grant([a], 51, date(2025, 6, 7))
    first, _rule = programme(2025)
    services.application_build(programme=first, entity=a)  # a draft holding both patents
    second, _rule = programme(2025)  # a supplementary round
    AwardRule.objects.create(programme=second, name="发明专利维持奖励", kind=RuleKind.PER_ITEM, category="invention_kept",
                             source=ItemSource.CN_INVENTION_GRANT, amount=D("1000"))  # fmt: skip
    again = services.application_build(programme=second, entity=a)
    found = {(c.rule.category, c.patent): (c.eligible, c.reason) for c in again.claims.select_related("rule")}
    taken = (False, "该事项已在其他奖补申请中申领。")
    assert found == {
        ("invention_grant", shared): taken, ("invention_grant", own): taken,
        ("invention_kept", shared): (True, "每件 1000.00 元，2 个共有人平均分配"),
        ("invention_kept", own): (True, "每件 1000.00 元"),
    }  # fmt: skip
    theirs = services.application_build(programme=second, entity=b)  # the co-owner's own claim is free
    assert {c.rule.category: c.eligible for c in theirs.claims.select_related("rule")} == {
        "invention_grant": True, "invention_kept": True
    }  # fmt: skip
    # a patent the rule does not pay for is refused, whoever enters it
    late = grant([a], 52, date(2026, 1, 2))
    (rule,) = second.rules.filter(category="invention_grant")
    claim = services.verify(rule, a, services.Item(f"patent:{late.number}", "后补", late))
    assert (claim.eligible, claim.reason) == (
        False,
        "登记簿中该专利不符合本规则（类型、授权日期、权利人或国外授权同族）。",
    )
    rule.eligible_tags = [Tag.HIGH_TECH, Tag.TECH_SME]
    assert services.verify(rule, a, services.Item(f"patent:{own.number}", "", own)).reason == (
        "不具备规则要求的主体资格（高新技术企业、科技型中小企业）。"
    )


def test_reimbursement_and_stage_amounts_refusals_and_reasons(firms):
    a = firms[0]
    prog, _inv = programme(2025)
    costs = reimburse(prog, ratio=D("0.50"), cap_per_item=D("1500.00"))
    whole = reimburse(prog, name="代理费全额补贴", category="agency")  # no ratio: the whole expense
    project = staged(prog, D("100000.05"), [["立项", 0.5], ["验收", 0.5]])

    def check(rule, key, expense=None):
        claim = services.verify(rule, a, services.Item(key, key, None, expense))
        return claim.eligible, claim.amount, claim.reason

    assert check(costs, "c:1", D("0")) == (False, D("0"), "请填写实际发生的费用。")
    assert check(costs, "c:2") == (False, D("0"), "请填写实际发生的费用。")
    assert check(costs, "c:3", D("1")) == (True, D("0.50"), "1 元 × 0.50")
    assert check(costs, "c:4", D("3000")) == (True, D("1500.00"), "3000 元 × 0.50")  # exactly the cap
    assert check(costs, "c:5", D("3000.02")) == (True, D("1500.00"), "3000.02 元 × 0.50，单项上限 1500.00 元")
    assert check(whole, "w:1", D("800")) == (True, D("800.00"), "800 元 × 1")
    phos = running(project, a, D("100000.05"))
    # 100,000.05 × 0.5 = 50,000.025 → 50,000.03 (half up)
    assert check(project, f"project:{phos.pk}:立项") == (
        True,
        D("50000.03"),
        "立项资助额 100,000.05 元 × 立项阶段 0.5",
    )
    assert check(project, f"project:{phos.pk}:结题") == (False, D("0"), "没有该阶段：结题。")
    assert check(project, f"project:{phos.pk}:验收") == (
        False,
        D("0"),
        "“验收”尚未通过，不能拨付“验收”阶段资助。",
    )
    assert check(project, "project:磷化:立项") == (False, D("0"), "分阶段资助应对应本单位已立项的培育项目。")


def test_a_rule_without_period_pays_granted_patents_only(firms):
    a = firms[0]
    prog, _inv = programme(2025, period_from=None, period_to=None)
    AwardRule.objects.create(programme=prog, name="实用新型专利奖励", kind=RuleKind.PER_ITEM, category="utility_grant",
                             source=ItemSource.UTILITY_GRANT, amount=D("2000"))  # fmt: skip
    granted, utility = (
        grant([a], 62, date(2019, 9, 9)),
        grant([a], 63, date(2020, 1, 2), kind=PatentKind.UTILITY),
    )
    grant([a], 64, None), grant([a], 65, None, kind=PatentKind.UTILITY)  # pending: nothing to pay
    application = services.application_build(programme=prog, entity=a)
    assert {c.patent for c in application.claims.all()} == {granted, utility}
