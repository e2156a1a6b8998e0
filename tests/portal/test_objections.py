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


def test_each_kind_of_publication_with_its_window_and_entries():
    from datetime import date

    from tests.conftest import make_entity
    from zhichan.inspections.models import InspectionPlan, InspectionTarget, PlanStatus
    from zhichan.portal import objections

    award = publicity(date(2025, 3, 10), days=5)
    assert objections.publication(Published.AWARD, award.pk) == objections.Publication(
        "award", award.pk, "《2025年度知识产权奖补》拟奖补名单公示", region("420581"), date(2025, 3, 10),
        date(2025, 3, 14), ["宜都市公示测试有限公司"])  # fmt: skip
    listed = Whitelist.objects.create(name="宜都市授信白名单", region=region("420581"))
    version = WhitelistVersion.objects.create(whitelist=listed, number=3, published_on=date(2025, 5, 1), criteria={},
                                              entries=[{"name": "甲公司"}, {"credit_code": "x"}])  # fmt: skip
    assert objections.publication(Published.WHITELIST, version.pk) == objections.Publication(
        "whitelist", version.pk, "宜都市授信白名单 第3批（2025-05-01）", region("420581"), date(2025, 5, 1),
        date(2025, 5, 7), ["甲公司", ""])  # fmt: skip
    plan = InspectionPlan.objects.create(name="专利标识抽查", region=region("420581"), basis="专利法第六十八条",
                                         status=PlanStatus.DRAWN)  # fmt: skip
    for n, name in enumerate(["乙公司", "丙公司"]):
        InspectionTarget.objects.create(plan=plan, entity=make_entity(name, "420581100", serial=f"0000093{n}"),
                                        code=str(n), grade="B", key=str(n))  # fmt: skip
    assert objections.publication(Published.INSPECTION, plan.pk) is None  # drawn, not yet published
    InspectionPlan.objects.filter(pk=plan.pk).update(published_on=date(2025, 6, 30))
    assert objections.publication(Published.INSPECTION, plan.pk) is None  # a date, but not published
    InspectionPlan.objects.filter(pk=plan.pk).update(published_on=None)
    InspectionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    assert objections.publication(Published.INSPECTION, plan.pk) is None  # no date of publication
    InspectionPlan.objects.filter(pk=plan.pk).update(published_on=date(2025, 6, 30))
    found = objections.publication(Published.INSPECTION, plan.pk)
    assert found == objections.Publication("inspection", plan.pk, "双随机抽查结果：专利标识抽查", region("420581"),
                                           date(2025, 6, 30), date(2025, 7, 6), ["丙公司", "乙公司"])  # fmt: skip
    assert (found.open_on(date(2025, 6, 29)), found.open_on(date(2025, 6, 30)), found.open_on(date(2025, 7, 6)),
            found.open_on(date(2025, 7, 7))) == (False, True, True, False)  # fmt: skip
    for kind in (Published.AWARD, Published.WHITELIST, Published.INSPECTION, "other"):
        assert objections.publication(kind, 999999) is None


def test_an_answer_needs_its_finding_and_is_given_once(roles):
    from datetime import date

    from django.core.exceptions import ValidationError

    from zhichan.portal import objections

    open_now = publicity(TODAY)
    filed = objections.object_to(kind=Published.AWARD, ref=open_now.pk, entry="宜都市公示测试有限公司", reason=" 重复获奖 ",
                                 name=" 张某 ", contact=" 138 ", on=TODAY)  # fmt: skip
    assert (filed.reason, filed.name, filed.contact, filed.filed_on) == ("重复获奖", "张某", "138", TODAY)
    with pytest.raises(ValidationError) as refused:
        objections.answer(objection=filed, upheld=False, text="  ", on=TODAY)
    assert refused.value.messages == ["请写明核查结论。"]
    objections.answer(
        objection=filed, upheld=False, text=" 经核查不属实 ", on=date(2026, 1, 5), user=roles["county"]
    )
    filed.refresh_from_db()
    assert (filed.status, filed.answer, filed.answered_on, filed.answered_by) == (
        ObjectionStatus.DISMISSED, "经核查不属实", date(2026, 1, 5), roles["county"])  # fmt: skip
    with pytest.raises(ValidationError) as again:
        objections.answer(objection=filed, upheld=True, text="x", on=TODAY)
    assert again.value.messages == ["该异议已答复。"]
    anonymous = objections.object_to(kind=Published.AWARD, ref=open_now.pk, entry="宜都市公示测试有限公司", reason="r",
                                     name="n", contact="c", on=TODAY)  # fmt: skip
    from django.contrib.auth.models import AnonymousUser

    objections.answer(objection=anonymous, upheld=True, text="属" * 600, on=TODAY, user=AnonymousUser())
    anonymous.refresh_from_db()
    assert (anonymous.status, anonymous.answered_by, len(anonymous.answer)) == (
        ObjectionStatus.UPHELD,
        None,
        500,
    )
