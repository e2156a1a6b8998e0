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
