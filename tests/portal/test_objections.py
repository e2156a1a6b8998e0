"""公示异议: an award list, a whitelist and a 双随机 task's results published on the portal with
their window; a visitor objects to a listed unit within it (not after, not to a unit not listed);
the office answers; the objector's name and contact stay inside the office."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import region
from zhichan.awards.models import Programme, Publicity
from zhichan.finance.models import Whitelist, WhitelistVersion
from zhichan.portal.models import Objection, ObjectionStatus, Published

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def publicity(starts_on, days=7) -> Publicity:
    prog = Programme.objects.create(name="2025年度知识产权奖补", basis="宜都方案第30项", region=region("420581"), year=2025,
                                    budget=Decimal("1000000"), opens_on=TODAY, closes_on=TODAY)  # fmt: skip
    return Publicity.objects.create(programme=prog, starts_on=starts_on, ends_on=starts_on + timedelta(days=days - 1),
                                    entries=[{"entity": "宜都市公示测试有限公司", "credit_code": "91420581MA49XXXX0X",
                                              "amount": "20000.00", "items": 2}])  # fmt: skip


def objection(**changes) -> dict:
    return {"entry": "宜都市公示测试有限公司", "reason": "该企业获奖专利已于去年获得奖励", "name": "张某",
            "contact": "13800000000"} | changes  # fmt: skip


def test_an_objection_within_the_window_reaches_the_office_and_is_answered(client, roles):
    open_now = publicity(TODAY - timedelta(days=2))
    page = client.get(reverse("portal:publicity", args=[open_now.pk])).content.decode()
    assert "宜都市公示测试有限公司" in page and "提交异议" in page
    url = reverse("portal:object", args=[Published.AWARD, open_now.pk])
    client.post(url, objection(entry="不在名单的公司"))
    client.post(url, objection(contact=""))
    assert not Objection.objects.exists()  # refused: not listed; no contact
    response = client.post(url, objection())
    assert response.url == reverse("portal:publicity", args=[open_now.pk])
    filed = Objection.objects.get()
    assert (filed.region.code, filed.status, filed.title) == ("420581", ObjectionStatus.RECEIVED,
                                                            "《2025年度知识产权奖补》拟奖补名单公示")  # fmt: skip
    assert "13800000000" not in client.get(reverse("portal:publicity", args=[open_now.pk])).content.decode()
    client.force_login(roles["other_county"])
    assert "13800000000" not in client.get(reverse("portal:objections")).content.decode()
    client.force_login(roles["county"])
    assert "张某（13800000000）" in client.get(reverse("portal:objections")).content.decode()
    client.post(reverse("portal:objections"), {"objection": filed.pk, "action": "uphold", "answer": ""})
    filed.refresh_from_db()
    assert filed.status == ObjectionStatus.RECEIVED  # an answer needs its conclusion
    client.post(reverse("portal:objections"), {"objection": filed.pk, "action": "uphold",
                                               "answer": "经核查属实，已撤销该项奖补"})  # fmt: skip
    filed.refresh_from_db()
    assert (filed.status, filed.answered_by) == (ObjectionStatus.UPHELD, roles["county"])


def test_no_objection_after_the_window_and_whitelists_have_seven_days(client):
    closed = publicity(TODAY - timedelta(days=10))
    page = client.get(reverse("portal:publicity", args=[closed.pk])).content.decode()
    assert "已过异议期" in page and "提交异议" not in page
    client.post(reverse("portal:object", args=[Published.AWARD, closed.pk]), objection())
    assert not Objection.objects.exists()
    listed = Whitelist.objects.create(name="宜都市授信白名单", region=region("420581"))
    for published_on, expected in ((TODAY - timedelta(days=6), 1), (TODAY - timedelta(days=7), 1)):
        version = WhitelistVersion.objects.create(
            whitelist=listed, number=expected + (published_on != TODAY - timedelta(days=6)), published_on=published_on,
            criteria={}, entries=[{"name": "宜都市公示测试有限公司", "credit_code": "", "region": "宜都市"}],
        )  # fmt: skip
        client.post(reverse("portal:object", args=[Published.WHITELIST, version.pk]), objection())
        assert Objection.objects.filter(kind=Published.WHITELIST).count() == expected  # day 7 in, day 8 out
    assert client.post(reverse("portal:object", args=["nothing", 1]), objection()).status_code == 404
