"""Work items of the seed plans, progress reports, overdue detection and the quarterly 通报."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from zhichan.monitor.plans import plans_load
from zhichan.supervision import services
from zhichan.supervision.models import ItemStatus, Milestone, WorkItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    plans_load()
    return services.workitems_load()


def test_seed_plans_items_loaded_whole(loaded):
    counts = {p: WorkItem.objects.filter(plan__title=p).count() for p in (
        "2024年全市知识产权工作要点", "关于加快推进知识产权强市建设实施方案", "2025年全省知识产权工作要点", "宜都市知识产权强县建设方案")}  # fmt: skip
    assert counts == {"2024年全市知识产权工作要点": 15, "关于加快推进知识产权强市建设实施方案": 14,
                      "2025年全省知识产权工作要点": 28, "宜都市知识产权强县建设方案": 44}  # fmt: skip
    seven = WorkItem.objects.get(plan__title="2024年全市知识产权工作要点", number="7")
    assert seven.heading == "推进知识产权行政保护执法" and "非正常专利申请" in seven.text
    assert WorkItem.objects.filter(plan__title="宜都市知识产权强县建设方案").exclude(target="").count() == 38
    assert services.workitems_load() == 0  # again: nothing added, nothing lost


def test_reports_overdue_and_bulletin(loaded, client, roles):
    plan = WorkItem.objects.filter(plan__title="宜都市知识产权强县建设方案").first().plan
    first, second, third = plan.work_items.all()[:3]
    Milestone.objects.create(item=second, text="完成企业摸底", due_on=date(2025, 6, 30))
    services.report_add(item=first, year=2025, quarter=3, unit="市市场监管局", text="已完成", percent=100)
    services.report_add(item=second, year=2025, quarter=3, unit="市科技局", text="摸底过半", percent=50)
    first.refresh_from_db()
    assert (first.status, first.done_on) == (ItemStatus.DONE, date(2025, 9, 30))
    late = services.overdue(list(plan.work_items.all()), date(2025, 9, 30))
    assert second.pk in late and "完成企业摸底" in late[second.pk][0] and first.pk not in late
    after = services.overdue(list(plan.work_items.all()), date(2028, 1, 2))
    assert third.pk in after and first.pk not in after  # deadline (plan end 2027-12-31) passed undone
    client.force_login(roles["county"])
    response = client.get(
        reverse("supervision:plan", args=[plan.pk]), {"year": 2025, "quarter": 3, "format": "docx"}
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2025年第三季度" in text and "已完成 1 项" in text and "1 项逾期" in text
    page = client.get(
        reverse("supervision:plan", args=[plan.pk]), {"year": 2025, "quarter": 3, "only": "late"}
    )
    assert second.heading in page.content.decode() and first.heading not in page.content.decode()
    with pytest.raises(Exception, match="进度"):
        services.report_add(item=third, year=2025, quarter=3, unit="x", text="y", percent=120)
    client.force_login(roles["other_county"])  # 枝江 carries out Hubei's and Yichang's items, not Yidu's
    assert client.get(reverse("supervision:plan", args=[plan.pk])).status_code == 404


def test_a_stale_edit_of_a_work_item_is_refused(client, loaded, roles):
    """Two officials set an item's units; the second, over the first's change, is told so."""
    from zhichan.supervision.models import WorkItem

    item = WorkItem.objects.filter(plan__region__code__startswith="42").first()
    client.force_login(roles["admin"])
    seen = client.get(reverse("supervision:item", args=[item.pk])).context["version"]
    first = {"action": "units", "lead_unit": "市市场监管局", "units": "市科技局", "version": seen,
             "deadline": item.deadline.isoformat()}  # fmt: skip
    client.post(reverse("supervision:item", args=[item.pk]), first)
    second = first | {"lead_unit": "市财政局"}
    page = client.post(reverse("supervision:item", args=[item.pk]), second, follow=True).content.decode()
    item.refresh_from_db()
    assert item.lead_unit == "市市场监管局" and "已被他人修改" in page


def test_units_named_in_the_plan_text_are_filled_and_kept(loaded):
    first = WorkItem.objects.get(plan__title="宜都市知识产权强县建设方案", number="1")
    assert (first.lead_unit, first.units) == ("市科技局", "市发改委、市经商局、市市场监管局")
    assert services.units_in("（牵头单位：市市场监管局；责任单位：市公安局、市法院）") == (
        "市市场监管局",
        "市公安局、市法院",
    )
    assert services.units_in("牵头做好绩效考核") == ("", "")
    WorkItem.objects.filter(pk=first.pk).update(lead_unit="市市场监管局", units="")
    services.workitems_load()  # what the office changed stays
    first.refresh_from_db()
    assert (first.lead_unit, first.units) == ("市市场监管局", "")


def test_an_item_stating_targets_measures_its_progress_from_them(loaded, client, roles):
    from tests.conftest import make_entity
    from zhichan.entities.models import EntityTag, Tag
    from zhichan.regions.models import Region

    yidu = Region.objects.get(code="420581")
    item = WorkItem.objects.get(plan__title="宜都市知识产权强县建设方案", number="22")
    # 专利池 2, 转化 30 次 (its 专利密集型产业集群 2-3 is item 1's target too, on pi_clusters)
    assert sorted(t.indicator for t in services.linked_targets(item)) == [
        "hv_patent_pools",
        "patent_conversions",
    ]
    from tests.monitor.test_compute import patent
    from zhichan.market.models import PatentPool

    for name in ("磷化工专利池", "新能源电池专利池"):  # two pools of 100 patents in force
        pool = PatentPool.objects.create(name=name, region=yidu, founded_on=date(2025, 6, 1))
        pool.patents.set([patent("420581001") for _n in range(100)])
    found = services.measured(item, date(2026, 3, 31))
    verdicts = {p.target.indicator: (p.current, p.verdict) for p in found.progress}
    assert verdicts["hv_patent_pools"] == (2, "met")
    assert verdicts["patent_conversions"][0] == 0  # no transfer or licence in the registry
    assert found.percent == 50  # (100 + 0) / 2
    # Five firms certified in 2025 of the thirty the plan asks by 2027: item 5 at 17 %.
    five = WorkItem.objects.get(plan__title="宜都市知识产权强县建设方案", number="5")
    for n in range(5):
        firm = make_entity(f"宜都市贯标{n}号有限公司", "420581001", serial=f"000001{n:02d}")
        EntityTag.objects.create(entity=firm, tag=Tag.STANDARD_29490, valid_from=date(2025, 4, 1))
    assert services.measured(five, date(2025, 12, 31)).percent == 17
    client.force_login(roles["county"])
    page = client.get(reverse("supervision:item", args=[five.pk])).content.decode()
    assert "关联的指标目标" in page and "新增知识产权贯标企业" in page
    listing = client.get(reverse("supervision:plan", args=[five.plan.pk]), {"year": 2025, "quarter": 4})
    assert "17%（按指标）" in listing.content.decode()


def test_units_ranked_and_special_inspections(loaded, client, roles):
    """相关单位 ranked by their tasks (宜都 task 1 names its lead and responsible units in its text;
    others are entered), and a 专项督查 round whose findings carry rectification deadlines: a finding
    past its deadline and not put right counts against the unit and is marked on the round's page."""
    plan = WorkItem.objects.filter(plan__title="宜都市知识产权强县建设方案").first().plan
    items = list(plan.work_items.order_by("position"))
    first = items[0]
    assert (first.lead_unit, first.units) == ("市科技局", "市发改委、市经商局、市市场监管局")
    assert services.unit_names(first) == (["市科技局"], ["市发改委", "市经商局", "市市场监管局"])
    items[1].lead_unit, items[1].units = "市市场监管局", "市科技局、市财政局"
    items[1].save()
    services.report_add(item=first, year=2026, quarter=3, unit="市科技局", text="已完成", percent=100)
    services.report_add(item=items[1], year=2026, quarter=3, unit="市市场监管局", text="推进中", percent=40)
    day = date(2026, 9, 30)
    ranking = {u.unit: u for u in services.unit_ranking(plan, 2026, 3, day)}
    assert (ranking["市科技局"].led, ranking["市科技局"].involved, ranking["市科技局"].progress) == (
        1,
        1,
        100,
    )
    assert (
        ranking["市市场监管局"].led,
        ranking["市市场监管局"].involved,
        ranking["市市场监管局"].progress,
    ) == (1, 1, 40)
    assert list(ranking)[:2] == ["市科技局", "市市场监管局"]

    client.force_login(roles["county"])
    url = reverse("supervision:plan", args=[plan.pk])
    response = client.post(url, {"title": "2026年知识产权强县建设专项督查", "started_on": "2026-09-01",
                                 "scope": "实地查看、查阅台账"})  # fmt: skip
    inspection = plan.inspections.get()
    assert response.url == reverse("supervision:inspection", args=[inspection.pk])
    page_url = response.url
    client.post(page_url, {"action": "finding", "unit": "市科技局", "item": first.pk, "problem": "台账不全",
                           "rectify_by": "2026-08-01"})  # before the round: refused  # fmt: skip
    assert not inspection.findings.exists()
    client.post(page_url, {"action": "finding", "unit": "市科技局", "item": first.pk, "problem": "高价值专利培育台账不全",
                           "rectify_by": "2026-09-20"})  # fmt: skip
    client.post(page_url, {"action": "finding", "unit": "市市场监管局", "problem": "贯标企业未按季度报送",
                           "rectify_by": "2026-12-31"})  # fmt: skip
    assert inspection.findings.count() == 2
    ranking = services.unit_ranking(plan, 2026, 3, day)
    science = next(u for u in ranking if u.unit == "市科技局")
    assert (science.open_findings, science.overdue_findings) == (1, 1)  # past 20 September, not put right
    # The overdue finding sends it below every unit without one.
    assert (ranking[0].unit, ranking[-1].unit) == ("市市场监管局", "市科技局")
    page = client.get(page_url).content.decode()
    assert "逾期未整改" in page and "高价值专利培育台账不全" in page
    finding = inspection.findings.get(unit="市科技局")
    client.post(
        page_url,
        {"action": "rectified", "finding": finding.pk, "on": "2026-09-25", "rectification": "已补齐台账"},
    )
    finding.refresh_from_db()
    assert (finding.rectified_on, finding.rectification) == (date(2026, 9, 25), "已补齐台账")
    plan_page = client.get(url, {"year": 2026, "quarter": 3}).content.decode()
    assert (
        "相关单位排名" in plan_page
        and "2026年知识产权强县建设专项督查" in plan_page
        and "市经商局" in plan_page
    )
    client.force_login(roles["other_county"])
    assert client.get(page_url).status_code == 404
