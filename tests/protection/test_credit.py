"""Protection feeds regulation: a decision that finds infringement or a violation writes each
respondent entity's credit record, named by the case, and grades it again at once; what was
imposed (fine, confiscation, goods), where it happened and the right concerned are kept; a
finding of no infringement, a natural person and a respondent not in the registry write nothing."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_entity, make_user, needs_chromium, region, shot, sign_in
from zhichan.credit import services as credit
from zhichan.credit.models import CreditGrade, CreditRecord, CreditScheme, GradeChange
from zhichan.entities.models import Entity
from zhichan.protection import cases
from zhichan.protection.models import Case, CaseKind, CaseStatus, PartyRole

S = CaseStatus


def penalty_case(respondent, *, requested=date(2026, 4, 1), natural: str = "", stranger: str = ""):
    case = cases.case_open(kind=CaseKind.COUNTERFEIT, region=region("420581"), title="销售假冒专利产品",
                           requested_on=requested, setting="ecommerce")  # fmt: skip
    cases.party_add(case=case, role=PartyRole.RESPONDENT, name=respondent.name, entity=respondent)
    if natural:
        cases.party_add(case=case, role=PartyRole.RESPONDENT, name=natural, natural_person=True)
    if stranger:
        cases.party_add(case=case, role=PartyRole.RESPONDENT, name=stranger, natural_person=False)
    case = cases.case_move(case=case, to=S.FILED, on=requested + timedelta(days=1))
    return cases.case_move(case=case, to=S.INVESTIGATING, on=requested + timedelta(days=2))


@pytest.mark.django_db
def test_a_penalty_decision_lowers_the_respondents_grade_naming_the_case():
    firm = make_entity("宜都市网销测试有限公司", "420581100", serial="00000701")
    credit.grades_compute(entities=Entity.objects.filter(pk=firm.pk), day=timezone.localdate())
    assert CreditGrade.objects.get(entity=firm).grade == "B"  # base 100
    case = penalty_case(firm, natural="李四", stranger="外省某贸易商行")
    assert case.right_kind == "patent" and case.setting == "ecommerce"  # implied by the kind; as opened
    on = date(2026, 5, 6)
    with pytest.raises(ValidationError, match="认定结果"):
        cases.case_move(case=case, to=S.DECIDED, on=on, outcome="罚款")
    with pytest.raises(ValidationError, match="罚款应为"):
        cases.case_move(case=case, to=S.DECIDED, on=on, outcome="罚款", finding="violation", fine="五万")
    with pytest.raises(ValidationError, match="不小于 0"):
        cases.case_move(case=case, to=S.DECIDED, on=on, outcome="罚款", finding="violation", fine="-1")
    with pytest.raises(ValidationError, match="只适用于认定违法"):
        cases.case_move(case=case, to=S.DECIDED, on=on, outcome="不予处罚", finding="none", fine="100")
    assert not CreditRecord.objects.exists()  # nothing written by a refused move
    case = cases.case_move(case=case, to=S.DECIDED, on=on, outcome="责令改正，罚款五万元", finding="violation",
                           fine="50,000", confiscated="3200.5", goods="假冒专利标识的包装盒 300 个")  # fmt: skip
    assert (str(case.fine), str(case.confiscated)) == ("50000.00", "3200.50")
    record = CreditRecord.objects.get()  # the firm only: not the person, not the unregistered trader
    assert (record.entity, record.code, record.occurred_on, record.case) == (
        firm,
        "counterfeit_patent",
        on,
        case,
    )
    assert (
        record.document == case.number and "罚款 50,000.00 元" in record.detail and "300 个" in record.detail
    )
    grade = CreditGrade.objects.get(entity=firm)
    assert (grade.score, grade.grade) == (70, "C")  # 100 − 30 (假冒专利行政处罚)
    reason = next(r for r in grade.reasons if r["rule"] == "counterfeit_patent")
    assert case.number in reason["fact"] and reason["case"] == case.pk
    change = GradeChange.objects.filter(entity=firm).first()
    assert (change.before, change.after, change.score) == ("B", "C", 70) and case.number in change.cause
    note = case.steps.filter(to_status=S.DECIDED).get().note
    assert "已写入 宜都市网销测试有限公司 的信用记录" in note and "外省某贸易商行 未关联登记主体" in note
    assert "李四" not in note


@pytest.mark.django_db
def test_adjudication_findings_and_what_writes_nothing():
    firm = make_entity("宜都市裁决测试有限公司", "420581100", serial="00000702")
    cleared = make_entity("宜都市不侵权测试有限公司", "420581100", serial="00000703")
    made = []
    for respondent, finding in ((firm, "violation"), (cleared, "none")):
        case = cases.case_open(kind=CaseKind.ADJUDICATION, region=region("420581"), title="发明专利侵权纠纷",
                               requested_on=date(2026, 3, 2))  # fmt: skip
        cases.party_add(case=case, role=PartyRole.RESPONDENT, name=respondent.name, entity=respondent)
        case = cases.case_move(case=case, to=S.FILED, on=date(2026, 3, 4))
        case = cases.case_move(case=case, to=S.SERVED, on=date(2026, 3, 6))
        case.deadlines.filter(limit__code="adj_answer").update(status="lapsed")
        with pytest.raises(ValidationError, match="只适用于"):  # an adjudication imposes no fine
            cases.case_move(
                case=case, to=S.DECIDED, on=date(2026, 4, 1), outcome="x", finding=finding, fine="1"
            )
        made.append(
            cases.case_move(case=case, to=S.DECIDED, on=date(2026, 4, 1), outcome="裁决", finding=finding)
        )
    record = CreditRecord.objects.get()
    assert (record.entity, record.code, record.case) == (firm, "infringement_found", made[0])
    assert CreditGrade.objects.get(entity=firm).score == 90  # −10, still B: graded, the change is a score
    assert not CreditGrade.objects.filter(entity=cleared).exists()
    assert GradeChange.objects.get(entity=firm).before == ""  # first graded by the decision
    # A mediation finds nothing: no finding is asked for and nothing is written.
    mediation = cases.case_open(kind=CaseKind.MEDIATION, region=region("420581"), title="专利纠纷调解",
                                requested_on=date(2026, 3, 2))  # fmt: skip
    cases.party_add(case=mediation, role=PartyRole.RESPONDENT, name=cleared.name, entity=cleared)
    for status in (S.FILED, S.MEDIATING, S.MEDIATED):
        mediation = cases.case_move(case=mediation, to=status, on=date(2026, 3, 9), outcome="达成协议")
    assert CreditRecord.objects.count() == 1


@pytest.mark.django_db
def test_without_a_scheme_the_record_is_kept_and_waits():
    firm = make_entity("宜都市无方案测试有限公司", "420581100", serial="00000704")
    CreditScheme.objects.update(is_current=False)
    case = penalty_case(firm)
    case = cases.case_move(case=case, to=S.DECIDED, on=date(2026, 5, 6), outcome="罚款", finding="violation")
    assert CreditRecord.objects.filter(entity=firm, case=case).exists()
    assert not CreditGrade.objects.filter(entity=firm).exists()
    assert "等级待评价" in case.steps.filter(to_status=S.DECIDED).get().note


@pytest.mark.django_db
def test_setting_and_right_are_kept_and_checked(client, roles):
    case = cases.case_open(kind=CaseKind.TRADEMARK, region=region("420581"), title="商标侵权",
                           requested_on=date(2026, 6, 1))  # fmt: skip
    assert case.right_kind == "trademark"
    with pytest.raises(ValidationError, match="发生场所"):
        cases.case_facts(case=case, setting="street", right_kind="gi")
    client.force_login(roles["county"])
    url = reverse("protection:case", args=[case.pk])
    client.post(url, {"action": "facts", "setting": "exhibition", "right_kind": "gi"})
    case.refresh_from_db()
    assert (case.setting, case.right_kind) == ("exhibition", "gi")
    page = client.get(url).content.decode()
    assert "展会" in page and "地理标志" in page and 'id="facts-form"' in page
    client.force_login(roles["other_county"])
    assert client.post(url, {"action": "facts", "setting": "market", "right_kind": ""}).status_code == 404
    case.refresh_from_db()
    assert case.setting == "exhibition"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree", "committed_limits")
@needs_chromium
def test_a_decided_case_lowers_the_grade_in_a_browser(page):
    if not CreditScheme.objects.exists():  # migration data, emptied by a transactional test's flush
        importlib.import_module("zhichan.credit.migrations.0002_default_scheme").load(apps, None)
    make_user("b_credit", region_code="420581")
    firm = make_entity("宜都市浏览器处罚测试有限公司", "420581100", serial="00000705")
    today = timezone.localdate()
    credit.grades_compute(entities=Entity.objects.filter(pk=firm.pk), day=today)
    case = penalty_case(firm, requested=today - timedelta(days=20))
    sign_in(page, "b_credit", then=f"/protection/cases/{case.pk}/")
    form = page.locator("#move-form")
    form.locator("select[name=to]").select_option(label="已裁决/已作出决定")
    form.locator("input[name=outcome]").fill("责令改正，罚款两万元，没收侵权产品")
    form.locator("select[name=finding]").select_option(value="violation")
    form.locator("input[name=fine]").fill("20000")
    form.locator("input[name=goods]").fill("标注失效专利号的产品 80 件")
    form.locator("button").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "已裁决/已作出决定"
    assert "20000" in page.locator("#case-penalty").inner_text()
    assert "假冒专利行政处罚" in page.locator("#case-credit").inner_text()
    assert "C" in page.locator("#case-credit strong").inner_text()
    shot(page, "protection-credit-1-decided")
    page.locator("#case-credit a").first.click()
    page.wait_for_load_state()
    body = page.content()
    assert "等级 <strong>C</strong>" in body and Case.objects.get().number in body
    assert "B" in page.locator("#grade-changes").inner_text()
    shot(page, "protection-credit-2-grade")
