"""What comes back after a hand-over: the police's receipt and decision on a transferred case (with
the office's 3-day limit to ask for review of a refusal), a court's confirmation of a mediation
agreement, a referral's outcome at court or arbitration — each a step with its content, the file
closing only after them, the office's own conclusion date kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import region
from zhichan.protection import cases
from zhichan.protection.models import CaseKind, CaseStatus

pytestmark = pytest.mark.django_db
S = CaseStatus


def opened(kind, requested=date(2026, 3, 2)):
    return cases.case_open(
        kind=kind, region=region("420581"), title="涉嫌假冒注册商标罪线索", requested_on=requested
    )


def test_a_transfer_to_the_police_waits_for_their_receipt_and_decision():
    case = opened(CaseKind.CRIMINAL)
    case = cases.case_move(case=case, to=S.APPROVED, on=date(2026, 3, 3))
    case = cases.case_move(
        case=case, to=S.TRANSFERRED, on=date(2026, 3, 4), outcome="移送宜都市公安局，附涉案物品清单"
    )
    assert case.decided_on == date(2026, 3, 4)
    with pytest.raises(ValidationError, match="不能从"):
        cases.case_move(case=case, to=S.CLOSED, on=date(2026, 3, 5), outcome="结案")  # not before the receipt
    case = cases.case_move(
        case=case, to=S.POLICE_RECEIVED, on=date(2026, 3, 5), note="回执：宜公（经）受字〔2026〕12号"
    )
    with pytest.raises(ValidationError, match="处理结果"):
        cases.case_move(case=case, to=S.POLICE_DECLINED, on=date(2026, 3, 9))
    case = cases.case_move(
        case=case, to=S.POLICE_DECLINED, on=date(2026, 3, 9), outcome="认为涉案金额未达立案追诉标准"
    )
    review = case.deadlines.get(limit__code="crim_review")
    assert (review.due_on, review.status) == (date(2026, 3, 12), "open")  # three days from the notice
    assert "第九条" in review.limit.basis and not review.limit.sure
    case = cases.case_move(
        case=case, to=S.REVIEW, on=date(2026, 3, 11), note="提请复议，并抄送宜都市人民检察院"
    )
    assert case.deadlines.get(limit__code="crim_review").status == "met"
    case = cases.case_move(case=case, to=S.POLICE_FILED, on=date(2026, 3, 16), outcome="复议后立案侦查")
    case = cases.case_move(case=case, to=S.CLOSED, on=date(2026, 3, 20), outcome="归档")
    assert case.decided_on == date(2026, 3, 4) and case.cycle_days is None  # never filed as an office case
    assert [s.to_status for s in case.steps.filter(action="move")] == [
        "approved", "transferred", "police_recv", "police_no", "review", "police_filed", "closed"]  # fmt: skip


def test_mediation_agreements_confirmed_and_referrals_answered():
    mediation = opened(CaseKind.MEDIATION)
    for status, day in ((S.FILED, 3), (S.MEDIATING, 5)):
        mediation = cases.case_move(case=mediation, to=status, on=date(2026, 3, day))
    mediation = cases.case_move(
        case=mediation, to=S.MEDIATED, on=date(2026, 3, 20), outcome="被请求人赔偿 5 万元"
    )
    with pytest.raises(ValidationError, match="处理结果"):
        cases.case_move(case=mediation, to=S.CONFIRMED, on=date(2026, 3, 30))
    mediation = cases.case_move(case=mediation, to=S.CONFIRMED, on=date(2026, 3, 30),
                                outcome="宜都市人民法院（2026）鄂0581民特12号裁定确认调解协议有效")  # fmt: skip
    assert mediation.decided_on == date(2026, 3, 20) and mediation.cycle_days == 17  # the office's part
    assert mediation.outcome.startswith("被请求人赔偿 5 万元\n2026-03-30 调解协议已司法确认：宜都市人民法院")
    assert "民特12号" in mediation.steps.get(to_status=S.CONFIRMED).note

    referral = opened(CaseKind.REFERRAL)
    referral = cases.case_move(
        case=referral, to=S.REFERRED, on=date(2026, 3, 4), outcome="移交宜都市人民法院诉前调解"
    )
    referral = cases.case_move(case=referral, to=S.FAILED, on=date(2026, 4, 1), outcome="诉前调解不成")
    referral = cases.case_move(
        case=referral, to=S.JUDGED, on=date(2026, 6, 1), outcome="法院判决停止侵权、赔偿 8 万元"
    )
    referral = cases.case_move(case=referral, to=S.CLOSED, on=date(2026, 6, 2), outcome="归档")
    assert referral.decided_on == date(2026, 3, 4)  # the referral is the office's conclusion
    arbitration = opened(CaseKind.REFERRAL)
    arbitration = cases.case_move(
        case=arbitration, to=S.REFERRED, on=date(2026, 3, 4), outcome="移交宜昌仲裁委员会"
    )
    arbitration = cases.case_move(
        case=arbitration, to=S.ARBITRATED, on=date(2026, 5, 4), outcome="裁决赔偿 3 万元"
    )
    assert arbitration.status == S.ARBITRATED
