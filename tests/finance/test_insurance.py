"""IP insurance: premium subsidies through an awards rule (the product's share, the rule's cap),
claims within the policy's period and cover, the policy's 已赔付 kept as the sum of its claims."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.awards.test_awards import programme
from tests.conftest import region
from zhichan.awards import services
from zhichan.awards.models import AwardRule, RuleKind
from zhichan.finance import insurance
from zhichan.finance.models import InsuranceClaimStatus, InsuranceKind, InsurancePolicy, InsuranceProduct

pytestmark = pytest.mark.django_db
D = Decimal


def policy(entity, number: str, premium: str, starts: date, product=None) -> InsurancePolicy:
    return InsurancePolicy.objects.create(
        product=product, number=number, kind=InsuranceKind.ENFORCEMENT, insurer="人保财险宜昌分公司", insured=entity,
        premium=D(premium), coverage=D("500000"), starts_on=starts, ends_on=starts.replace(year=starts.year + 1),
        region=region("420581"),
    )  # fmt: skip


def test_premium_subsidy_through_an_award_rule(roles):
    firm = roles["yidu_firm"]
    product = InsuranceProduct.objects.create(name="知识产权维权费用保险", insurer="人保财险宜昌分公司",
                                              kind=InsuranceKind.ENFORCEMENT, region=region("420581"),
                                              subsidy_share=D("50"))  # fmt: skip
    prog, _inv = programme(2025)
    rule = AwardRule.objects.create(programme=prog, name="知识产权保险保费补贴", kind=RuleKind.PREMIUM,
                                    category="ip_insurance_premium", amount=D("0"), ratio=D("0.3"),
                                    cap_per_item=D("8000"))  # fmt: skip
    with_product = policy(firm, "PICC-2025-01", "12000", date(2025, 4, 1), product)
    without = policy(firm, "PICC-2025-02", "10000", date(2025, 9, 1))
    last_year = policy(firm, "PICC-2024-09", "10000", date(2024, 9, 1), product)
    application = services.application_build(programme=prog, entity=firm)
    found = {c.key: (c.eligible, c.amount, c.reason) for c in application.claims.filter(rule=rule)}
    assert found == {
        f"policy:{with_product.pk}": (True, D("6000.00"), "保费 12,000.00 元 × 产品补贴比例 0.5"),
        f"policy:{without.pk}": (True, D("3000.00"), "保费 10,000.00 元 × 规则补贴比例 0.3"),
    }  # the 2024 policy is not pre-filled, and refused when entered
    refused = services.claim_add(
        application=application, rule=rule, key=f"policy:{last_year.pk}", description="上年保单"
    )
    assert refused.reason == "不是本单位在 2025 年投保的保单。"
    big = policy(firm, "PICC-2025-03", "40000", date(2025, 10, 1), product)
    capped = services.verify(rule, firm, services.Item(f"policy:{big.pk}", "大额保单"))
    assert (capped.amount, capped.reason) == (
        D("8000"),
        "保费 40,000.00 元 × 产品补贴比例 0.5，单项上限 8,000.00 元",
    )


def test_claims_within_the_period_and_the_cover(roles):
    held = policy(roles["yidu_firm"], "PICC-2025-11", "12000", date(2025, 4, 1))
    with pytest.raises(ValidationError, match="不在保险期间"):
        insurance.claim_report(policy=held, incident_on=date(2026, 4, 2), reported_on=date(2026, 4, 3),
                               description="起诉侵权方", claimed=D("1"))  # fmt: skip
    first = insurance.claim_report(policy=held, incident_on=date(2025, 6, 1), reported_on=date(2025, 6, 3),
                                   description="起诉电商平台侵权店铺", claimed=D("320000"))  # fmt: skip
    second = insurance.claim_report(policy=held, incident_on=date(2025, 11, 1), reported_on=date(2025, 11, 5),
                                    description="展会侵权维权", claimed=D("300000"))  # fmt: skip
    insurance.claim_decide(
        claim=first, paid=D("300000"), note="律师费、诉讼费按约定比例赔付", on=date(2025, 8, 1)
    )
    with pytest.raises(ValidationError, match=r"剩余保额（200,000\.00 元）"):
        insurance.claim_decide(claim=second, paid=D("250000"), note="", on=date(2025, 12, 1))
    with pytest.raises(ValidationError, match="拒赔须写明理由"):
        insurance.claim_decide(claim=second, paid=None, note="", on=date(2025, 12, 1))
    insurance.claim_decide(claim=second, paid=D("200000"), note="保额用尽", on=date(2025, 12, 1))
    held.refresh_from_db()
    assert held.claims_paid == D("500000.00")
    second.refresh_from_db()
    assert (second.status, second.paid) == (InsuranceClaimStatus.PAID, D("200000"))
    with pytest.raises(ValidationError, match="已结案"):
        insurance.claim_decide(claim=second, paid=None, note="x", on=date(2025, 12, 2))


def test_the_policy_page_records_a_claim_for_its_office_only(client, roles):
    held = policy(roles["yidu_firm"], "PICC-2025-21", "12000", date(2025, 4, 1))
    url = reverse("finance:insurance_policy", args=[held.pk])
    client.force_login(roles["other_county"])
    assert client.get(url).status_code == 404
    client.force_login(roles["county"])
    client.post(url, {"action": "report", "incident_on": "2025-05-01", "reported_on": "2025-05-02",
                      "description": "被诉侵权应诉", "claimed": "80,000"})  # fmt: skip
    claim = held.claims.get()
    client.post(url, {"action": "refuse", "claim": claim.pk, "note": "不属保险责任", "on": "2025-06-01"})
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (InsuranceClaimStatus.REFUSED, "不属保险责任")
    assert "不属保险责任" in client.get(url).content.decode()
    assert held.number in client.get(reverse("finance:insurance")).content.decode()


def test_claims_refused_with_exact_reasons_and_the_edges_of_the_period(roles):
    held = policy(roles["yidu_firm"], "PICC-2025-31", "12000", date(2025, 4, 1))  # 2025-04-01 to 2026-04-01

    def refusal(**changes) -> dict:
        values = dict(policy=held, incident_on=date(2025, 6, 1), reported_on=date(2025, 6, 1), description="维权",
                      claimed=D("1000")) | changes  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            insurance.claim_report(**values)
        return refused.value.message_dict

    assert refusal(incident_on=date(2025, 3, 31)) == {
        "incident_on": ["出险日不在保险期间（2025-04-01 至 2026-04-01）内。"]
    }
    assert refusal(incident_on=date(2026, 4, 2)) == {
        "incident_on": ["出险日不在保险期间（2025-04-01 至 2026-04-01）内。"]
    }
    assert refusal(reported_on=date(2025, 5, 31)) == {"reported_on": ["报案日不能早于出险日。"]}
    assert refusal(claimed=D("0")) == {"claimed": ["索赔金额应大于零。"]}
    assert refusal(description="  ") == {"description": ["请说明出险情况。"]}
    first = insurance.claim_report(policy=held, incident_on=date(2025, 4, 1), reported_on=date(2025, 4, 1),
                                   description="起" * 600, claimed=D("0.5"), user=roles["county"])  # fmt: skip
    last = insurance.claim_report(policy=held, incident_on=date(2026, 4, 1), reported_on=date(2026, 4, 1),
                                  description=" 应诉 ", claimed=D("1"))  # fmt: skip
    first.refresh_from_db()
    assert (len(first.description), first.claimed, first.entered_by) == (500, D("0.50"), roles["county"])
    assert (last.description, last.entered_by) == ("应诉", None)
    assert insurance.paid_total(held) == D("0.00")


def test_a_premium_claim_names_only_the_entitys_own_policy_of_the_year(roles):
    firm, other = roles["yidu_firm"], roles["zhijiang_firm"]
    prog, _inv = programme(2025)
    no_ratio = AwardRule.objects.create(programme=prog, name="保费补贴（按产品）", kind=RuleKind.PREMIUM,
                                        category="premium_a", amount=D("0"), cap_per_item=D("3000"))  # fmt: skip
    product = InsuranceProduct.objects.create(name="维权险", insurer="平安", kind=InsuranceKind.ENFORCEMENT,
                                              region=region("420581"), subsidy_share=D("50"))  # fmt: skip
    late = policy(firm, "P-2", "6000", date(2025, 9, 1), product)
    early = policy(firm, "P-1", "6000.01", date(2025, 2, 1), product)
    same_day = policy(firm, "P-0", "100", date(2025, 9, 1))
    theirs = policy(other, "P-9", "6000", date(2025, 2, 1), product)

    def check(key):
        claim = services.verify(no_ratio, firm, services.Item(key, key))
        return claim.eligible, claim.amount, claim.reason

    assert [i.key for i in services.prefill(no_ratio, firm)] == [
        f"policy:{p.pk}" for p in (early, late, same_day)
    ]
    assert check(f"policy:{late.pk}") == (
        True,
        D("3000.00"),
        "保费 6,000.00 元 × 产品补贴比例 0.5",
    )  # the cap itself
    assert check(f"policy:{early.pk}") == (
        True,
        D("3000"),
        "保费 6,000.01 元 × 产品补贴比例 0.5，单项上限 3,000.00 元",
    )
    assert check(f"policy:{theirs.pk}") == (False, D("0"), "不是本单位在 2025 年投保的保单。")
    assert check(f"policy:{same_day.pk}") == (
        False,
        D("0"),
        "保单未对应设有保费补贴比例的保险产品，规则也未设比例。",
    )
    for key in ("policy:x", f"cover:{late.pk}", f"policy:{late.pk}:1"):
        assert check(key) == (False, D("0"), "保费补贴应对应本单位的保单。")
    halves = AwardRule.objects.create(programme=prog, name="保费补贴（按比例）", kind=RuleKind.PREMIUM,
                                      category="premium_b", amount=D("0"), ratio=D("0.25"))  # fmt: skip
    odd = policy(firm, "P-3", "100.02", date(2025, 10, 1))  # 25.005, half up
    assert services.verify(halves, firm, services.Item(f"policy:{odd.pk}", "x")).amount == D("25.01")
