"""Submissions from enterprises and universities through 我的 (issue 24, item 6): demands,
offers and 开放许可 declarations (the 专利权评价报告 a utility model needs, 先使用后付费 terms),
financing needs; the office reviews before anything is published; accepting an open licence
records the licence; 作价入股 moves the right."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_entity
from tests.market.test_services import patent
from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentEvent, PatentKind
from zhichan.finance.models import FinancingNeed, NeedStatus
from zhichan.lib import patentno
from zhichan.market import services, submissions
from zhichan.market.models import (
    Demand,
    DemandStatus,
    LicenseType,
    Listing,
    ListingKind,
    ListingStatus,
    Transaction,
    TransactionKind,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def utility(holder, serial: int) -> Patent:
    p = Patent.objects.create(
        number=patentno.make(f"2022200{serial:05d}"), kind=PatentKind.UTILITY, title="一种柑橘分拣装置",
        filed_on=date(2022, 3, 1), granted_on=date(2022, 9, 6), expires_on=date(2032, 3, 1), ended_on=date(2032, 3, 1),
        applicants=holder.name, first_applicant=holder, region=holder.region,
    )  # fmt: skip
    PatentApplicant.objects.create(patent=p, position=1, name=holder.name, entity=holder, granted_on=p.granted_on,
                                   ended_on=p.ended_on)  # fmt: skip
    return p


def test_an_enterprise_submits_the_office_reviews_and_only_then_it_is_public(client, roles):
    firm = roles["yidu_firm"]
    own = patent(firm, 501)
    client.force_login(roles["enterprise"])
    client.post(reverse("market:mine"), {"action": "demand", "title": "磷石膏制酸尾气处理",
                                         "text": "需要降低磷石膏制酸尾气中的二氧化硫浓度，达到超低排放。"})  # fmt: skip
    client.post(reverse("market:mine"), {
        "action": "listing", "number": own.number, "kind": ListingKind.OPEN, "entry_fee": "20000", "royalty_rate": "3",
        "available_until": str(TODAY + timedelta(days=700)), "pay_after_use": "1", "free_months": "6",
        "pay_after_use_terms": "先使用期满按销售额 3% 付费，未实现销售的不付费",
    })  # fmt: skip
    demand, listing = Demand.objects.get(entity=firm), Listing.objects.get(holder=firm)
    assert (demand.status, listing.status) == (DemandStatus.SUBMITTED, ListingStatus.SUBMITTED)
    assert "磷石膏净化" not in client.get(reverse("portal:listings")).content.decode()  # not before review
    client.force_login(roles["county"])
    client.post(reverse("market:demand", args=[demand.pk]), {"action": "return", "note": ""})
    demand.refresh_from_db()
    assert demand.status == DemandStatus.SUBMITTED  # a return needs its reason
    client.post(
        reverse("market:demand", args=[demand.pk]), {"action": "return", "note": "请写明现有排放浓度"}
    )
    client.post(reverse("market:listings"), {"listing": listing.pk, "action": "approve", "note": ""})
    demand.refresh_from_db()
    listing.refresh_from_db()
    assert (demand.status, demand.review_note, listing.status) == (
        DemandStatus.RETURNED, "请写明现有排放浓度", ListingStatus.PUBLISHED)  # fmt: skip
    client.force_login(roles["other_county"])
    assert client.get(reverse("market:demand", args=[demand.pk])).status_code == 404
    client.force_login(roles["enterprise"])
    mine = client.get(reverse("market:mine")).content.decode()
    assert "请写明现有排放浓度" in mine and "先使用 6 个月后付费" in mine
    portal = client.get(reverse("portal:listings")).content.decode()
    assert "先使用 6 个月后付费：先使用期满按销售额 3% 付费" in portal


def test_declarations_need_their_report_and_their_terms(roles):
    firm = roles["yidu_firm"]
    gadget = utility(firm, 1)
    until = TODAY + timedelta(days=365)
    bare = Listing(patent=gadget, holder=firm, kind=ListingKind.OPEN, annual_fee=5000, available_until=until)
    with pytest.raises(ValidationError, match="专利权评价报告"):
        submissions.listing_submit(listing=bare)
    bare.evaluation_report, bare.pay_after_use = "2023SY0012345", True
    with pytest.raises(ValidationError, match="先使用期"):
        submissions.listing_submit(listing=bare)
    bare.free_months = 12
    assert submissions.listing_submit(listing=bare).status == ListingStatus.SUBMITTED
    sale = Listing(patent=patent(firm, 502), holder=firm, kind=ListingKind.TRANSFER, free_months=3)
    with pytest.raises(ValidationError, match="请勾选先使用后付费"):
        submissions.listing_submit(listing=sale)


def test_accepting_an_open_licence_records_the_licence_once(roles):
    holder, taker = roles["yidu_firm"], roles["zhijiang_firm"]
    own = patent(holder, 503)
    listing = submissions.listing_submit(listing=Listing(
        patent=own, holder=holder, kind=ListingKind.OPEN, entry_fee=20000, royalty_rate=3,
        available_until=TODAY + timedelta(days=365)))  # fmt: skip
    with pytest.raises(ValidationError, match="没有已发布的开放许可"):
        submissions.open_licence_accept(listing=listing, entity=taker, on=TODAY)
    submissions.review(item=listing, approve=True, note="")
    with pytest.raises(ValidationError, match="不能接受自己的"):
        submissions.open_licence_accept(listing=listing, entity=holder, on=TODAY)
    record = submissions.open_licence_accept(listing=listing, entity=taker, on=TODAY)
    assert (record.kind, record.license_type, record.buyer, record.listing, record.term_end) == (
        TransactionKind.LICENSE, LicenseType.OPEN, taker, listing, TODAY + timedelta(days=365))  # fmt: skip
    assert record.note == "接受开放许可：入门费 20,000.00 元，提成 3%"
    event = PatentEvent.objects.get(patent=own, kind=EventKind.LICENSE)
    assert (event.effective_on, event.detail) == (TODAY, f"开放许可：{holder.name} → {taker.name}")
    with pytest.raises(ValidationError, match="许可仍在期限内"):
        submissions.open_licence_accept(listing=listing, entity=taker, on=TODAY)


def test_the_accept_page_and_who_may_use_it(client, roles):
    holder = make_entity("宜都市开放许可测试有限公司", "420581100", serial="00000511")
    listing = services.listing_save(listing=Listing(
        patent=patent(holder, 504), holder=holder, kind=ListingKind.OPEN, annual_fee=8000,
        available_until=TODAY + timedelta(days=200)))  # fmt: skip
    services.listing_publish(listing=listing)
    client.force_login(roles["county"])  # staff have no entity: refused
    assert client.post(reverse("market:accept", args=[listing.pk])).status_code == 403
    client.force_login(roles["enterprise"])
    assert client.post(reverse("market:accept", args=[listing.pk])).url == reverse("market:mine")
    assert Transaction.objects.get(listing=listing).buyer == roles["yidu_firm"]
    assert "一种磷石膏净化方法" in client.get(reverse("market:mine")).content.decode()


def test_a_financing_need_is_reviewed_seen_by_banks_and_answered(client, roles):
    client.force_login(roles["enterprise"])
    client.post(reverse("market:mine"), {"action": "need", "amount": "3,000,000", "months": "12",
                                         "purpose": "扩建磷石膏综合利用生产线", "rights": "ZL201910000001.X 等 5 件发明专利",
                                         "contact": "王经理 13900000000"})  # fmt: skip
    need = FinancingNeed.objects.get()
    assert (need.status, need.region.code) == (NeedStatus.SUBMITTED, "420581100")
    assert client.get(reverse("finance:needs")).status_code == 403  # the enterprise follows it on 我的
    client.force_login(roles["bank"])
    assert "扩建磷石膏" not in client.get(reverse("finance:needs")).content.decode()  # not yet published
    client.force_login(roles["other_county"])
    assert "扩建磷石膏" not in client.get(reverse("finance:needs")).content.decode()
    client.force_login(roles["county"])
    client.post(reverse("finance:needs"), {"need": need.pk, "action": "approve"})
    client.force_login(roles["bank"])
    assert "扩建磷石膏" in client.get(reverse("finance:needs")).content.decode()
    client.post(
        reverse("finance:needs"),
        {"need": need.pk, "action": "answer", "text": "意向授信300万元，客户经理李某"},
    )
    client.force_login(roles["enterprise"])
    assert "测试银行宜都支行：意向授信300万元" in client.get(reverse("market:mine")).content.decode()


def test_an_investment_in_kind_moves_the_right(roles):
    seller = roles["yidu_firm"]
    company = make_entity("宜都市作价入股新材料有限公司", "420581100", serial="00000512")
    own = patent(seller, 505)
    common = dict(kind=TransactionKind.INVESTMENT, patents=[own], seller_name=seller.name, buyer_name=company.name,
                  signed_on=date(2025, 4, 1), effective_on=date(2025, 4, 20), region=seller.region)  # fmt: skip
    with pytest.raises(ValidationError, match="作价金额"):
        services.transaction_record(**common)
    services.transaction_record(**common, amount=2_000_000)
    own.refresh_from_db()
    event = PatentEvent.objects.get(patent=own, kind=EventKind.TRANSFER)
    assert (own.first_applicant, event.detail) == (company, f"作价入股：{seller.name} → {company.name}")
