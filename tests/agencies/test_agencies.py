"""Agencies: figures from the registry's 代理机构 field, a reproducible quality sample, ratings;
experts: filters and stale entries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_entity, region
from zhichan.agencies import services
from zhichan.agencies.models import AgencyProfile, Expert, ExpertKind, Rating
from zhichan.assets.models import Patent, PatentKind, PatentStatus
from zhichan.entities.models import EntityKind
from zhichan.lib import patentno

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    entity = make_entity(
        "宜昌测试专利代理事务所（普通合伙）", "420581", serial="00001001", kind=EntityKind.AGENCY
    )
    profile = AgencyProfile.objects.create(
        entity=entity, services="专利代理", registry_names="宜昌测试专利代理事务所"
    )
    outcomes = [("granted", 6), ("rejected", 2), ("withdrawn", 1), ("pending", 3)]
    n = 0
    for outcome, count in outcomes:
        for _ in range(count):
            n += 1
            Patent.objects.create(
                number=patentno.make(f"20211{n:07d}"), kind=PatentKind.INVENTION, title=f"申请{n}", filed_on=date(2021, 5, n),
                granted_on=date(2023, 1, 1) if outcome == "granted" else None, applicants="某公司",
                agency="宜昌测试专利代理事务所", end_status={"rejected": PatentStatus.REJECTED,
                                                   "withdrawn": PatentStatus.WITHDRAWN}.get(outcome, ""),
            )  # fmt: skip
    Patent.objects.create(number=patentno.make("202120000001"), kind=PatentKind.UTILITY, title="实用新型",
                          filed_on=date(2021, 6, 1), applicants="某公司", agency="别的代理所")  # fmt: skip
    return profile


def test_figures_from_the_registry(agency):
    figures = services.figures(agency, date(2021, 1, 1), date(2021, 12, 31))
    assert (figures.filings, figures.inventions, figures.decided) == (12, 12, 9)
    assert figures.grant_rate == Decimal("66.7")  # 6 of the 9 decided; the 3 pending left out


def test_quality_sample_is_reproducible_and_scored(agency):
    first = services.check_draw(profile=agency, seed="2026-抽查-7", filed_from=date(2021, 1, 1),
                                filed_to=date(2021, 12, 31), size=4, on=date(2026, 4, 1))  # fmt: skip
    again = services.check_draw(profile=agency, seed="2026-抽查-7", filed_from=date(2021, 1, 1),
                                filed_to=date(2021, 12, 31), size=4, on=date(2026, 4, 1))  # fmt: skip
    other = services.check_draw(profile=agency, seed="2026-抽查-8", filed_from=date(2021, 1, 1),
                                filed_to=date(2021, 12, 31), size=4, on=date(2026, 4, 1))  # fmt: skip
    assert first.sample == again.sample and first.sample != other.sample and first.population == 12
    number = first.sample[0][0]
    services.check_record(check=first, defects=[[number, "权利要求不清楚"]], conclusion="基本合格")
    assert first.score == Decimal("75.00")
    with pytest.raises(ValidationError, match="不在样本中"):
        services.check_record(check=first, defects=[["000", "x"]], conclusion="")


def test_ratings_and_experts(agency, client, roles):
    with pytest.raises(ValidationError, match="满分"):
        services.rating_record(agency=agency, kind=Rating.Kind.PERFORMANCE, year=2025, items=[["质量", 40, 45]],
                               result="优秀", on=date(2026, 1, 10))  # fmt: skip
    rating = services.rating_record(agency=agency, kind=Rating.Kind.PERFORMANCE, year=2025,
                                    items=[["质量", 40, 36], ["服务", 30, 27.5]], result="优秀", on=date(2026, 1, 10))  # fmt: skip
    assert rating.score == Decimal("63.5")
    today = date.today()
    Expert.objects.create(region=region("420581"), kind=ExpertKind.INVESTIGATOR, name="张工", unit="三峡大学",
                          specialities="锂电池材料", ipc="H01M", confirmed_on=today)  # fmt: skip
    Expert.objects.create(region=region("420581"), kind=ExpertKind.VOLUNTEER, name="李四", unit="宜都一中",
                          specialities="普法宣传", confirmed_on=today - timedelta(days=400), phone="13800000000")  # fmt: skip
    pool = Expert.objects.all()
    assert [e.name for e in services.experts_matching(pool, ipc="H01M 4/58")] == ["张工"]
    assert [e.name for e in services.stale_experts(pool, today)] == ["李四"]
    client.force_login(roles["county"])
    page = client.get(reverse("agencies:experts")).content.decode()
    assert "待更新" in page and "张工" in page
    assert "66.7%" in client.get(reverse("agencies:list"), {"since": "2021-01-01"}).content.decode()
    client.force_login(roles["enterprise"])
    assert client.get(reverse("agencies:experts")).status_code == 403  # phones are for staff only
