"""Cases: the adjudication workflow with its dated limits worked by hand (working days, natural
days rolled past rest days, months), the answer-period guard, suspension stopping the clock,
extension once, conversion of a simple case, the worker's alerts (office) and lapses (party),
disclosure without personal data, the cycle indicator, experts, workstations feeding the
subsidy programme, and warnings matched to firms by IPC."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_entity, region
from tests.monitor.test_compute import patent
from zhichan.agencies.models import Expert, ExpertKind
from zhichan.assets.models import Trademark
from zhichan.awards import services as awards
from zhichan.awards.models import AwardRule, ItemSource, Programme, RuleKind
from zhichan.monitor.compute import board, context
from zhichan.protection import cases, disclosure, network, services, stats
from zhichan.protection.models import (
    CaseKind,
    CaseStatus,
    DeadlineStatus,
    PartyRole,
    RiskWarning,
    Workstation,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
S = CaseStatus


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI)


def open_case(kind=CaseKind.ADJUDICATION, requested=date(2026, 3, 2), **extra):
    return cases.case_open(kind=kind, region=region("420581"), title="某公司涉嫌侵犯发明专利权纠纷",
                           requested_on=requested, **extra)  # fmt: skip


def due(case, code):
    return case.deadlines.get(limit__code=code, status__in=["open", "paused", "met", "missed", "lapsed"])


def test_adjudication_limits_guard_suspension_and_cycle():
    case = open_case()
    assert case.number == "宜都知裁字〔2026〕1号" and open_case().number == "宜都知裁字〔2026〕2号"
    # 立案 within 5 working days of Monday 2 March 2026: Monday 9 March; the 2025 row of 令81 applies.
    assert due(case, "adj_file").due_on == date(2026, 3, 9)
    assert "81号" in due(case, "adj_file").limit.basis and not due(case, "adj_file").limit.sure
    with pytest.raises(ValidationError, match="不能从"):
        cases.case_move(case=case, to=S.DECIDED, on=date(2026, 3, 3), outcome="x")
    case = cases.case_move(case=case, to=S.FILED, on=date(2026, 3, 4))
    assert due(case, "adj_file").status == DeadlineStatus.MET
    assert due(case, "adj_serve").due_on == date(2026, 3, 11)
    assert due(case, "adj_close").due_on == date(2026, 6, 4)  # three months from filing
    case = cases.case_move(case=case, to=S.SERVED, on=date(2026, 3, 6))
    assert due(case, "adj_answer").due_on == date(2026, 3, 23)  # 15 days end on Saturday 21 → Monday 23
    with pytest.raises(ValidationError, match="答辩期"):
        cases.case_move(case=case, to=S.DECIDED, on=date(2026, 3, 10), outcome="裁决侵权成立")
    cases.case_suspend(case=case, reason="被请求人已请求宣告专利权无效", on=date(2026, 3, 12))
    case.refresh_from_db()
    assert case.deadlines.filter(status=DeadlineStatus.PAUSED).count() == 2  # the answer period and closing
    with pytest.raises(ValidationError, match="中止"):
        cases.case_move(case=case, to=S.ANSWERED, on=date(2026, 3, 13))
    services.deadlines_watch(now=at(date(2026, 7, 1)))
    assert set(case.deadlines.exclude(status="met").values_list("status", flat=True)) == {
        "paused"
    }  # no alert
    case = cases.case_resume(case=case, on=date(2026, 4, 11))  # 30 days later
    assert case.suspended_days == 30
    assert due(case, "adj_close").due_on == date(2026, 7, 6)  # 4 June + 30 = Saturday 4 July → Monday 6 July
    # The answer period's 15 days ended on Saturday 21 March (moved to the 23rd): 30 days on from
    # the 21st is Monday 20 April, not the 22nd that counting from the moved day gives.
    assert due(case, "adj_answer").due_on == date(2026, 4, 20)
    case = cases.case_move(case=case, to=S.ANSWERED, on=date(2026, 4, 15))
    case = cases.case_move(case=case, to=S.HEARING, on=date(2026, 4, 20))
    with pytest.raises(ValidationError, match="处理结果"):
        cases.case_move(case=case, to=S.DECIDED, on=date(2026, 5, 20))
    with pytest.raises(ValidationError, match="认定结果"):
        cases.case_move(case=case, to=S.DECIDED, on=date(2026, 5, 20), outcome="责令立即停止侵权行为")
    case = cases.case_move(
        case=case, to=S.DECIDED, on=date(2026, 5, 20), outcome="责令立即停止侵权行为", finding="violation"
    )
    assert (case.cycle_days, case.clock_days) == (77, 47)
    assert due(case, "adj_close").status == DeadlineStatus.MET
    case = cases.case_move(case=case, to=S.CLOSED, on=date(2026, 5, 25))
    assert case.closed_on == date(2026, 5, 25) and cases.allowed_moves(case) == []
    assert [s.action for s in case.steps.all()] == ["open", "move", "move", "suspend", "resume", "move", "move",
                                                    "move", "move"]  # fmt: skip


def test_the_worker_alerts_the_office_and_lets_a_party_limit_lapse():
    case = open_case(requested=date(2026, 9, 30))
    # 5 working days from 30 September: 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert due(case, "adj_file").due_on == date(2026, 10, 13)
    assert services.deadlines_watch(now=at(date(2026, 10, 13)))["alerted"] == 0
    assert services.deadlines_watch(now=at(date(2026, 10, 14)))["alerted"] == 1
    assert due(case, "adj_file").status == DeadlineStatus.MISSED
    case = cases.case_move(case=case, to=S.FILED, on=date(2026, 10, 14))
    case = cases.case_move(case=case, to=S.SERVED, on=date(2026, 10, 15))
    found = services.deadlines_watch(now=at(date(2026, 11, 5)))
    assert (found["lapsed"], found["alerted"]) == (1, 0)  # the answer period ran out: no alert
    assert due(case, "adj_answer").status == DeadlineStatus.LAPSED
    case = cases.case_move(
        case=case, to=S.DECIDED, on=date(2026, 11, 5), outcome="裁决侵权成立", finding="violation"
    )  # guard lifted


def test_extension_once_and_conversion_of_a_simple_case():
    case = open_case(kind=CaseKind.SIMPLE)
    case = cases.case_move(case=case, to=S.FILED, on=date(2026, 3, 4))
    assert due(case, "simple_close").due_on == date(2026, 4, 7)  # 4 April is a Saturday, 6 April 清明 holiday
    with pytest.raises(ValidationError, match="批准人"):
        cases.case_extend(case=case, on=date(2026, 3, 20), approval="")
    cases.case_extend(case=case, on=date(2026, 3, 20), approval="局长张某批准：需补充技术比对")
    # one month more from 4 April (the counted day, not the 7th it moved to): Monday 4 May, in the
    # May Day holiday (to the 5th) → Wednesday 6 May
    assert due(case, "simple_close").due_on == date(2026, 5, 6)
    with pytest.raises(ValidationError, match="一次"):
        cases.case_extend(case=case, on=date(2026, 3, 21), approval="再次延长")
    case = cases.case_convert(case=case, on=date(2026, 3, 25), reason="需技术调查")
    assert case.kind == CaseKind.ADJUDICATION
    assert case.deadlines.get(limit__code="simple_close").status == DeadlineStatus.CANCELLED
    assert due(case, "adj_close").due_on == date(2026, 6, 4)  # from the original filing date


def test_limits_follow_the_date_the_clock_started():
    old = open_case(requested=date(2024, 11, 4))
    assert "71号" in due(old, "adj_file").limit.basis
    assert "81号" in due(open_case(requested=date(2025, 2, 5)), "adj_file").limit.basis
    # 令第81号 "自2025年2月1日起施行": a clock that starts that very day runs under it.
    assert "81号" in due(open_case(requested=date(2025, 2, 1)), "adj_file").limit.basis
    assert "71号" in due(open_case(requested=date(2025, 1, 31)), "adj_file").limit.basis


def natural_person_case():
    case = open_case(kind=CaseKind.COUNTERFEIT, requested=date(2026, 4, 1))
    cases.party_add(case=case, role=PartyRole.REQUESTER, name="宜都市维权测试有限公司")
    cases.party_add(case=case, role=PartyRole.RESPONDENT, name="张三丰", natural_person=True,
                    id_number="420581199001011234", phone="13912345678", address="宜都市陆城街道清江大道1号")  # fmt: skip
    case.summary = "经查，张三丰（电话13912345678）在宜都市陆城街道清江大道1号销售标注他人专利号的产品。"
    case.save()
    case = cases.case_move(case=case, to=S.FILED, on=date(2026, 4, 2))
    case = cases.case_move(case=case, to=S.INVESTIGATING, on=date(2026, 4, 3))
    return cases.case_move(case=case, to=S.DECIDED, on=date(2026, 5, 6), finding="violation", confiscated="3200",
                           outcome="对张三丰作出责令改正、没收违法所得的处罚决定；联系邮箱 zsf@example.com。")  # fmt: skip


def test_a_published_decision_contains_no_personal_data(client):
    case = natural_person_case()
    publish_due = due(case, "pen_publish")
    assert (publish_due.limit.amount, publish_due.limit.sure) == (20, True)
    item = disclosure.disclosure_publish(
        case=case, on=date(2026, 5, 12), typical=True, typical_note="网售假冒专利"
    )
    assert due(case, "pen_publish").status == DeadlineStatus.MET
    text = " ".join(item.body.values())
    for secret in ("张三丰", "420581199001011234", "13912345678", "清江大道1号", "zsf@example.com"):
        assert secret not in text
    assert "张某" in item.body["parties"] and "宜都市维权测试有限公司" in item.body["parties"]
    page = client.get(reverse("protection:disclosure", args=[item.pk])).content.decode()
    assert "张某" in page and "张三丰" not in page and "13912345678" not in page
    assert item.title in client.get(reverse("protection:disclosures") + "?typical=1").content.decode()


def test_party_details_only_for_the_handler(client, roles):
    case = natural_person_case()
    case.handler = roles["county"]
    case.save()
    client.force_login(roles["city"])  # sees the case (in the city), not the person's details
    page = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert case.number in page and "13912345678" not in page and "420581199001011234" not in page
    client.force_login(roles["county"])
    assert "13912345678" in client.get(reverse("protection:case", args=[case.pk])).content.decode()
    client.force_login(roles["other_county"])
    assert client.get(reverse("protection:case", args=[case.pk])).status_code == 404


def concluded(requested, filed, decided):
    case = open_case(requested=requested)
    case = cases.case_move(case=case, to=S.FILED, on=filed)
    case.deadlines.filter(limit__code="adj_answer").delete()
    case = cases.case_move(case=case, to=S.SERVED, on=filed)
    case.deadlines.filter(limit__code="adj_answer").update(status=DeadlineStatus.LAPSED)
    return cases.case_move(case=case, to=S.DECIDED, on=decided, outcome="裁决", finding="none")


def test_cycle_indicator_and_distribution(client, roles):
    first = concluded(date(2026, 1, 5), date(2026, 1, 6), date(2026, 2, 15))  # 40 days
    second = concluded(date(2026, 2, 2), date(2026, 2, 3), date(2026, 4, 24))  # 80 days
    open_case(requested=date(2026, 5, 6))  # not concluded: not counted
    cell = board([region("420581")], context(date(2026, 6, 30)), ["case_cycle_days"])["420581"][
        "case_cycle_days"
    ]
    assert (cell.value, cell.numerator, cell.denominator) == (Decimal("60.0"), 120, 2)
    rows = stats.cycle_table(cases.Case.objects.all(), date(2026, 1, 1), date(2026, 6, 30))
    total = rows[0]
    assert (total.count, total.mean, total.within_target, total.buckets) == (
        2,
        Decimal("60.0"),
        1,
        [0, 1, 1, 0, 0],
    )
    assert total.longest[0].cycle_days == 80
    zhijiang = board([region("420583")], context(date(2026, 6, 30)), ["case_cycle_days"])["420583"]
    assert zhijiang["case_cycle_days"].value is None  # no cases there
    client.force_login(roles["county"])  # the figure drills down to the cases it counted
    query = {"region": "420581", "as_of": "2026-06-30", "indicator": "case_cycle_days", "part": "denominator"}
    page = client.get(reverse("monitor:records"), query).content.decode()
    assert first.number in page and second.number in page


def test_documents_keep_versions_and_experts_with_conflicts_are_refused(roles):
    case = open_case()
    first = cases.document_add(
        case=case, title="请求书", upload=SimpleUploadedFile("请求书.pdf", b"%PDF-1.4 v1")
    )
    second = cases.document_add(case=case, title="", upload=SimpleUploadedFile("请求书2.pdf", b"%PDF-1.4 v2"),
                                document=first.document)  # fmt: skip
    assert (first.number, second.number) == (1, 2) and first.sha256 != second.sha256
    assert list(first.document.versions.values_list("number", flat=True)) == [2, 1]
    cases.party_add(case=case, role=PartyRole.RESPONDENT, name="宜都市测试化工有限公司")
    assert case.parties.get().entity == roles["yidu_firm"]
    expert = dict(
        region=region("420581"),
        kind=ExpertKind.INVESTIGATOR,
        specialities="化工",
        confirmed_on=date(2026, 1, 1),
    )
    insider = Expert.objects.create(name="李工", unit="宜都市测试化工有限公司", **expert)
    outsider = Expert.objects.create(name="王工", unit="三峡大学", **expert)
    with pytest.raises(ValidationError, match="回避"):
        cases.expert_assign(
            case=case, expert=insider, role="技术调查官", on=date(2026, 3, 5), no_conflict=True
        )
    with pytest.raises(ValidationError, match="利害关系"):
        cases.expert_assign(
            case=case, expert=outsider, role="技术调查官", on=date(2026, 3, 5), no_conflict=False
        )
    cases.expert_assign(case=case, expert=outsider, role="技术调查官", on=date(2026, 3, 5), no_conflict=True)
    assert case.assignments.get().expert == outsider


def test_rights_show_their_status_on_the_infringement_date(roles):
    held = patent("420581", filed=date(2015, 3, 4), granted=date(2017, 5, 6), holder=roles["yidu_firm"])
    case = open_case(infringed_on=date(2016, 6, 1))
    right = cases.right_add(case=case, number=held.number)
    assert right.patent == held
    assert cases.right_status(right, case.infringed_on) == "2016-06-01：审中"  # granted only in 2017
    assert cases.right_status(right, date(2020, 1, 1)) == "2020-01-01：有效"
    unknown = cases.right_add(case=case, number="ZL9999")
    assert cases.right_status(unknown, date(2020, 1, 1)) == "登记簿中没有该权利，请核对权利证明"


def test_complaint_becomes_a_case_and_the_complaint_moves_on():
    complaint = services.complaint_file(kind="complaint", region=region("420581"), phone="13800001234",
                                        subject="宜都市某商行", description="销售侵犯本公司发明专利权的产品。",
                                        name="宜都市维权测试有限公司", received_on=date(2026, 3, 2))  # fmt: skip
    case = cases.case_from_complaint(complaint=complaint, kind=CaseKind.ADJUDICATION, on=date(2026, 3, 3))
    complaint.refresh_from_db()
    assert complaint.status == "referred" and case.complaint == complaint
    assert sorted(case.parties.values_list("role", flat=True)) == ["requester", "respondent"]


def test_a_passed_workstation_review_is_what_the_subsidy_pays(roles):
    station = Workstation.objects.create(kind="protection", name="红花套镇知识产权保护工作站", region=region("420581100"),
                                         address="红花套镇", host=roles["yidu_firm"], established_on=date(2025, 3, 1))  # fmt: skip
    network.service_log(station=station, on=date(2026, 4, 2), kind="consultation", count=12)
    network.service_log(station=station, on=date(2026, 5, 9), kind="training", count=60)
    with pytest.raises(ValidationError):
        network.service_log(station=station, on=date(2025, 1, 1), kind="consultation")  # before it existed
    programme = Programme.objects.create(name="2026年保护工作站补助", basis="《随州市知识产权强市建设实施方案》", region=region("420581"),
                                         year=2026, budget=100000, opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 31))  # fmt: skip
    rule = AwardRule.objects.create(programme=programme, name="保护工作站每年1万元", kind=RuleKind.FIXED,
                                    category="workstation", source=ItemSource.WORKSTATION, amount=10000)  # fmt: skip
    assert awards.prefill(rule, roles["yidu_firm"]) == []  # not reviewed yet
    review = network.station_review(station=station, year=2026, score=Decimal("58"), on=date(2026, 11, 20))
    assert not review.passed and review.figures["training"] == 60
    assert awards.prefill(rule, roles["yidu_firm"]) == []
    network.station_review(station=station, year=2026, score=Decimal("86.5"), on=date(2026, 11, 25))
    [item] = awards.prefill(rule, roles["yidu_firm"])
    assert item.description == "红花套镇知识产权保护工作站 2026 年度考核合格（86.5 分）"
    claim = awards.verify(rule, roles["yidu_firm"], item)
    assert claim.eligible and claim.amount == 10000
    refused = awards.verify(rule, roles["zhijiang_firm"], item)  # not its station
    assert (refused.eligible, refused.reason) == (
        False, "该工作站不是本主体依托、该年度考核未合格，或不是本规则适用的工作站类型和认定级别。"
    )  # fmt: skip
    # "市级以上保护工作站": a brand guidance station, or a protection station of county level, is not one.
    rule.station_kinds, rule.station_level = ["protection"], "city"
    rule.save()
    assert (
        awards.prefill(rule, roles["yidu_firm"]) == []
        and not awards.verify(rule, roles["yidu_firm"], item).eligible
    )
    Workstation.objects.filter(pk=station.pk).update(level="city")
    assert awards.verify(rule, roles["yidu_firm"], item).eligible
    brand = Workstation.objects.create(kind="brand", level="province", name="商标品牌指导站", region=region("420581100"),
                                       address="陆城", host=roles["yidu_firm"], established_on=date(2025, 3, 1))  # fmt: skip
    network.station_review(station=brand, year=2026, score=Decimal("95"), on=date(2026, 11, 25))
    assert [i.key for i in awards.prefill(rule, roles["yidu_firm"])] == [item.key]  # the brand station is not
    # keys that do not name a station and a year of review are refused, not a crash
    for key in (
        f"station:{station.pk}",
        f"station:x{station.pk}:2026",
        f"station:{station.pk}:2026年",
        "station::",
    ):
        claim = awards.verify(rule, roles["yidu_firm"], awards.Item(key, "工作站"))
        assert (claim.eligible, claim.amount) == (False, 0), key


def test_warnings_suggest_firms_holding_patents_in_its_fields(roles):
    patent("420581100", ipc="C04B 11/26", holder=roles["yidu_firm"])
    patent("420581100", ipc="C04B 11/262", holder=roles["yidu_firm"])
    other = make_entity("宜都市测试食品有限公司", "420581", serial="00000009")
    patent("420581", ipc="A23F 3/06", holder=other)
    warning = RiskWarning.objects.create(region=region("420581"), title="某国磷石膏建材专利诉讼风险", country="美国",
                                         industry="新型建材", ipc="C04B 11/00", level="high", summary="多起337调查。")  # fmt: skip
    assert network.warning_candidates(warning) == [(roles["yidu_firm"], 2)]
    with pytest.raises(ValidationError):
        network.warning_link(warning=warning, entity=roles["yidu_firm"], why="")
    network.warning_link(warning=warning, entity=roles["yidu_firm"], why="持有相关专利")
    network.warning_publish(warning=warning, on=date(2026, 6, 1))
    assert roles["yidu_firm"].risk_warnings.get() == warning


@pytest.mark.parametrize(
    ("filed", "close", "extended"),
    [
        # three months end on Sunday 15 February 2026, in the Spring Festival holiday (to the 23rd):
        # due Tuesday 24 February; the extension's month counts from the 15th: Sunday 15 March → 16th.
        (date(2025, 11, 15), date(2026, 2, 24), date(2026, 3, 16)),
        # three months end on Saturday 31 January → Monday 2 February; one more month from the 31st
        # ends on 28 February, a Saturday worked in lieu of the holiday: due that day.
        (date(2025, 10, 31), date(2026, 2, 2), date(2026, 2, 28)),
    ],
)
def test_an_extension_counts_from_the_day_the_law_counts(filed, close, extended):
    case = open_case(requested=filed)
    case = cases.case_move(case=case, to=S.FILED, on=filed)
    assert due(case, "adj_close").due_on == close
    cases.case_extend(case=case, on=filed, approval="局长张某批准：案情复杂")
    assert due(case, "adj_close").due_on == extended


def test_right_status_for_trademarks_and_days_before_filing(roles):
    held = patent("420581", filed=date(2015, 3, 4), granted=date(2017, 5, 6), holder=roles["yidu_firm"])
    case = open_case(infringed_on=None)
    right = cases.right_add(case=case, number=held.number)
    assert cases.right_status(right, None) == "未填侵权行为发生日"
    assert cases.right_status(right, date(2015, 3, 3)) == "2015-03-03 尚未申请"
    Trademark.objects.create(number="30000078", title="宜红", holders=roles["yidu_firm"].name, nice_class=30,
                             registered_on=date(2020, 1, 7), expires_on=date(2030, 1, 6))  # fmt: skip
    mark = cases.right_add(case=case, number="30000078")
    assert mark.trademark is not None
    assert cases.right_status(mark, date(2020, 1, 7)) == "2020-01-07：有效"
    assert cases.right_status(mark, date(2020, 1, 6)) == "2020-01-06：无效或未注册"
