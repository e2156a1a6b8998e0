"""Events counted against the plans' yearly targets; the service catalogue kept by staff."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import region
from zhichan.catalog.models import ServiceItem
from zhichan.events import services
from zhichan.events.models import Event, EventKind

pytestmark = pytest.mark.django_db


def test_trainings_counted_against_yidus_target(client, roles):
    assert services.targets_load() == 5
    yidu = region("420581")
    for n, day in enumerate([date(2026, 3, 10), date(2026, 6, 2)]):
        Event.objects.create(region=region("420581100"), kind=EventKind.TRAINING, title=f"专利培训{n}", starts_on=day,
                             organizer="宜都市市场监督管理局", attendance=80)  # fmt: skip
    Event.objects.create(
        region=yidu, kind=EventKind.TRAINING, title="去年", starts_on=date(2025, 5, 1), organizer="x"
    )
    progress = {p.kind: p for p in services.year_progress(yidu, 2026) if not p.combined}
    assert (progress["training"].held, progress["training"].attendance, progress["training"].met) == (
        2,
        160,
        False,
    )
    assert "3次以上" in progress["training"].target.quote
    client.force_login(roles["county"])
    client.post(reverse("events:list"), {"kind": "training", "title": "贯标培训", "starts_on": "2026-09-09",
                                         "organizer": "宜都市市场监督管理局", "attendance": "60"})  # fmt: skip
    assert {p.kind: p for p in services.year_progress(yidu, 2026) if not p.combined}["training"].met is True
    page = client.get(reverse("events:list"), {"year": 2026}).content.decode()
    assert "已完成" in page and "第32项" in page
    response = client.post(
        reverse("events:list"), {"kind": "training", "title": "x", "starts_on": "bad", "organizer": "y"}
    )
    assert response.status_code == 302 and Event.objects.filter(title="x").count() == 0


def test_service_catalogue(client, roles):
    client.force_login(roles["county"])
    response = client.post(reverse("catalog:new"), {
        "position": 1, "category": "保护", "name": "知识产权维权援助申请", "summary": "为企业提供维权援助。",
        "materials": "申请表\n营业执照复印件\n权属证明", "fee": "不收费", "window": "市场监管局知识产权股",
        "promised_days": 5, "published": "on"})  # fmt: skip
    assert response.status_code == 302
    item = ServiceItem.objects.get()
    assert item.region.code == "420581" and item.material_list() == ["申请表", "营业执照复印件", "权属证明"]
    assert "知识产权维权援助申请" in client.get(reverse("catalog:list")).content.decode()
    # An edit over someone else's newer save is refused and shows the latest values.
    seen = client.get(reverse("catalog:edit", args=[item.pk])).context["form"]["version"].value()
    ServiceItem.objects.filter(pk=item.pk).update(window="市场监管局知识产权科")
    refused = client.post(reverse("catalog:edit", args=[item.pk]), {
        "position": 1, "category": "保护", "name": "知识产权维权援助", "summary": "为企业提供维权援助。", "fee": "不收费",
        "window": "市场监管局知识产权股", "version": seen})  # fmt: skip
    assert refused.status_code == 409 and "已被他人修改" in refused.content.decode()
    assert "市场监管局知识产权科" in refused.content.decode()
    assert ServiceItem.objects.get(pk=item.pk).name == "知识产权维权援助申请"
    client.force_login(roles["other_county"])
    assert client.get(reverse("catalog:edit", args=[item.pk])).status_code == 404


def test_every_kind_of_training_together_and_the_brand_day(client, roles):
    """第36项: five trainings a year of any kind (enterprise, staff, GI and brand); 5·10 中国品牌日
    activities recorded as their own kind."""
    services.targets_load()
    yidu = region("420581")
    for kind, n in ((EventKind.TRAINING, 2), (EventKind.STAFF_TRAINING, 1), (EventKind.BRAND_TRAINING, 1)):
        for k in range(n):
            Event.objects.create(region=yidu, kind=kind, title=f"{kind}{k}", starts_on=date(2026, 4, 1 + k),
                                 organizer="宜都市市场监督管理局", attendance=50)  # fmt: skip
    Event.objects.create(region=yidu, kind=EventKind.DAY_510, title="中国品牌日宜都蜜柑推介", starts_on=date(2026, 5, 10),
                         organizer="宜都市市场监督管理局", attendance=300)  # fmt: skip
    rows = services.year_progress(yidu, 2026)
    (combined,) = [p for p in rows if p.combined]
    assert (combined.held, combined.attendance, combined.met) == (4, 200, False)
    assert "第36项" in combined.target.source and "企业知识产权培训" in combined.label
    Event.objects.create(region=yidu, kind=EventKind.BRAND_TRAINING, title="商标品牌培育", starts_on=date(2026, 9, 1),
                         organizer="宜都市市场监督管理局")  # fmt: skip
    assert [p.met for p in services.year_progress(yidu, 2026) if p.combined] == [True]
    assert {p.kind: p.held for p in rows if not p.combined}["day_510"] == 1
    client.force_login(roles["county"])
    page = client.get(reverse("events:list"), {"year": 2026}).content.decode()
    assert "5·10中国品牌日活动" in page and "合计：" in page
    assert services.targets_load() == 0  # loaded again: nothing doubled
