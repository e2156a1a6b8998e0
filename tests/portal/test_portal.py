"""The public portal: reachable without an account, showing only what is published and only the
public fields, and the headline indicators as open data that match the board."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import region
from tests.monitor.test_compute import patent
from zhichan.agencies.models import Expert
from zhichan.catalog.models import ServiceItem
from zhichan.market.models import Demand, Listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def home(settings):
    settings.HOME_REGION_CODE = "420581"


def test_every_page_opens_without_an_account(client):
    for name in ("home", "services", "listings", "demands", "whitelist", "directories", "events"):
        assert client.get(reverse(f"portal:{name}")).status_code == 200, name


def test_only_published_rows_and_public_fields(client, roles):
    ServiceItem.objects.create(region=region("420581"), category="专利", name="专利权质押登记初审", summary="受理质押登记材料。",
                               window="知识产权科", materials="申请表\n合同", published=True)  # fmt: skip
    ServiceItem.objects.create(
        region=region("420581"), category="专利", name="内部草稿事项", summary="x", window="y"
    )
    page = client.get(reverse("portal:services")).content.decode()
    assert "专利权质押登记初审" in page and "内部草稿事项" not in page
    held = patent("420581100", holder=roles["yidu_firm"])
    Listing.objects.create(patent=held, holder=roles["yidu_firm"], kind="open", entry_fee=Decimal("1000"), status="published",
                           published_at=timezone.now(), region=region("420581"), pay_after_use=True)  # fmt: skip
    Listing.objects.create(
        patent=held, holder=roles["yidu_firm"], kind="transfer", status="withdrawn", region=region("420581")
    )
    page = client.get(reverse("portal:listings")).content.decode()
    assert "先使用后付费" in page and page.count(held.number) == 1
    Demand.objects.create(entity=roles["yidu_firm"], title="磷石膏无害化处理技术", text="寻求低成本除杂工艺。", status="published",
                          published_at=timezone.now(), region=region("420581"), budget=Decimal("500000"))  # fmt: skip
    page = client.get(reverse("portal:demands")).content.decode()
    assert "磷石膏无害化处理技术" in page and "500000" not in page  # the budget stays with the office
    Expert.objects.create(region=region("420581"), kind="investigator", name="王工", unit="三峡大学", specialities="化工",
                          phone="13712345678", confirmed_on=date(2026, 1, 1))  # fmt: skip
    page = client.get(reverse("portal:directories")).content.decode()
    assert "王工" in page and "13712345678" not in page


def test_open_data_matches_the_board(client):
    patent("420581100", filed=date(2019, 3, 4), granted=date(2021, 5, 6))
    document = json.loads(client.get(reverse("portal:open_data", args=["json"])).content)
    yidu = next(r for r in document["regions"] if r["code"] == "420581")
    assert yidu["values"]["invention_valid"]["value"] == "1"
    assert {r["code"] for r in document["regions"]} >= {"420581", "420581100"}
    export = client.get(reverse("portal:open_data", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "区划代码"
    [valid] = [r for r in rows if r[0] == "420581" and r[2] == "invention_valid"]
    assert valid[5] == "1"


def test_annual_fee_dates():
    from types import SimpleNamespace

    from zhichan.portal.selfservice import next_annuity

    patent = SimpleNamespace(filed_on=date(2020, 3, 5), granted_on=date(2022, 6, 1), ended_on=None, end_status="",
                             expires_on=date(2040, 3, 5))  # fmt: skip
    assert next_annuity(patent, date(2026, 12, 2)) == date(2027, 3, 5)
    assert next_annuity(patent, date(2027, 3, 5)) == date(2027, 3, 5)  # due that very day
    assert next_annuity(patent, date(2039, 6, 1)) is None  # no year left to pay for
    patent.ended_on, patent.end_status = date(2025, 3, 5), "lapsed"
    assert next_annuity(patent, date(2026, 12, 2)) is None
    leap = SimpleNamespace(filed_on=date(2020, 2, 29), granted_on=date(2021, 1, 1), ended_on=None, end_status="",
                           expires_on=date(2040, 2, 29))  # fmt: skip
    assert next_annuity(leap, date(2026, 12, 2)) == date(2027, 2, 28)


def test_self_service_for_an_enterprise_and_a_bank(client, roles):
    from zhichan.finance.models import Pledge

    today = timezone.localdate()
    held = patent("420581100", filed=date(2019, 3, 4), granted=date(2021, 5, 6), holder=roles["yidu_firm"])
    other = patent("420583", holder=roles["zhijiang_firm"])
    assert client.get(reverse("portal:mine")).status_code == 302  # sign in first
    client.force_login(roles["enterprise"])
    client.post(reverse("protection:public_new"), {"kind": "complaint", "name": "宜都市测试化工有限公司", "phone": "13800001234",
                                                   "subject": "某商行", "description": "销售假冒本公司专利的产品。"})  # fmt: skip
    page = client.get(reverse("portal:mine")).content.decode()
    assert held.number in page and other.number not in page
    assert f"{today.year + (1 if (3, 4) < (today.month, today.day) else 0)}-03-04" in page  # next anniversary
    assert "某商行" not in page and "销售假冒" not in page  # the list shows receipt and status, not the text
    from zhichan.protection.models import Complaint

    assert Complaint.objects.get().receipt in page
    Pledge.objects.create(pledgor=roles["yidu_firm"], pledgor_name=roles["yidu_firm"].name, pledgee=roles["bank"].entity,
                          pledgee_name=roles["bank"].entity.name, amount=Decimal("1000000"), registered_on=date(2026, 3, 1),
                          region=region("420581"))  # fmt: skip
    client.force_login(roles["bank"])
    page = client.get(reverse("portal:mine")).content.decode()
    assert "本行质押登记" in page and roles["yidu_firm"].name in page and held.number not in page
    client.force_login(roles["county"])
    assert client.get(reverse("portal:mine")).url == reverse("home")


def test_a_fee_day_just_passed_shows_its_grace_period_and_surcharge():
    """Due 15 days ago: the reminder keeps that day (with the grace period to six months after it),
    not only next year's; the surcharge grows 5 % a full month after the first."""
    from types import SimpleNamespace

    from zhichan.portal.selfservice import late_annuity, next_annuity

    patent = SimpleNamespace(filed_on=date(2020, 3, 5), granted_on=date(2022, 6, 1), ended_on=None, end_status="",
                             expires_on=date(2040, 3, 5))  # fmt: skip
    today = date(2026, 3, 20)
    late = late_annuity(patent, today)
    assert (late.due, late.grace_until, late.surcharge) == (date(2026, 3, 5), date(2026, 9, 5), 0)
    assert next_annuity(patent, today) == date(2027, 3, 5)
    assert late_annuity(patent, date(2026, 5, 6)).surcharge == 10  # two full months late
    assert late_annuity(patent, date(2026, 9, 4)).surcharge == 25
    assert late_annuity(patent, date(2026, 9, 5)) is None  # the grace period is over
    assert late_annuity(patent, date(2026, 3, 5)) is None  # due today: not late
    assert late_annuity(patent, date(2022, 3, 20)) is None  # before the grant: no annual fee was due


def test_the_office_keeps_the_portal_footer(client, roles, settings):
    settings.HOME_REGION_CODE = "420581"
    client.force_login(roles["county"])
    refused = client.post(
        reverse("catalog:footer"), {"sponsor": "宜都市市场监督管理局", "site_code": "12345"}
    )
    assert "网站标识码为 10 位数字" in refused.content.decode()
    client.post(reverse("catalog:footer"), {"sponsor": "宜都市市场监督管理局", "phone": "0717-4822000",
                                            "icp": "鄂ICP备2024000001号", "site_code": "4205810001"})  # fmt: skip
    portal = Client().get(reverse("portal:home")).content.decode()
    assert "主办单位：宜都市市场监督管理局" in portal and "鄂ICP备2024000001号" in portal
    assert "网站标识码：4205810001" in portal and "联系电话：0717-4822000" in portal
    client.force_login(roles["other_county"])  # another county's office edits its own footer only
    assert client.get(reverse("catalog:footer")).context["form"].instance.pk is None
