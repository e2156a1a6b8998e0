"""贴息 as a programme: the enterprise applies from 我的 with its loans pre-filled from its pledges
and the LPR table, the office reviews, and the per-enterprise yearly cap holds across two
applications of one year, whichever is approved first. Amounts are worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import make_entity, make_user, needs_chromium, region, shot, sign_in
from zhichan.accounts.models import Role
from zhichan.awards import services
from zhichan.awards.models import AppStatus, AwardRule, Payment, Programme, RuleKind
from zhichan.entities.models import EntityTag, Tag
from zhichan.finance.models import LprRate, Pledge, SubsidyRule

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


@pytest.fixture
def setting():
    """LPR one-year 3.10 % until 19 May 2025, 3.00 % from 20 May (the published table), and
    Suizhou's rule: 40 % of it, at most 200,000 元 per enterprise per year, for 科技型中小企业."""
    LprRate.objects.all().delete()
    for day, one, five in [("2024-10-21", "3.10", "3.60"), ("2025-05-20", "3.00", "3.50")]:
        LprRate.objects.create(effective_on=day, one_year=D(one), five_year=D(five))
    SubsidyRule.objects.create(name="随州市知识产权质押融资贴息", basis="随州市知识产权强市建设实施方案（三）",
                               region=region("420000"), valid_from=date(2023, 1, 1), lpr_share=D("0.4"),
                               cap_per_year=D("200000"), eligible_tags=[Tag.TECH_SME])  # fmt: skip
    firm = make_entity("宜都市贴息申报测试科技有限公司", "420581100", serial="00000981")
    EntityTag.objects.create(entity=firm, tag=Tag.TECH_SME, valid_from=date(2022, 1, 1))
    return firm


def batch(name: str) -> Programme:
    prog = Programme.objects.create(
        name=name, basis="宜都市知识产权质押融资贴息办法", region=region("420581"), year=2025, budget=D("2000000"),
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY + timedelta(days=30),
    )  # fmt: skip
    AwardRule.objects.create(programme=prog, name="知识产权质押融资贴息", kind=RuleKind.INTEREST,
                             category="pledge_interest", amount=D("0"))  # fmt: skip
    return prog


def loan(firm, start: date, number: str) -> Pledge:
    return Pledge.objects.create(
        pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行宜都支行", amount=D("10000000"), number=number,
        registered_on=start, loan_start=start, loan_end=start.replace(year=start.year + 1), loan_rate=D("3.6"),
        region=firm.region,
    )  # fmt: skip


def approve(application) -> None:
    services.application_submit(application=application, bank_name="工行宜都支行", account_name="x",
                                account_number="6222000011112222")  # fmt: skip
    services.application_move(application=application, to=AppStatus.CHECKED)
    services.application_move(application=application, to=AppStatus.APPROVED)


def amounts(application) -> dict[str, tuple[bool, Decimal]]:
    return {c.description.split("（")[0]: (c.eligible, c.amount) for c in application.claims.all()}


def test_each_loan_is_prefilled_with_its_working_and_another_firms_loan_is_refused(setting):
    firm = setting
    first = loan(firm, date(2025, 1, 1), "ZY-2025-001")
    application = services.application_build(programme=batch("2025年贴息第一批"), entity=firm)
    (claim,) = application.claims.all()
    # 10,000,000 × 1.24 % × 139 days ÷ 360 = 47,877.78 (1 Jan – 19 May)
    # 10,000,000 × 1.20 % × 226 days ÷ 360 = 75,333.33 (20 May – 31 Dec)
    assert (claim.key, claim.eligible, claim.amount) == (f"loan:{first.pk}:2025", True, D("123211.11"))
    assert claim.reason == (
        "2025-01-01—2025-05-19：10,000,000.00 元 × 1.24% × 139 天 ÷ 360 = 47,877.78 元；"
        "2025-05-20—2025-12-31：10,000,000.00 元 × 1.2% × 226 天 ÷ 360 = 75,333.33 元"
    )
    other = make_entity("宜都市他人贷款测试有限公司", "420581100", serial="00000982")
    foreign = loan(other, date(2025, 1, 1), "ZY-2025-009")
    refused = services.claim_add(application=application, rule=application.programme.rules.get(),
                                 key=f"loan:{foreign.pk}:2025", description="他人的贷款")  # fmt: skip
    assert (refused.eligible, refused.reason) == (False, "不是本主体作为出质人登记的质押贷款。")
    wrong_year = services.claim_add(application=application, rule=application.programme.rules.get(),
                                    key=f"loan:{first.pk}:2024", description="上年的贷款")  # fmt: skip
    assert wrong_year.reason == "贴息事项应为本年度（2025）的质押贷款。"


