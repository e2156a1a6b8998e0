"""Transfer and licence records move the timeline and the board; listings, deals, reverse
matching and grading follow their rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_entity, region
from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentEvent, PatentKind
from zhichan.entities.models import EntityKind
from zhichan.lib import patentno
from zhichan.market import grading, matching, search, services
from zhichan.market.models import (
    DealStage,
    Grade,
    LicenseType,
    Listing,
    ListingKind,
    PatentGrade,
    TransactionKind,
)
from zhichan.monitor.compute import board, context

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def patent(holder, serial, title="一种磷石膏净化方法", abstract="磷石膏经水洗浮选除去可溶磷和氟。", ipc="C04B 11/26",
           filed=date(2019, 3, 1), granted=date(2021, 5, 6)) -> Patent:  # fmt: skip
    p = Patent.objects.create(
        number=patentno.make(f"2019100{serial:05d}"), kind=PatentKind.INVENTION, title=title, abstract=abstract,
        filed_on=filed, granted_on=granted, expires_on=date(filed.year + 20, filed.month, filed.day),
        ended_on=date(filed.year + 20, filed.month, filed.day), main_ipc=ipc, ipc_codes=ipc, applicants=holder.name,
        first_applicant=holder, region=holder.region,
    )  # fmt: skip
    PatentApplicant.objects.create(patent=p, position=1, name=holder.name, entity=holder, granted_on=granted,
                                   ended_on=p.ended_on)  # fmt: skip
    return p


@pytest.fixture
def firms():
    return {
        "seller": make_entity("宜都市磷化测试有限公司", "420581100", serial="00000401"),
        "buyer": make_entity("枝江市建材测试有限公司", "420583", serial="00000402"),
        "near": make_entity("宜都市石膏建材测试有限公司", "420581001", serial="00000403"),
        "far": make_entity("宜都市茶业测试有限公司", "420581001", serial="00000404"),
    }


def test_a_transfer_moves_holder_region_and_board(firms):
    p = patent(firms["seller"], 1)
    day = date(2025, 3, 10)
    services.transaction_record(
        kind=TransactionKind.TRANSFER, patents=[p], seller_name=firms["seller"].name, buyer_name=firms["buyer"].name,
        signed_on=day - timedelta(days=20), effective_on=day, amount=Decimal("800000"), region=region("420581"),
    )  # fmt: skip
    p.refresh_from_db()
    assert (p.first_applicant, p.region.code) == (firms["buyer"], "420583")
    event = PatentEvent.objects.get(patent=p, kind=EventKind.TRANSFER)
    assert (event.region_before.code, event.region_after.code) == ("420581100", "420583")

    def held(d):  # 宜都, the office's own region (枝江 lies outside what its registry covers)
        return board([region("420581")], context(d), ["invention_valid"])["420581"]["invention_valid"].value

    assert (held(day - timedelta(days=1)), held(day)) == (1, 0)
    counted = board([region("420581")], context(date(2025, 12, 31)), ["transfer_license"])["420581"]
    assert counted["transfer_license"].value == 0  # counted where the patent is on the day: 枝江


def test_licence_needs_a_valid_patent_and_a_type(firms):
    p = patent(firms["seller"], 2)
    common = dict(patents=[p], seller_name=firms["seller"].name, buyer_name=firms["near"].name,
                  region=region("420581"), signed_on=date(2025, 1, 2))  # fmt: skip
    with pytest.raises(ValidationError, match="许可方式"):
        services.transaction_record(kind=TransactionKind.LICENSE, effective_on=date(2025, 1, 5), **common)
    with pytest.raises(ValidationError, match="不是有效专利"):
        services.transaction_record(kind=TransactionKind.LICENSE, license_type=LicenseType.ORDINARY,
                                    effective_on=date(2041, 1, 5), **common)  # fmt: skip
    services.transaction_record(kind=TransactionKind.LICENSE, license_type=LicenseType.EXCLUSIVE,
                                effective_on=date(2025, 1, 5), **common)  # fmt: skip
    assert PatentEvent.objects.filter(patent=p, kind=EventKind.LICENSE).count() == 1
    assert list(PatentApplicant.objects.filter(patent=p).values_list("entity", flat=True)) == [
        firms["seller"].pk
    ]


def test_open_licence_must_publish_its_fee_terms(firms):
    p = patent(firms["seller"], 3)
    listing = Listing(
        patent=p, holder=firms["seller"], kind=ListingKind.OPEN, available_until=TODAY + timedelta(days=400)
    )
    with pytest.raises(ValidationError, match="使用费"):
        services.listing_save(listing=listing)
    listing.royalty_rate = Decimal("3.5")
    services.listing_publish(listing=services.listing_save(listing=listing))
    with pytest.raises(ValidationError, match="专利权人"):
        services.listing_save(listing=Listing(patent=p, holder=firms["far"], kind=ListingKind.TRANSFER))


def test_deal_transitions_are_enforced(firms):
    p = patent(firms["seller"], 4)
    deal = services.deal_start(patent=p, buyer=firms["near"], region=region("420581"))
    with pytest.raises(ValidationError, match="不能从"):
        services.deal_move(deal=deal, to=DealStage.DONE, note="x")
    deal = services.deal_move(deal=deal, to=DealStage.NEGOTIATION)
    deal = services.deal_move(deal=deal, to=DealStage.CONTRACT)
    with pytest.raises(ValidationError, match="合同"):
        services.deal_move(deal=deal, to=DealStage.DONE, note="签约")
    record = services.transaction_record(
        kind=TransactionKind.LICENSE, license_type=LicenseType.ORDINARY, patents=[p], seller_name=firms["seller"].name,
        buyer_name=firms["near"].name, signed_on=date(2025, 6, 1), effective_on=date(2025, 6, 1), region=region("420581"),
    )  # fmt: skip
    deal = services.deal_move(deal=deal, to=DealStage.DONE, note="签约许可", transaction_record_id=record.pk)
    assert [s.to_stage for s in deal.steps.all()] == ["contact", "negotiation", "contract", "done"]


def test_reverse_matching_ranks_the_technically_close_enterprise_first(firms, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    search.forget()
    offered = patent(firms["seller"], 5)
    patent(
        firms["near"],
        6,
        title="一种磷石膏基自流平砂浆",
        abstract="以净化磷石膏为胶凝材料制得砂浆。",
        ipc="C04B 28/14",
    )
    patent(
        firms["near"],
        7,
        title="磷石膏制备建筑石膏粉的方法",
        abstract="磷石膏煅烧除杂得到建筑石膏。",
        ipc="C04B 11/26",
    )
    patent(firms["far"], 8, title="一种红茶发酵机", abstract="茶坯在输送中完成发酵。", ipc="A23F 3/08")
    search.index_build(workers=1)
    ranked = matching.enterprises_for(offered, region("420581"))
    assert ranked[0].entity == firms["near"]
    assert firms["seller"] not in [c.entity for c in ranked]  # its own holder is not recommended
    assert any("IPC" in r for r in ranked[0].reasons) and any("相近" in r for r in ranked[0].reasons)
    assert services.recommendations_send(patent=offered, candidates=ranked[:1]) == 1
    assert services.recommendations_send(patent=offered, candidates=ranked[:1]) == 0  # once per enterprise
    search.forget()


def test_the_enterprise_sees_and_answers_its_notices(client, firms):
    from django.urls import reverse

    from tests.conftest import make_user
    from zhichan.accounts.models import Role
    from zhichan.market.models import Recommendation

    offered = patent(firms["seller"], 11)
    notice = Recommendation.objects.create(
        patent=offered, entity=firms["near"], score=0.5, reasons=["持有相同技术领域的专利（IPC C04B）"]
    )
    Recommendation.objects.create(patent=offered, entity=firms["far"], score=0.1, reasons=["其他企业"])
    client.force_login(make_user("t_near", role=Role.ENTERPRISE, entity=firms["near"]))
    page = client.get(reverse("market:recommendations")).content.decode()
    assert "IPC C04B" in page and "其他企业" not in page
    client.post(reverse("market:recommendations"), {"recommendation": notice.pk, "status": "interested"})
    notice.refresh_from_db()
    assert notice.status == "interested"


def test_grading_scores_from_the_registry_and_keeps_overrides():
    university = make_entity("测试大学", "420581", serial="00000405", kind=EntityKind.UNIVERSITY)
    fresh = patent(university, 9, filed=TODAY - timedelta(days=3 * 365), granted=TODAY - timedelta(days=365))
    old = patent(university, 10, filed=date(2008, 1, 2), granted=date(2010, 5, 1))
    PatentEvent.objects.create(patent=old, kind=EventKind.LICENSE, effective_on=date(2015, 1, 1))
    assert grading.grades_compute(holder=university, day=TODAY) == 2
    fresh_grade, old_grade = PatentGrade.objects.get(patent=fresh), PatentGrade.objects.get(patent=old)
    keys = lambda g: {r["key"] for r in g.reasons}  # noqa: E731
    assert {"term_10", "invention"} <= keys(fresh_grade) and "market_signal" not in keys(fresh_grade)
    assert {"maintained_8", "market_signal"} <= keys(old_grade) and "term_10" not in keys(old_grade)
    assert fresh_grade.score == sum(grading.POINTS[k][0] for k in keys(fresh_grade))
    grading.grade_override(grade=old_grade, to=Grade.A, reason="已有企业意向")
    grading.grades_compute(holder=university, day=TODAY)
    old_grade.refresh_from_db()
    assert (old_grade.grade, old_grade.override_reason) == (Grade.A, "已有企业意向")


def test_graded_stock_patents_followed_to_their_outcome(client, roles):
    """After grading, what became of each patent is recorded (licensed, transferred, abandoned…)
    against what the registry shows since, and counted per outcome on the page."""
    university = make_entity(
        "宜都测试职业技术学院", "420581100", serial="00000406", kind=EntityKind.UNIVERSITY
    )
    graded_on = TODAY - timedelta(days=200)
    sold = patent(university, 11, filed=date(2018, 1, 2), granted=date(2020, 5, 1))
    kept = patent(university, 12, filed=date(2019, 1, 2), granted=date(2021, 5, 1))
    grading.grades_compute(holder=university, day=graded_on)
    PatentEvent.objects.create(
        patent=sold, kind=EventKind.TRANSFER, effective_on=graded_on + timedelta(days=60)
    )
    grade = PatentGrade.objects.get(patent=sold)
    assert grading.registry_since(grade) == f"{graded_on + timedelta(days=60)} 权利转移"
    with pytest.raises(ValidationError, match="评定日"):
        grading.outcome_record(
            grade=grade, outcome="transferred", on=graded_on - timedelta(days=1), today=TODAY
        )
    with pytest.raises(ValidationError, match="处置结果"):
        grading.outcome_record(grade=grade, outcome="sold", on=TODAY, today=TODAY)
    client.force_login(roles["county"])
    url = reverse("market:grades")
    client.post(url, {"action": "outcome", "grade": grade.pk, "outcome": "transferred",
                      "outcome_on": (graded_on + timedelta(days=60)).isoformat(), "outcome_note": "转让给宜都市某公司"})  # fmt: skip
    grade.refresh_from_db()
    assert (grade.outcome, grade.outcome_note) == ("transferred", "转让给宜都市某公司")
    page = client.get(url, {"holder": university.pk}).content.decode()
    assert f"登记簿：{graded_on + timedelta(days=60)} 权利转移" in page and kept.number in page
    grading.grades_compute(holder=university, day=TODAY)  # graded again: the outcome stays
    grade.refresh_from_db()
    assert grade.outcome == "transferred"
    counts = dict(grading.outcome_counts(PatentGrade.objects.filter(holder=university)))
    assert (counts["已转让"], counts["尚未处置"], counts["已许可（含开放许可）"]) == (1, 1, 0)
    page = client.get(url, {"holder": university.pk}).content.decode()
    assert "已转让 <strong>1</strong> 件" in page and "尚未处置 <strong>1</strong> 件" in page
    client.force_login(roles["other_county"])
    response = client.post(url, {"action": "outcome", "grade": grade.pk, "outcome": "abandoned"})
    assert response.status_code == 404
