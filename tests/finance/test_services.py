"""Pledge registration, the whitelist's build–review–publish, portfolio access, the pool."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_entity, region
from tests.market.test_services import patent
from zhichan.assets.models import EventKind, PatentEvent
from zhichan.entities.models import EntityTag, Tag
from zhichan.finance import services
from zhichan.finance.access import may_see_portfolio, pledges_for_user
from zhichan.finance.models import ItemKind, PoolEntryKind, ReviewDecision
from zhichan.monitor.compute import board, context

pytestmark = pytest.mark.django_db


def test_pledge_register_links_rights_and_counts_once_on_the_board(roles):
    firm = roles["yidu_firm"]
    p1, p2 = patent(firm, 21), patent(firm, 22)
    pledge = services.pledge_register(
        pledgor_name=firm.name, pledgee_name="测试银行宜都支行", amount=Decimal("5000000"),
        registered_on=date(2025, 4, 1), number="Y2025420000001",
        items=[services.ItemData(ItemKind.PATENT, p1.number), services.ItemData(ItemKind.PATENT, p2.number),
               services.ItemData(ItemKind.TRADEMARK, "30000001")],
    )  # fmt: skip
    assert (pledge.pledgor, pledge.pledgee, pledge.region.code) == (firm, roles["bank"].entity, "420581100")
    assert PatentEvent.objects.filter(kind=EventKind.PLEDGE, patent__in=[p1, p2]).count() == 2
    cell = board([region("420581")], context(date(2025, 12, 31)), ["pledge_amount", "pledge_count"])["420581"]
    assert (cell["pledge_count"].value, cell["pledge_amount"].value) == (1, Decimal("0.05"))
    with pytest.raises(ValidationError):
        services.pledge_register(pledgor_name=firm.name, pledgee_name="x", amount=Decimal("1"),
                                 registered_on=date(2025, 4, 1), number="Y2025420000001",
                                 items=[services.ItemData(ItemKind.PATENT, p1.number)])  # fmt: skip
    # The bank sees its pledge and the pledgor's portfolio; another county's official does not.
    assert list(pledges_for_user(roles["bank"])) == [pledge]
    assert not pledges_for_user(roles["other_county"]).exists()
    assert may_see_portfolio(roles["bank"], firm) and not may_see_portfolio(
        roles["bank"], roles["zhijiang_firm"]
    )
    services.pledge_release(pledge=pledge, released_on=date(2025, 10, 1))
    holdings = services.portfolio(firm, date(2025, 6, 1))
    assert all(h.pledged for h in holdings if h.number in (p1.number, p2.number))
    assert not any(h.pledged for h in services.portfolio(firm, date(2025, 10, 1)))


def test_whitelist_build_review_publish(roles):
    firm = roles["yidu_firm"]
    patent(firm, 23)
    EntityTag.objects.create(entity=firm, tag=Tag.HIGH_TECH, valid_from=date(2020, 1, 1))
    other = make_entity("宜都市无专利有限公司", "420581100", serial="00000501")
    whitelist = services.whitelist_build(
        name="2025年第一批", region=region("420581"), criteria={"tags": [Tag.HIGH_TECH], "min_valid_patents": 1},
        day=date(2025, 6, 1),
    )  # fmt: skip
    (candidate,) = whitelist.candidates.all()
    assert candidate.entity == firm and candidate.figures["valid_patents"] == 1
    with pytest.raises(ValidationError, match="未审核"):
        services.whitelist_publish(whitelist=whitelist, published_on=date(2025, 6, 2))
    services.candidate_review(candidate=candidate, decision=ReviewDecision.INCLUDED)
    with pytest.raises(ValidationError, match="理由"):
        services.whitelist_add(whitelist=whitelist, entity=other, note="")
    services.whitelist_add(whitelist=whitelist, entity=other, note="银行推荐，首贷户")
    version = services.whitelist_publish(whitelist=whitelist, published_on=date(2025, 6, 2))
    assert version.number == 1 and [e["name"] for e in version.entries] == sorted([firm.name, other.name])
    assert services.whitelisted(other, date(2025, 6, 2)) == version
    assert services.whitelisted(other, date(2025, 6, 1)) is None
    assert may_see_portfolio(roles["bank"], other)


def test_pool_balance_never_goes_negative():
    county = region("420581")
    services.pool_entry_add(
        region=county, on=date(2025, 1, 1), kind=PoolEntryKind.FUNDING, amount=Decimal("1000000")
    )
    services.pool_entry_add(
        region=county, on=date(2025, 5, 1), kind=PoolEntryKind.COMPENSATION, amount=Decimal("300000")
    )
    services.pool_entry_add(
        region=county, on=date(2025, 8, 1), kind=PoolEntryKind.RECOVERY, amount=Decimal("50000")
    )
    assert services.pool_balance(county) == Decimal("750000")
    with pytest.raises(ValidationError, match="余额不足"):
        services.pool_entry_add(region=county, on=date(2025, 9, 1), kind=PoolEntryKind.COMPENSATION,
                                amount=Decimal("800000"))  # fmt: skip


def test_shipped_lpr_table_loaded_whole():
    from zhichan.finance.models import LprRate

    rates = list(LprRate.objects.order_by("effective_on"))
    assert len(rates) == 15
    assert (str(rates[0].effective_on), rates[0].one_year) == ("2019-08-20", Decimal("4.25"))
    assert (str(rates[-1].effective_on), rates[-1].one_year, rates[-1].five_year) == (
        "2025-05-20", Decimal("3.00"), Decimal("3.50"))  # fmt: skip


def test_finance_pages_render_real_rows(client, roles):
    from django.urls import reverse

    firm = roles["yidu_firm"]
    p = patent(firm, 24)
    pledge = services.pledge_register(
        pledgor_name=firm.name, pledgee_name="测试银行宜都支行", amount=Decimal("1200000"), registered_on=date(2025, 4, 1),
        items=[services.ItemData(ItemKind.PATENT, p.number)], loan_start=date(2025, 4, 1), loan_end=date(2026, 4, 1),
        loan_rate=Decimal("3.5"),
    )  # fmt: skip
    client.force_login(roles["bank"])
    assert firm.name in client.get(reverse("finance:pledges")).content.decode()
    assert p.number in client.get(reverse("finance:portfolio", args=[firm.pk])).content.decode()
    assert client.get(reverse("finance:portfolio", args=[roles["zhijiang_firm"].pk])).status_code == 404
    client.force_login(roles["other_county"])
    assert client.get(reverse("finance:pledge", args=[pledge.pk])).status_code == 404
    client.force_login(roles["county"])
    page = client.get(reverse("finance:pledges"), {"format": "xlsx"})
    assert page.status_code == 200
    assert (
        client.post(reverse("finance:pledge", args=[pledge.pk]), {"released_on": "2025-03-01"}).status_code
        == 302
    )
    pledge.refresh_from_db()
    assert pledge.released_on is None  # before the registration: refused with a message


def test_a_patent_pledged_and_not_released_cannot_be_pledged_again(roles):
    firm = roles["yidu_firm"]
    p1 = patent(firm, 31)

    def pledge(on, number):
        return services.pledge_register(
            pledgor_name=firm.name, pledgee_name="测试银行宜都支行", amount=Decimal("2000000"), registered_on=on,
            number=number, items=[services.ItemData(ItemKind.PATENT, p1.number)],
        )  # fmt: skip

    first = pledge(date(2025, 3, 1), "Y2025420000031")
    with pytest.raises(ValidationError, match=r"Y2025420000031.*不能重复质押"):
        pledge(date(2025, 6, 1), "Y2025420000032")
    services.pledge_release(pledge=first, released_on=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="重复质押"):
        pledge(date(2025, 8, 31), "Y2025420000033")  # the day before the release: still pledged
    assert pledge(date(2025, 9, 1), "Y2025420000034").items.get().patent == p1  # released that day


def test_the_audit_log_reads_a_pledge_registered_on_the_page(client, roles):
    """A pledge registered through the form (several rights, a user) is read back in 审计日志."""
    from django.urls import reverse

    firm = roles["yidu_firm"]
    p1, p2 = patent(firm, 41), patent(firm, 42)
    client.force_login(roles["county"])
    answer = client.post(reverse("finance:pledge_new"), {
        "pledgor_name": firm.name, "pledgee_name": "测试银行宜都支行", "number": "Y2025420000041",
        "amount": "3000000", "registered_on": "2025-05-06", "items": f"专利 {p1.number}\n专利 {p2.number}",
    })  # fmt: skip
    assert answer.status_code == 302
    for user in (roles["county"], roles["admin"]):
        client.force_login(user)
        page = client.get(reverse("audit:list"))
        assert page.status_code == 200 and "Y2025420000041" in page.content.decode()