def test_the_yearly_cap_holds_across_two_applications_whichever_is_approved_first(setting):
    firm = setting
    loan(firm, date(2025, 1, 1), "ZY-2025-001")  # 123,211.11 in 2025 (above)
    # 1 March – 19 May: 80 days × 1.24 % = 27,555.56; 20 May – 31 Dec: 75,333.33; together 102,888.89
    loan(firm, date(2025, 3, 1), "ZY-2025-002")
    first = services.application_build(programme=batch("2025年贴息第一批"), entity=firm)
    assert sorted(a for _e, a in amounts(first).values()) == [D("76788.89"), D("123211.11")]  # capped within
    first.claims.filter(description__startswith="质押贷款 ZY-2025-002").delete()  # applies for one loan now
    second = services.application_build(programme=batch("2025年贴息第二批"), entity=firm)
    claimed = amounts(second)
    assert claimed["质押贷款 ZY-2025-001"] == (False, D("0"))  # already claimed in the first batch
    assert claimed["质押贷款 ZY-2025-002"] == (True, D("102888.89"))  # nothing approved yet: in full
    approve(first)
    approve(second)  # on approval the cap counts the first batch: 200,000 − 123,211.11
    cut = second.claims.get(description__startswith="质押贷款 ZY-2025-002")
    assert (cut.amount, cut.reason.endswith("；已达年度上限 200,000.00 元，核减为 76,788.89 元")) == (
        D("76788.89"),
        True,
    )
    paid = sorted(Payment.objects.filter(entity=firm, year=2025).values_list("amount", flat=True))
    assert paid == [D("76788.89"), D("123211.11")] and sum(paid) == D("200000.00")
    assert services.total(second) == D("76788.89")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree")
@needs_chromium
def test_an_enterprise_applies_for_interest_subsidy_and_follows_it_to_payment(page, live_server, setting):
    firm = setting
    loan(firm, date(2025, 1, 1), "ZY-2025-001")
    prog = batch("2025年度知识产权质押融资贴息")
    make_user("b_qiye_tx", role=Role.ENTERPRISE, entity=firm)
    make_user("b_yidu_tx1", region_code="420581")
    make_user("b_yidu_tx2", region_code="420581")
    sign_in(page, "b_qiye_tx", then="/awards/mine/")
    page.locator("li", has_text=prog.name).get_by_role("button", name="申报").click()
    page.wait_for_load_state()
    assert "47,877.78 元" in page.content() and "123,211.11" in page.content()
    page.fill("input[name=bank_name]", "中国工商银行宜都支行")
    page.fill("input[name=account_number]", "6222 0000 1111 2222")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert "状态：已提交" in page.inner_text("body")
    shot(page, "awards-interest-submitted")
    url = page.url
    for official, to in (("b_yidu_tx1", "已初审"), ("b_yidu_tx2", "已批准")):
        office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
        sign_in(office, official, then=url.replace(live_server.url, ""))
        office.select_option("select[name=to]", label=to)
        office.get_by_role("button", name="提交审核").click()
        office.wait_for_load_state()
        assert f"状态：{to}" in office.inner_text("body")
    office.goto(f"/awards/{prog.pk}/")
    office.get_by_role("button", name="公示已批准名单").click()
    office.wait_for_load_state()
    office.goto(url.replace(live_server.url, ""))
    office.select_option("select[name=to]", label="已拨付")
    office.get_by_role("button", name="提交审核").click()
    office.wait_for_load_state()
    page.goto("/awards/mine/")
    assert "已拨付" in page.inner_text("body") and "123,211.11" in page.inner_text("body")
    shot(page, "awards-interest-paid")
