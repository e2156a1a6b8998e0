"""贴息 computed to the fen: LPR changes inside a year, a cap reached mid-year, a loan across two
years, the loan's own rate as ceiling, the LPR fixed at the start for contract-basis rules,
eligibility by tag, early repayment. Expected amounts are worked out by hand in the comments."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import make_entity, region
from zhichan.entities.models import EntityTag, Tag
from zhichan.finance.models import LprRate, Pledge, RateBasis, SubsidyRule
from zhichan.finance.subsidy import statement

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def lpr():
    LprRate.objects.all().delete()
    for day, one, five in [
        ("2023-08-21", "3.45", "4.20"),
        ("2024-02-20", "3.45", "3.95"),  # only the five-year rate moved
        ("2024-07-22", "3.35", "3.85"),
        ("2024-10-21", "3.10", "3.60"),
        ("2025-05-20", "3.00", "3.50"),
    ]:
        LprRate.objects.create(effective_on=day, one_year=D(one), five_year=D(five))


@pytest.fixture
def suizhou():
    """Suizhou's rule: 40 % of the one-year LPR, at most 200,000 元 per enterprise per year, for
    科技型中小企业 (seed 001 (三))."""
    return SubsidyRule.objects.create(
        name="随州市知识产权质押融资贴息",
        basis="随州市知识产权强市建设实施方案（三）",
        region=region("420000"),
        valid_from=date(2023, 1, 1),
        lpr_share=D("0.4"),
        cap_per_year=D("200000"),
        eligible_tags=[Tag.TECH_SME],
    )


@pytest.fixture
def firm():
    entity = make_entity("宜都市贴息测试科技有限公司", "420581100", serial="00000311")
    EntityTag.objects.create(entity=entity, tag=Tag.TECH_SME, valid_from=date(2022, 1, 1))
    return entity


def loan(firm, amount, start, end, rate="4.0", **extra) -> Pledge:
    return Pledge.objects.create(
        pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行", amount=D(amount), registered_on=start,
        loan_start=start, loan_end=end, loan_rate=D(rate), region=firm.region, **extra,
    )  # fmt: skip


def amounts(result) -> list[tuple[date, int, Decimal]]:
    return [(line.start, line.days, line.amount) for line in result.lines]


def test_lpr_changes_within_the_year(lpr, suizhou, firm):
    loan(firm, "1000000", date(2024, 1, 1), date(2024, 12, 31), rate="3.5")
    result = statement(firm, 2024)
    # 1,000,000 × 3.45 % × 0.4 × 203/360 = 7,781.666… ; × 3.35 % × 0.4 × 91/360 = 3,387.222… ;
    # × 3.10 % × 0.4 × 71/360 = 2,445.555… (the February move of the five-year rate is no cut)
    assert amounts(result) == [
        (date(2024, 1, 1), 203, D("7781.67")),
        (date(2024, 7, 22), 91, D("3387.22")),
        (date(2024, 10, 21), 71, D("2445.56")),
    ]
    assert result.total == D("13614.45")
    assert not result.capped


def test_cap_reached_mid_year_cuts_that_line_and_leaves_later_loans_nothing(lpr, suizhou, firm):
    big = loan(firm, "20000000", date(2025, 1, 1), date(2026, 1, 1))
    later = loan(firm, "1000000", date(2025, 9, 1), date(2026, 3, 1))
    result = statement(firm, 2025)
    # 20,000,000 × 1.24 % × 139/360 = 95,755.555… ; then × 1.20 % × 226/360 = 150,666.666…, cut to
    # 200,000 − 95,755.56 = 104,244.44; the September loan finds the cap used up.
    lines = [(line.pledge, line.computed, line.amount) for line in result.lines]
    assert lines == [
        (big, D("95755.56"), D("95755.56")),
        (big, D("150666.67"), D("104244.44")),
        (later, D("4066.67"), D("0")),  # 1,000,000 × 1.20 % × 122/360 = 4,066.666…
    ]
    assert result.total == D("200000.00")
    assert result.capped


def test_loan_across_two_years_is_split_by_calendar_year(lpr, suizhou, firm):
    loan(firm, "2000000", date(2024, 11, 15), date(2025, 11, 15), rate="3.2")
    first, second = statement(firm, 2024), statement(firm, 2025)
    # 2024: 47 days × 1.24 % → 3,237.777… ; 2025: 139 days × 1.24 % → 9,575.555…, 179 days × 1.20 % → 11,933.333…
    assert amounts(first) == [(date(2024, 11, 15), 47, D("3237.78"))]
    assert amounts(second) == [(date(2025, 1, 1), 139, D("9575.56")), (date(2025, 5, 20), 179, D("11933.33"))]
    assert first.total + second.total == D("24746.67")


def test_subsidy_rate_not_above_the_loans_own_rate(lpr, suizhou, firm):
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1), rate="1.0")
    (line,) = statement(firm, 2025).lines
    assert line.rate == D("1.0")  # 40 % of 3.00 % would be 1.20 %
    assert line.amount == D("833.33")  # 1,000,000 × 1.0 % × 30/360


def test_contract_basis_keeps_the_lpr_of_the_start_day(lpr, suizhou, firm):
    suizhou.rate_basis = RateBasis.CONTRACT
    suizhou.save()
    loan(firm, "1000000", date(2025, 3, 1), date(2025, 9, 1))
    (line,) = statement(firm, 2025).lines
    assert (line.lpr, line.days, line.amount) == (D("3.10"), 184, D("6337.78"))  # 12,400 × 184/360


def test_early_repayment_stops_the_subsidy(lpr, suizhou, firm):
    loan(firm, "1000000", date(2025, 6, 1), date(2026, 6, 1), repaid_on=date(2025, 8, 1))
    (line,) = statement(firm, 2025).lines
    assert (line.days, line.amount) == (61, D("2033.33"))  # 12,000 × 61/360


def test_enterprise_without_the_required_tag_is_refused_with_the_reason(lpr, suizhou):
    other = make_entity("宜都市无标签有限公司", "420581100", serial="00000312")
    loan(other, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    result = statement(other, 2025)
    assert result.lines == []
    assert "科技型中小企业" in result.refused[0][1]


def test_a_rule_ending_mid_year_hands_over_to_its_successor(lpr, suizhou, firm):
    suizhou.valid_to = date(2025, 6, 30)
    suizhou.save()
    SubsidyRule.objects.create(
        name="新办法", basis="测试", region=region("420581"), valid_from=date(2025, 7, 1), lpr_share=D("0.5"),
        cap_per_year=D("300000"),
    )  # fmt: skip
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 8, 1))
    result = statement(firm, 2025)
    # June at 40 % of 3.00 %: 12,000 × 30/360 = 1,000.00; July at 50 %: 15,000 × 31/360 = 1,291.666…
    assert amounts(result) == [(date(2025, 6, 1), 30, D("1000.00")), (date(2025, 7, 1), 31, D("1291.67"))]


# The boundaries of each rule, line by line (issue 28: each asserts what docs/finance.md promises).


def test_statement_is_the_enterprises_own_and_names_the_cap(lpr, suizhou, firm):
    other = make_entity("宜都市另一贴息企业有限公司", "420581100", serial="00000313")
    EntityTag.objects.create(entity=other, tag=Tag.TECH_SME, valid_from=date(2022, 1, 1))
    loan(other, "5000000", date(2025, 6, 1), date(2025, 7, 1))
    mine = loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    result = statement(firm, 2025)
    assert (result.entity, result.year, result.cap) == (firm, 2025, D("200000"))
    assert [line.pledge for line in result.lines] == [mine]
    (line,) = result.lines
    assert (line.principal, line.lpr, line.rate, line.rule, line.last_day) == (
        D("1000000"), D("3.00"), D("1.200"), suizhou, date(2025, 6, 30)
    )  # fmt: skip
    assert line.formula() == "1,000,000.00 元 × 1.2% × 30 天 ÷ 360 = 1,000.00 元"


def test_rules_of_other_regions_and_later_rules_do_not_apply(lpr, suizhou, firm):
    suizhou.region = region("421300")  # 随州市, not Yidu's 宜昌市
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    assert statement(firm, 2025).refused[0][1] == "该期间无适用的贴息政策。"
    SubsidyRule.objects.create(name="次年办法", basis="测试", region=region("420581"), valid_from=date(2026, 1, 1),
                               lpr_share=D("0.4"), cap_per_year=D("1"))  # fmt: skip
    result = statement(firm, 2025)
    assert (result.refused[0][1], result.cap) == ("该期间无适用的贴息政策。", None)
    SubsidyRule.objects.create(name="宜都办法", basis="测试", region=region("420581"), valid_from=date(2025, 1, 1),
                               valid_to=date(2025, 1, 1), lpr_share=D("0.4"))  # fmt: skip
    # A county's own rule applies, and one in force only on the year's first day is still a rule of the year.
    loan(firm, "1000000", date(2025, 1, 1), date(2025, 1, 3))
    result = statement(firm, 2025)
    assert [(line.start, line.days) for line in result.lines] == [(date(2025, 1, 1), 1)]
    assert result.lines[0].rule.name == "宜都办法"


def test_a_rule_ending_mid_year_without_successor_stops_the_subsidy_on_its_last_day(lpr, suizhou, firm):
    suizhou.valid_to = date(2025, 6, 30)
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 8, 1))
    loan(firm, "1000000", date(2025, 6, 30), date(2025, 7, 10))
    result = statement(firm, 2025)
    assert amounts(result) == [(date(2025, 6, 1), 30, D("1000.00")), (date(2025, 6, 30), 1, D("33.33"))]
    assert result.refused == []


def test_a_period_without_a_rule_is_skipped_and_the_rest_of_the_loan_counts(lpr, suizhou, firm):
    suizhou.valid_from = date(2025, 7, 1)
    suizhou.save()
    early = loan(firm, "1000000", date(2025, 3, 1), date(2025, 4, 1))  # wholly before the rule: refused
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 8, 1))
    result = statement(firm, 2025)
    assert amounts(result) == [(date(2025, 7, 1), 31, D("1033.33"))]
    assert result.refused == [(early, "该期间无适用的贴息政策。")]


def test_an_enterprise_registered_at_county_level_gets_the_countys_rule(lpr):
    firm = make_entity("宜都市县级登记有限公司", "420581", serial="00000317")
    SubsidyRule.objects.create(name="宜都办法", basis="测试", region=region("420581"), valid_from=date(2025, 1, 1),
                               lpr_share=D("0.4"))  # fmt: skip
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    assert amounts(statement(firm, 2025)) == [(date(2025, 6, 1), 30, D("1000.00"))]


def test_refused_loans_listed_in_loan_order_with_reasons_and_the_others_still_count(lpr, suizhou, firm):
    later = Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行", amount=D("1"),
                                  registered_on=date(2025, 5, 1), loan_start=date(2025, 5, 1), region=firm.region)  # fmt: skip
    earlier = Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行", amount=D("1"),
                                    registered_on=date(2025, 3, 1), loan_start=date(2025, 3, 1), region=firm.region)  # fmt: skip
    # over before the year: neither a line nor a refusal
    loan(firm, "1000000", date(2024, 3, 1), date(2025, 1, 1))
    before_lpr = loan(firm, "1000000", date(2019, 1, 1), date(2019, 2, 1))
    counted = loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    result = statement(firm, 2025)
    missing = "缺少贷款到期日或还清日，无法计算。"
    assert result.refused == [(earlier, missing), (later, missing)]
    assert [line.pledge for line in result.lines] == [counted]
    suizhou.valid_from, suizhou.eligible_tags = date(2019, 1, 1), []
    suizhou.save()
    assert statement(firm, 2019).refused == [(before_lpr, "缺少 2019-01-01 的LPR。")]


def test_days_before_the_first_lpr_get_nothing_and_the_rest_count(lpr, suizhou, firm):
    suizhou.valid_from = date(2023, 1, 1)
    suizhou.save()
    loan(firm, "1000000", date(2023, 8, 1), date(2023, 9, 1))  # the table starts on 2023-08-21
    result = statement(firm, 2023)
    assert amounts(result) == [(date(2023, 8, 21), 11, D("421.67"))]  # 1,000,000 × 1.38 % × 11/360 = 421.666…


def test_eligibility_is_judged_per_period_on_its_first_day(lpr, suizhou):
    firm = make_entity("宜都市期间资格有限公司", "420581100", serial="00000314")
    tag = EntityTag.objects.create(entity=firm, tag=Tag.TECH_SME, valid_from=date(2024, 7, 22))
    loan(firm, "1000000", date(2024, 7, 1), date(2024, 8, 1))  # LPR moved on 07-22: two periods
    result = statement(firm, 2024)
    # the tag held from the second period's first day, not before: 1,000,000 × 1.34 % × 10/360
    assert amounts(result) == [(date(2024, 7, 22), 10, D("372.22"))]
    tag.valid_from, tag.valid_to = date(2024, 1, 1), date(2024, 7, 1)  # held on 07-01 only (its last day)
    tag.save()
    assert amounts(statement(firm, 2024)) == [(date(2024, 7, 1), 21, D("805.00"))]  # 1.38 % × 21/360
    tag.valid_to = date(2024, 6, 30)  # expired before the loan
    tag.save()
    result = statement(firm, 2024)
    assert (result.lines, result.refused[0][1]) == ([], "企业不具备政策要求的资格（科技型中小企业）。")


def test_refusal_names_every_required_qualification(lpr, suizhou):
    suizhou.eligible_tags = [Tag.TECH_SME, Tag.HIGH_TECH]
    suizhou.save()
    firm = make_entity("宜都市无资格有限公司", "420581100", serial="00000315")
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))
    labels = "、".join(str(Tag(t).label) for t in (Tag.TECH_SME, Tag.HIGH_TECH))
    assert statement(firm, 2025).refused[0][1] == f"企业不具备政策要求的资格（{labels}）。"


def test_loan_rate_caps_only_when_the_rule_says_so(lpr, suizhou, firm):
    suizhou.not_above_loan_rate = False
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1), rate="1.0")
    (line,) = statement(firm, 2025).lines
    assert (line.rate, line.amount) == (D("1.200"), D("1000.00"))


def test_half_a_fen_rounds_up(lpr, suizhou, firm):
    suizhou.lpr_share = D("0.5")
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 6, 4))  # 1,000,000 × 1.50 % × 3/360 = 125.00
    loan(firm, "3", date(2025, 6, 1), date(2025, 6, 2))
    loan(firm, "10950", date(2025, 6, 1), date(2025, 6, 2))  # 10,950 × 1.5 % / 360 = 0.45625 → 0.46
    lines = statement(firm, 2025).lines
    assert [line.amount for line in lines] == [D("125.00"), D("0.00"), D("0.46")]


def test_merged_periods_keep_the_loan_and_round_half_up(lpr, suizhou, firm):
    # The 2024-02-20 LPR change moved only the five-year rate: one line across it.
    loan(firm, "10950", date(2024, 2, 19), date(2024, 2, 22))
    (line,) = statement(firm, 2024).lines
    # 10,950 × 1.38 % × 3/360 = 1.259… → 1.26; after the cap as before it
    assert (line.start, line.end, line.days, line.principal, line.rate) == (
        date(2024, 2, 19), date(2024, 2, 22), 3, D("10950"), D("1.380")
    )  # fmt: skip
    assert (line.computed, line.amount) == (D("1.26"), D("1.26"))


def test_a_line_that_reaches_the_cap_exactly_is_not_cut(lpr, suizhou, firm):
    suizhou.cap_per_year = D("1000.00")
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 7, 1))  # exactly 1,000.00
    loan(firm, "1000000", date(2025, 6, 2), date(2025, 7, 1))
    first, second = statement(firm, 2025).lines
    assert (first.amount, first.note) == (D("1000.00"), "")
    assert (second.amount, second.note) == (D("0"), "已达年度上限 1,000.00 元")


def test_a_loan_ending_on_new_years_day_has_no_days_in_the_new_year(lpr, suizhou, firm):
    loan(firm, "1000000", date(2024, 12, 1), date(2025, 1, 1))
    result = statement(firm, 2025)
    assert (result.lines, result.refused) == ([], [])


def test_exactly_half_a_fen_rounds_up_on_a_line_and_on_a_merged_line(lpr, suizhou, firm):
    # 3,000 × 1.38 % × 3/360 = 0.345: half up gives 0.35 (half to even would give 0.34)
    loan(firm, "3000", date(2024, 3, 1), date(2024, 3, 4))
    loan(firm, "3000", date(2024, 2, 19), date(2024, 2, 22))  # across the five-year-only LPR move: merged
    assert sorted((line.start, line.days, line.amount) for line in statement(firm, 2024).lines) == [
        (date(2024, 2, 19), 3, D("0.35")), (date(2024, 3, 1), 3, D("0.35"))
    ]  # fmt: skip


def test_a_loan_refused_for_several_reasons_lists_them_all(lpr, suizhou):
    firm = make_entity("宜都市多理由有限公司", "420581100", serial="00000316")
    suizhou.valid_from = date(2025, 7, 1)
    suizhou.save()
    loan(firm, "1000000", date(2025, 6, 1), date(2025, 8, 1))  # June: no rule; July: no qualification
    (refused,) = statement(firm, 2025).refused
    assert refused[1] == "企业不具备政策要求的资格（科技型中小企业）。；该期间无适用的贴息政策。"
