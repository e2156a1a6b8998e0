"""The items a claim names — a loan of the year, a policy, a project's stage — refused exactly when
they are not the applicant's own, not of the year or category, or malformed; pre-filled with
their words; and the caps and lengths that bound what is paid and written."""

from datetime import date
from decimal import Decimal

import pytest

from tests.awards.test_awards import programme, running, staged
from tests.awards.test_interest import batch, loan, setting  # noqa: F401  (the fixture)
from tests.conftest import make_entity
from zhichan.awards import services
from zhichan.awards.models import AwardRule, RuleKind
from zhichan.finance.models import Pledge

pytestmark = pytest.mark.django_db
D = Decimal
STAGES = [["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]]


def check(rule, entity, key):
    claim = services.verify(rule, entity, services.Item(key, key))
    return claim.eligible, claim.amount, claim.reason


def test_loan_keys_and_the_reasons_a_loan_gets_nothing(setting):  # noqa: F811  (the imported fixture)
    firm = setting
    rule = batch("2025年贴息").rules.get()
    paid = loan(firm, date(2025, 1, 1), "ZY-1")
    unfinished = Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行", amount=D("1000000"),
                                       registered_on=date(2025, 2, 1), loan_start=date(2025, 2, 1), region=firm.region)  # fmt: skip
    ended = Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="测试银行", amount=D("1000000"),
                                  registered_on=date(2024, 1, 1), loan_start=date(2024, 1, 1),
                                  loan_end=date(2024, 12, 31), region=firm.region)  # fmt: skip
    wrong = (False, D("0"), "贴息事项应为本年度（2025）的质押贷款。")
    for key in ("loan:ab:2025", f"lease:{paid.pk}:2025", f"loan:{paid.pk}", f"loan:{paid.pk}:2025:1"):
        assert check(rule, firm, key) == wrong
    assert check(rule, firm, f"loan:{unfinished.pk}:2025") == (
        False,
        D("0"),
        "缺少贷款到期日或还清日，无法计算。",
    )
    assert check(rule, firm, f"loan:{ended.pk}:2025") == (False, D("0"), "该贷款在 2025 年没有计息天数。")
    assert check(rule, firm, f"loan:{paid.pk}:2025")[:2] == (True, D("123211.11"))
    own_cap = AwardRule.objects.create(programme=rule.programme, name="贴息（本项目上限5万元）", kind=RuleKind.INTEREST,
                                       category="interest_own_cap", amount=D("0"), cap_per_entity=D("50000"))  # fmt: skip
    assert services.entity_cap(own_cap, firm) == D("50000")  # its own cap before the subsidy rules' 200,000
    assert services.entity_cap(rule, firm) == D("200000")


def test_project_keys_are_the_entitys_own_projects_of_the_category():
    firm = make_entity("宜都市项目键测试有限公司", "420581100", serial="00000941")
    other = make_entity("宜都市他人项目有限公司", "420581100", serial="00000942")
    prog, _inv = programme(2025)
    rule = staged(prog, D("300000"), STAGES)
    elsewhere = staged(prog, D("300000"), STAGES, category="hv_other", name="另一类别")
    mine = running(rule, firm, D("100000"), title="本单位项目")
    theirs = running(rule, other, D("100000"), title="他人项目")
    other_category = running(elsewhere, firm, D("100000"), title="另一类别项目")
    assert [(i.key, i.description) for i in services.prefill(rule, firm)] == [
        (f"project:{mine.pk}:立项", "本单位项目：立项")
    ]
    generic = (False, D("0"), "分阶段资助应对应本单位已立项的培育项目。")
    assert check(rule, firm, f"x:{mine.pk}:立项") == generic
    assert check(rule, firm, f"project:x{mine.pk}:立项") == generic
    assert check(rule, firm, f"project:{mine.pk}:立项:x") == (False, D("0"), "没有该阶段：立项:x。")
    foreign = (False, D("0"), "不是本单位在该类别下立项的培育项目。")
    assert check(rule, firm, f"project:{theirs.pk}:立项") == foreign
    assert check(rule, firm, f"project:{other_category.pk}:立项") == foreign
    long = check(rule, firm, f"project:{mine.pk}:" + "阶" * 600)
    assert (long[0], len(long[2])) == (False, 500)


def test_policy_items_are_described_as_the_policy(roles):
    from tests.finance.test_insurance import policy

    prog, _inv = programme(2025)
    rule = AwardRule.objects.create(programme=prog, name="保费补贴", kind=RuleKind.PREMIUM, category="premium",
                                    amount=D("0"), ratio=D("0.5"))  # fmt: skip
    held = policy(roles["yidu_firm"], "P-7", "6000.01", date(2025, 2, 1))
    assert [(i.key, i.description) for i in services.prefill(rule, roles["yidu_firm"])] == [
        (f"policy:{held.pk}", "人保财险宜昌分公司 P-7 保费 6,000.01 元（2025-02-01 起）")
    ]
