"""The risk-compensation pool at work: a bank's default report, the rule's shares, caps and
conditions, compensation within the balance (today's and every later day's), recoveries flowing
back in the pool's share, and the pool's statement on any date — in services and in two browsers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user, needs_chromium, region, shot, sign_in
from tests.market.test_services import patent
from zhichan.accounts.models import Role
from zhichan.finance import pool, services
from zhichan.finance.models import ClaimStatus, ItemKind, PoolEntryKind, PoolRule

pytestmark = pytest.mark.django_db


def rule(**changes) -> PoolRule:
    values = dict(
        name="宜都市知识产权质押融资风险补偿（测试）", basis="测试文件第五条", region=region("420581"),
        valid_from=date(2020, 1, 1), pool_share=Decimal("0.5"), bank_share=Decimal("0.3"),
        guarantor_share=Decimal("0.2"), cap_per_loan=Decimal("1000000"), min_overdue_days=90,
    ) | changes  # fmt: skip
    found = PoolRule(**values)
    found.full_clean()
    found.save()
    return found


def loan(firm, n: int, principal: str = "3000000", start: date = date(2024, 3, 1)):
    return services.pledge_register(
        pledgor_name=firm.name, pledgee_name="测试银行宜都支行", amount=Decimal(principal), registered_on=start,
        items=[services.ItemData(ItemKind.PATENT, patent(firm, n).number)], loan_start=start,
        loan_end=start + timedelta(days=365), loan_rate=Decimal("3.6"), number=f"Y-POOL-{n}",
    )  # fmt: skip


def fund(amount: str, on: date, kind=PoolEntryKind.FUNDING):
    return services.pool_entry_add(region=region("420581"), on=on, kind=kind, amount=Decimal(amount))


def test_shares_must_add_up_and_lie_between_zero_and_one():
    with pytest.raises(ValidationError, match="之和应为 1"):
        rule(guarantor_share=Decimal("0.1"))
    with pytest.raises(ValidationError, match="0 到 1"):
        rule(pool_share=Decimal("1.5"), bank_share=Decimal("-0.3"), guarantor_share=Decimal("-0.2"))


def test_the_rule_shares_the_loss_caps_it_and_the_pool_pays_within_its_balance(roles):
    the_rule = rule()
    pledge = loan(roles["yidu_firm"], 71)
    claim = pool.default_report(pledge=pledge, overdue_since=date(2025, 3, 1), outstanding=Decimal("2400000"),
                                measures="已起诉并申请拍卖质押专利", reported_on=date(2025, 6, 10))  # fmt: skip
    assert (claim.rule, claim.region.code, claim.status) == (the_rule, "420581", ClaimStatus.REPORTED)
    found = pool.assess(claim)  # 2,400,000 × 50 % = 1,200,000, above the 1,000,000 cap
    assert (found.amount, found.refusals) == (Decimal("1000000.00"), [])
    assert "单笔上限 1,000,000.00 元" in found.worked and "银行承担 30%" in found.worked
    with pytest.raises(ValidationError, match="未办结"):
        pool.default_report(pledge=pledge, overdue_since=date(2025, 3, 1), outstanding=Decimal("1"),
                            measures="x", reported_on=date(2025, 6, 10))  # fmt: skip
    pool.claim_review(claim=claim, approve=True, note="", day=date(2025, 6, 20))
    claim.refresh_from_db()
    assert (claim.status, claim.approved) == (ClaimStatus.APPROVED, Decimal("1000000.00"))
    with pytest.raises(ValidationError, match="余额不足"):  # nothing in the pool yet
        pool.compensate(claim=claim, on=date(2025, 6, 25))
    fund("1000000", date(2025, 1, 2))
    fund("800000", date(2025, 8, 1), PoolEntryKind.REFUND)  # money leaves the pool later that year
    # On 25 June the pool holds 1,000,000, but paying more than 200,000 would leave 1 August below zero.
    first = pool.compensate(claim=claim, on=date(2025, 6, 25), document="宜财金〔2025〕8号")
    assert (first.amount, first.kind) == (Decimal("200000.00"), PoolEntryKind.COMPENSATION)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PARTIAL
    assert services.pool_balance(region("420581"), date(2025, 8, 1)) == Decimal("0")
    fund("900000", date(2025, 9, 1))
    second = pool.compensate(claim=claim, on=date(2025, 9, 2))
    claim.refresh_from_db()
    assert (second.amount, claim.status, pool.paid(claim)) == (
        Decimal("800000.00"), ClaimStatus.COMPENSATED, Decimal("1000000.00"))  # fmt: skip
    with pytest.raises(ValidationError, match="已核准"):
        pool.compensate(claim=claim, on=date(2025, 9, 3))
    # The bank recovers 600,000 from selling the patents. The pool bore 1,000,000 of the 2,400,000
    # lost (the cap cut its half): 600,000 × 1,000,000 ÷ 2,400,000 = 250,000 flows back; then at
    # most what it has not had back.
    back = pool.recovery_add(claim=claim, on=date(2025, 12, 1), recovered=Decimal("600000"))
    assert (back.amount, back.kind) == (Decimal("250000.00"), PoolEntryKind.RECOVERY)
    again = pool.recovery_add(claim=claim, on=date(2025, 12, 15), recovered=Decimal("5000000"))
    assert again.amount == Decimal("750000.00") and pool.returned(claim) == pool.paid(claim)
    with pytest.raises(ValidationError, match="全部收回"):
        pool.recovery_add(claim=claim, on=date(2025, 12, 20), recovered=Decimal("1"))


def test_a_claim_too_early_too_late_or_off_the_whitelist_is_refused(roles):
    rule(claim_within_days=180, whitelist_only=True)
    firm = roles["yidu_firm"]
    early = pool.default_report(pledge=loan(firm, 72), overdue_since=date(2025, 3, 1), outstanding=Decimal("100000"),
                                measures="催收中", reported_on=date(2025, 5, 29))  # 89 days  # fmt: skip
    refusals = pool.assess(early).refusals
    assert refusals == [
        "逾期 89 天，未满规则要求的 90 天。",
        "放款日（2024-03-01）出质人不在已发布的授信企业白名单上。",
    ]
    assert pool.assess(early).amount == 0
    with pytest.raises(ValidationError, match="未满规则要求"):
        pool.claim_review(claim=early, approve=True, note="", day=date(2025, 6, 1))
    with pytest.raises(ValidationError, match="写明理由"):
        pool.claim_review(claim=early, approve=False, note=" ", day=date(2025, 6, 1))
    pool.claim_review(claim=early, approve=False, note="逾期未满90天", day=date(2025, 6, 1))
    late = pool.default_report(pledge=loan(firm, 73), overdue_since=date(2025, 1, 1), outstanding=Decimal("100000"),
                               measures="催收中", reported_on=date(2025, 7, 1))  # 181 days  # fmt: skip
    assert "逾期 181 天后才申请，超过规则规定的 180 天。" in pool.assess(late).refusals
    with pytest.raises(ValidationError, match="不超过贷款本金"):
        pool.default_report(pledge=loan(firm, 74, principal="500000"), overdue_since=date(2025, 1, 1),
                            outstanding=Decimal("500000.01"), measures="x", reported_on=date(2025, 7, 1))  # fmt: skip


def test_no_rule_in_force_no_claim_and_the_nearest_rule_applies(roles):
    firm = roles["yidu_firm"]
    pledge = loan(firm, 75)
    with pytest.raises(ValidationError, match="没有施行中的风险补偿规则"):
        pool.default_report(pledge=pledge, overdue_since=date(2025, 3, 1), outstanding=Decimal("100000"),
                            measures="x", reported_on=date(2025, 7, 1))  # fmt: skip
    city = rule(name="宜昌市规则", region=region("420500"), pool_share=Decimal("0.4"), bank_share=Decimal("0.6"),
                guarantor_share=Decimal("0"))  # fmt: skip
    assert pool.rule_for(pledge.region, date(2025, 3, 1)) == city
    county = rule(valid_from=date(2025, 1, 1))
    assert pool.rule_for(pledge.region, date(2025, 3, 1)) == county  # the county's own comes first
    assert pool.rule_for(pledge.region, date(2024, 12, 31)) == city


def test_the_statement_on_a_date_shows_the_pool_as_it_stood(roles):
    rule()
    fund("2000000", date(2025, 1, 2))
    fund("15000", date(2025, 3, 21), PoolEntryKind.INTEREST)
    claim = pool.default_report(pledge=loan(roles["yidu_firm"], 76), overdue_since=date(2025, 3, 1),
                                outstanding=Decimal("800000"), measures="已起诉", reported_on=date(2025, 6, 10))  # fmt: skip
    pool.claim_review(claim=claim, approve=True, note="", day=date(2025, 6, 20))
    pool.compensate(claim=claim, on=date(2025, 7, 1))
    county = region("420581")
    june = pool.statement(county, date(2025, 6, 30))
    assert (june.balance, june.owed, [c for c, _p, _o in june.claims]) == (Decimal("2015000"), Decimal("400000.00"),
                                                                          [claim])  # fmt: skip
    july = pool.statement(county, date(2025, 7, 1))
    assert (july.balance, july.claims, july.by_kind[PoolEntryKind.COMPENSATION]) == (
        Decimal("1615000"), [], Decimal("400000.00"))  # fmt: skip
    assert (july.inflow, july.outflow) == (Decimal("2015000"), Decimal("400000.00"))
    before = pool.statement(county, date(2024, 12, 31))
    assert (before.balance, before.claims, before.loans) == (Decimal("0"), [], 1)  # the loan ran then


def test_who_may_report_review_and_see_a_claim(client, roles):
    rule()
    pledge = loan(roles["yidu_firm"], 77)
    client.force_login(roles["enterprise"])  # the borrower sees its loan but may not report it
    assert client.post(reverse("finance:default_report", args=[pledge.pk]), {}).status_code == 403
    client.force_login(roles["bank"])
    response = client.post(reverse("finance:default_report", args=[pledge.pk]), {
        "overdue_since": "2025-03-01", "outstanding": "1,000,000", "measures": "已向法院起诉"})  # fmt: skip
    claim = pledge.claims.get()
    assert response.url == reverse("finance:claim", args=[claim.pk])
    assert client.post(reverse("finance:claim", args=[claim.pk]), {"action": "approve"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPORTED
    client.force_login(roles["other_county"])
    assert client.get(reverse("finance:claim", args=[claim.pk])).status_code == 404
    assert "已向法院起诉" not in client.get(reverse("finance:claims")).content.decode()
    client.force_login(roles["county"])
    assert "已向法院起诉" in client.get(reverse("finance:claim", args=[claim.pk])).content.decode()
    client.post(
        reverse("finance:pool"), {"on": "2025-01-02", "kind": PoolEntryKind.COMPENSATION, "amount": "5"}
    )
    assert not services.PoolEntry.objects.exists()  # compensations go through a claim
    page = client.get(reverse("finance:pool")).content.decode()  # reported today, not yet reviewed
    assert "<td>未办结申请</td><td>1 件" in page and "<td>在贷质押贷款</td><td>0 笔" in page
    assert "资金池 50%、银行 30%、担保/保险机构 20%，单笔最高补偿 1,000,000.00 元" in page
    page = client.get(reverse("finance:pool"), {"on": "2024-06-30"}).content.decode()
    assert "<td>未办结申请</td><td>0 件" in page and "<td>在贷质押贷款</td><td>1 笔" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree")
@needs_chromium
def test_a_bank_reports_a_default_and_the_pool_compensates_within_its_balance(page, live_server):
    from tests.conftest import make_entity
    from zhichan.entities.models import EntityKind

    today = timezone.localdate()
    firm = make_entity("宜都市违约测试有限公司", "420581100", serial="00000971")
    bank = make_entity("测试银行宜都分行", "420581", serial="00000972", kind=EntityKind.BANK)
    make_user("b_bank_pool", role=Role.BANK, entity=bank)
    make_user("b_yidu_pool", region_code="420581")
    rule()
    fund("300000", today - timedelta(days=30))
    pledge = services.pledge_register(
        pledgor_name=firm.name, pledgee_name=bank.name, amount=Decimal("2000000"), registered_on=today - timedelta(days=500),
        items=[services.ItemData(ItemKind.PATENT, patent(firm, 78).number)], loan_start=today - timedelta(days=500),
        loan_end=today - timedelta(days=135), loan_rate=Decimal("3.6"), number="Y-BROWSER-POOL",
    )  # fmt: skip
    sign_in(page, "b_bank_pool", then=f"/finance/pledges/{pledge.pk}/")
    page.locator("summary", has_text="报告贷款逾期").click()
    page.fill("input[name=overdue_since]", str(today - timedelta(days=135)))
    page.fill("input[name=outstanding]", "1600000")
    page.fill("input[name=measures]", "已起诉并申请拍卖质押专利")
    page.get_by_role("button", name="报告违约").click()
    page.wait_for_load_state()
    assert "银行已报告，待审核" in page.content()
    office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(office, "b_yidu_pool", then="/finance/claims/")
    office.get_by_role("link", name=str(today)).click()
    office.wait_for_load_state()
    assert "可核定补偿 800,000.00" in office.content()  # 1,600,000 × 50 %
    office.get_by_role("button", name="核准补偿").click()
    office.wait_for_load_state()
    office.get_by_role("button", name="从资金池代偿").click()
    office.wait_for_load_state()
    text = office.content()
    assert "已代偿 300,000.00 元" in text and "尚欠 <strong>500,000.00</strong> 元" in text
    assert "部分代偿（资金池余额不足）" in text
    shot(office, "finance-claim-partial")
    office.goto("/finance/pool/")
    assert "已核定尚未代偿 500,000.00 元" in office.content()
    shot(office, "finance-pool")
    page.reload()  # the bank follows its claim
    assert "部分代偿" in page.content()


def test_the_rule_in_words():
    assert pool.terms(rule(claim_within_days=180, whitelist_only=True)) == (
        "资金池 50%、银行 30%、担保/保险机构 20%，单笔最高补偿 1,000,000.00 元；逾期满 90 天可申请，"
        "须在逾期后 180 天内申请；限白名单企业"
    )


def test_the_rules_edges_rounding_and_words(roles):
    firm = roles["yidu_firm"]
    rule(claim_within_days=180)
    on_the_day = pool.default_report(pledge=loan(firm, 81), overdue_since=date(2025, 1, 1), outstanding=Decimal("100.01"),
                                     measures="催收", reported_on=date(2025, 4, 1))  # 90 days  # fmt: skip
    found = pool.assess(on_the_day)  # 100.01 × 50 % = 50.005, half up to 50.01
    assert (found.amount, found.refusals) == (Decimal("50.01"), [])
    assert found.worked == "100.01 元 × 资金池分担 50% = 50.01 元（银行承担 30%，担保/保险机构承担 20%）"
    last_day = pool.default_report(pledge=loan(firm, 82), overdue_since=date(2025, 1, 1),
                                   outstanding=Decimal("2000000"), measures="起诉", reported_on=date(2025, 6, 30))  # fmt: skip
    exactly = pool.assess(last_day)  # 180 days; half of 2,000,000 is the cap itself: not cut
    assert (exactly.amount, exactly.refusals) == (Decimal("1000000.00"), [])
    assert (
        exactly.worked
        == "2,000,000.00 元 × 资金池分担 50% = 1,000,000.00 元（银行承担 30%，担保/保险机构承担 20%）"
    )
    above = pool.default_report(pledge=loan(firm, 83, principal="3000000"), overdue_since=date(2025, 1, 1),
                                outstanding=Decimal("2400000"), measures="起诉", reported_on=date(2025, 6, 30))  # fmt: skip
    assert pool.assess(above).worked == (
        "2,400,000.00 元 × 资金池分担 50% = 1,200,000.00 元，单笔上限 1,000,000.00 元（银行承担 30%，担保/保险机构承担 20%）"
    )
    assert pool.terms(on_the_day.rule) == (
        "资金池 50%、银行 30%、担保/保险机构 20%，单笔最高补偿 1,000,000.00 元；逾期满 90 天可申请，须在逾期后 180 天内申请"
    )


def test_a_whitelisted_borrower_is_covered_and_only_its_own_regions_rule_applies(roles):
    firm = roles["yidu_firm"]
    rule(whitelist_only=True)
    # 枝江's rule, newer: not 宜都's, whatever its date
    rule(name="枝江市规则", region=region("420583"), valid_from=date(2024, 1, 1))
    listed = services.whitelist_build(
        name="白名单", region=region("420581"), criteria={}, day=date(2024, 1, 1)
    )
    services.whitelist_add(whitelist=listed, entity=firm, note="银行推荐")
    services.whitelist_publish(whitelist=listed, published_on=date(2024, 2, 1))
    claim = pool.default_report(pledge=loan(firm, 84), overdue_since=date(2025, 1, 1), outstanding=Decimal("1000"),
                                measures="催收", reported_on=date(2025, 6, 1))  # loan from 2024-03-01  # fmt: skip
    assert (claim.rule.name, pool.assess(claim).refusals) == ("宜都市知识产权质押融资风险补偿（测试）", [])


def test_what_a_claim_paid_and_got_back_is_its_own(roles):
    firm = roles["yidu_firm"]
    rule()
    fund("5000000", date(2025, 1, 2))
    first, second = (
        pool.default_report(pledge=loan(firm, n), overdue_since=date(2025, 1, 1), outstanding=Decimal(owed),
                            measures="起诉", reported_on=date(2025, 6, 1))
        for n, owed in ((85, "400000"), (86, "600000"))
    )  # fmt: skip
    for claim in (first, second):
        pool.claim_review(claim=claim, approve=True, note="", day=date(2025, 6, 2))
        pool.compensate(claim=claim, on=date(2025, 6, 3))
    pool.recovery_add(claim=first, on=date(2025, 7, 1), recovered=Decimal("100000"))
    assert (pool.paid(first), pool.paid(second)) == (Decimal("200000.00"), Decimal("300000.00"))
    assert (pool.returned(first), pool.returned(second)) == (Decimal("50000.00"), Decimal("0.00"))


def test_the_lowest_balance_counts_the_day_itself_and_every_later_day_in_date_order():
    from zhichan.finance.models import PoolEntry

    county = region("420581")
    # Entered out of date order: the later refund first.
    PoolEntry.objects.create(
        region=county, on=date(2025, 9, 1), kind=PoolEntryKind.REFUND, amount=Decimal("700")
    )
    PoolEntry.objects.create(
        region=county, on=date(2025, 3, 1), kind=PoolEntryKind.FUNDING, amount=Decimal("1000")
    )
    PoolEntry.objects.create(
        region=county, on=date(2025, 6, 1), kind=PoolEntryKind.FUNDING, amount=Decimal("200")
    )
    assert pool.lowest_balance_from(county, date(2025, 3, 1)) == Decimal("500")  # 1000, 1200, then 500
    assert pool.lowest_balance_from(county, date(2025, 2, 28)) == Decimal("0")  # nothing yet that day
    assert pool.lowest_balance_from(county, date(2025, 9, 1)) == Decimal("500")  # the day's own entries count
    assert pool.lowest_balance_from(region("420583"), date(2025, 3, 1)) == Decimal("0")  # another pool


def test_the_statement_counts_its_own_pool_and_the_claims_as_they_stood(roles):
    firm = roles["yidu_firm"]
    rule()
    rule(name="枝江市规则", region=region("420583"))
    fund("1000000", date(2025, 1, 2))
    services.pool_entry_add(region=region("420583"), on=date(2025, 1, 2), kind=PoolEntryKind.FUNDING,
                            amount=Decimal("7"))  # fmt: skip
    refused = pool.default_report(pledge=loan(firm, 87), overdue_since=date(2025, 1, 1), outstanding=Decimal("1000"),
                                  measures="催收", reported_on=date(2025, 2, 1))  # fmt: skip
    pool.claim_review(claim=refused, approve=False, note="逾期未满", day=date(2025, 2, 10))
    owed = pool.default_report(pledge=loan(firm, 88, principal="4000000", start=date(2025, 1, 10)),
                               overdue_since=date(2025, 3, 1), outstanding=Decimal("200000.02"), measures="起诉",
                               reported_on=date(2025, 6, 1))  # fmt: skip
    pool.claim_review(claim=owed, approve=True, note="", day=date(2025, 6, 10))  # 100,000.01
    before = pool.statement(region("420581"), date(2025, 2, 9))
    assert [(c.pk, paid, due) for c, paid, due in before.claims] == [
        (refused.pk, Decimal("0.00"), Decimal("0"))
    ]
    on_review = pool.statement(region("420581"), date(2025, 6, 10))
    assert [(c.pk, paid, due) for c, paid, due in on_review.claims] == [
        (owed.pk, Decimal("0.00"), Decimal("100000.01"))
    ]
    assert (on_review.balance, on_review.region, on_review.day) == (
        Decimal("1000000"),
        region("420581"),
        date(2025, 6, 10),
    )
    # 2,000,000 from 2024-03-01 had ended; 4,000,000 runs from 2025-01-10
    assert (on_review.loans, on_review.principal) == (1, Decimal("4000000"))
    day_before = pool.statement(region("420581"), date(2025, 6, 9))
    assert [(c.pk, due) for c, _paid, due in day_before.claims] == [
        (owed.pk, Decimal("0"))
    ]  # not yet reviewed
    pool.compensate(claim=owed, on=date(2025, 6, 11))
    assert pool.statement(region("420581"), date(2025, 6, 11)).claims == []


def test_the_statement_leaves_out_what_is_not_its_pool_or_its_day(roles):
    from zhichan.finance.models import Pledge, PoolEntry, RiskClaim

    firm, neighbour = roles["yidu_firm"], roles["zhijiang_firm"]
    rule()
    rule(name="枝江市规则", region=region("420583"))
    county = region("420581")
    # A claim of 枝江's pool, reported before: not 宜都's.
    pool.default_report(pledge=loan(neighbour, 91), overdue_since=date(2025, 1, 1), outstanding=Decimal("1000"),
                        measures="催收", reported_on=date(2025, 4, 1))  # fmt: skip
    open_claim = pool.default_report(pledge=loan(firm, 92), overdue_since=date(2025, 1, 1),
                                     outstanding=Decimal("1001"), measures="起诉", reported_on=date(2025, 4, 2))  # fmt: skip
    refused = pool.default_report(pledge=loan(firm, 93), overdue_since=date(2025, 1, 1), outstanding=Decimal("500"),
                                  measures="催收", reported_on=date(2025, 4, 3))  # the newest: read first  # fmt: skip
    pool.claim_review(claim=refused, approve=False, note="材料不全", day=date(2025, 4, 20))
    pool.claim_review(claim=open_claim, approve=True, note="", day=date(2025, 4, 10))  # 500.50
    fund("500", date(2025, 4, 11))
    pool.compensate(claim=open_claim, on=date(2025, 4, 12))  # 500 paid, 0.50 owed
    PoolEntry.objects.create(region=county, on=date(2025, 4, 15), kind=PoolEntryKind.RECOVERY, amount=Decimal("100"),
                             claim=open_claim, pledge=open_claim.pledge)  # fmt: skip
    on_refusal = pool.statement(county, date(2025, 4, 20))
    assert [(c.pk, paid, owed) for c, paid, owed in on_refusal.claims] == [
        (open_claim.pk, Decimal("500.00"), Decimal("0.50"))]  # fmt: skip
    day_before = pool.statement(county, date(2025, 4, 19))
    assert [c.pk for c, _p, _o in day_before.claims] == [refused.pk, open_claim.pk]
    assert RiskClaim.objects.filter(region=county).count() == 2
    # Loans running on 2025-06-30: 宜都's three from 2024-03-01 have ended; one repaid early does not
    # run; one starting later does not yet; 枝江's does not count here.
    Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="银行", amount=Decimal("7"),
                          registered_on=date(2025, 1, 1), loan_start=date(2025, 1, 1), loan_end=date(2026, 1, 1),
                          repaid_on=date(2025, 6, 1), region=firm.region)  # fmt: skip
    Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="银行", amount=Decimal("11"),
                          registered_on=date(2025, 7, 1), loan_start=date(2025, 7, 1), loan_end=date(2026, 7, 1),
                          region=firm.region)  # fmt: skip
    Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="银行", amount=Decimal("13"),
                          registered_on=date(2025, 1, 1), loan_start=date(2025, 1, 1), loan_end=date(2026, 1, 1),
                          region=firm.region)  # fmt: skip
    Pledge.objects.create(pledgor=neighbour, pledgor_name=neighbour.name, pledgee_name="银行", amount=Decimal("17"),
                          registered_on=date(2025, 1, 1), loan_start=date(2025, 1, 1), loan_end=date(2026, 1, 1),
                          region=neighbour.region)  # fmt: skip
    june = pool.statement(county, date(2025, 6, 30))
    assert (june.loans, june.principal) == (1, Decimal("13"))
