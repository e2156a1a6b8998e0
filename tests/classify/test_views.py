"""The classification pages: explanation, region figures that match direct queries, the xlsx
working file, permissions."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.classify.test_engine import make_patent
from tests.conftest import make_user
from zhichan.assets.models import PatentKind
from zhichan.classify import engine
from zhichan.classify.engine import classify
from zhichan.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_patents():
    yidu = Region.objects.get(code="420581")
    elsewhere = Region.objects.get(code="420502")
    made = [
        make_patent("F03D 1/06", title="一种风力发电机叶片"),  # 6.2, valid invention
        make_patent(
            "G06N 3/08", title="一种神经网络训练方法", filed=date(2012, 1, 5), granted=date(2015, 3, 3)
        ),
        make_patent("A23F 3/06", title="一种茶叶揉捻装置", kind=PatentKind.UTILITY),
        make_patent("A23F 3/06", title="一种茶饮料", granted=None),  # pending invention
        make_patent("F03D 1/06", title="外县的叶片"),
    ]
    for patent in made[:4]:
        patent.region = yidu
        patent.save()
    made[4].region = elsewhere
    made[4].save()
    classify(engine.default_ruleset())
    return made


def test_summary_counts_match_direct_queries(client, county_patents):
    client.force_login(make_user("yidu", region_code="420581"))
    response = client.get(reverse("classify:summary"), {"on": "2025-06-30"})
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["totals"]["patents"] == 4  # the other county's patent is out of scope
    assert figures["totals"]["valid_inventions"] == 2
    # High-value on 2025-06-30: the wind blade (SEI), the AI patent (SEI, and maintained >10 years).
    assert figures["totals"]["high_value"] == 2
    sei = {row["code"]: (row["all"], row["valid"]) for row in figures["sei"]}
    assert sei["6.2"] == (1, 1) and sei["1.5"] == (1, 1) and sei["1.1"] == (0, 0)
    criteria = {c["bit"]: c["count"] for c in figures["criteria"]}
    assert criteria[engine.SEI_BIT] == 2 and criteria[engine.MAINTAINED_BIT] == 1
    assert "国际专利分类与国民经济行业分类参照关系表" in response.content.decode()
    # The drill-down link lists the same patents.
    listed = client.get(reverse("assets:patents"), {"on": "2025-06-30", "high_value": "true"})
    assert {p.pk for p in listed.context["page"]} == {county_patents[0].pk, county_patents[1].pk}
    listed = client.get(reverse("assets:patents"), {"sei": "6"})
    assert [p.pk for p in listed.context["page"]] == [county_patents[0].pk]


def test_export_is_the_working_file(client, county_patents):
    client.force_login(make_user("yidu", region_code="420581"))
    response = client.get(reverse("classify:export"), {"on": "2025-06-30"})
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = list(book["专利分类"].iter_rows(values_only=True))
    body = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(body) == 4 and "外县的叶片" not in {r["名称"] for r in body.values()}
    ai = body[county_patents[1].number]
    assert (ai["战略性新兴产业代码"], ai["战略性新兴产业名称"], ai["高价值发明专利"]) == (
        "1.5",
        "人工智能",
        "是",
    )
    assert ai["满足的高价值条件"] == "属于战略性新兴产业；维持年限超过10年"
    assert body[county_patents[3].number]["高价值发明专利"] == "否"  # pending
    notes = dict(book["口径说明"].iter_rows(min_row=2, values_only=True))
    assert notes["规则版本"] == "默认口径" and notes["IPC—国民经济行业参照表"] == "（未导入）"
    assert "待补数据" in notes


def test_explanation_page_and_patent_panel(client, county_patents):
    client.force_login(make_user("yidu", region_code="420581"))
    page = client.get(reverse("classify:patent", args=[county_patents[1].pk])).content.decode()
    assert "1.5 人工智能" in page and "与已存结果一致" in page and "G06N 3/08" in page
    detail = client.get(reverse("assets:patent", args=[county_patents[1].pk])).content.decode()
    assert "1.5 人工智能" in detail and "查看分类依据" in detail
    # Another county's patent is not theirs to see.
    assert client.get(reverse("classify:patent", args=[county_patents[4].pk])).status_code == 404


def test_overview_and_recompute_permissions(client, county_patents):
    client.force_login(make_user("yidu", region_code="420581"))
    page = client.get(reverse("classify:overview")).content.decode()
    assert "战略性新兴产业分类与国际专利分类参照关系表" in page and "等待导入" in page
    ruleset = engine.default_ruleset()
    assert client.post(reverse("classify:recompute", args=[ruleset.pk])).status_code == 403
    client.force_login(make_user("root", superuser=True))
    response = client.post(reverse("classify:recompute", args=[ruleset.pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("classify:summary")).status_code == 302  # to the login page


def test_the_home_office_sets_a_threshold_with_its_basis_and_the_version_is_redone(
    client, county_patents, settings
):
    """The pledge amount of the high-value criterion (the plan gives no figure): set on a page by
    the installation's own office with its basis, audited, and the rule version reclassified."""
    from auditlog.models import LogEntry

    settings.HOME_REGION_CODE = "420581"
    ruleset = engine.default_ruleset()
    url = reverse("classify:thresholds", args=[ruleset.pk])
    client.force_login(make_user("t_zhijiang_admin", region_code="420583"))
    assert client.get(url).status_code == 403  # another county's office: the versions are shared
    admin = make_user("t_yidu_admin", region_code="420581", office_admin=True)
    client.force_login(admin)
    form = client.get(url)
    assert form.status_code == 200 and "较高质押融资金额" in form.text
    data = {"ipc_scope": "all", "maintained_years": 10, "pledge_amount_yuan": 5_000_000,
            "awards": "中国专利奖、国家科学技术奖、国家自然科学奖、国家技术发明奖、国家科学技术进步奖、国际科学技术合作奖",
            "family_domestic": "CN、WO", "family_application_kinds": "A、A1、A2、A3、A8、A9"}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200 and "与默认值不同，请写明依据" in refused.text
    ruleset.refresh_from_db()
    assert engine.thresholds(ruleset)["pledge_amount_yuan"] == 10_000_000 and not ruleset.stale
    basis = "宜昌市市场监督管理局《高价值发明专利统计口径》（宜市监知〔2026〕3号）"
    assert client.post(url, data | {"pledge_amount_yuan__source": basis}).status_code == 302
    ruleset.refresh_from_db()
    assert ruleset.thresholds == {"pledge_amount_yuan": 5_000_000}
    assert ruleset.threshold_sources == {"pledge_amount_yuan": basis}
    assert ruleset.stale  # classified again under the new amount (a task, tests/classify)
    assert basis in client.get(reverse("classify:overview")).text
    change = LogEntry.objects.get_for_object(ruleset).first()
    assert change.actor == admin and "pledge_amount_yuan" in str(change.changes)
    # Back to the default: nothing stored, no basis needed.
    assert client.post(url, data | {"pledge_amount_yuan": 10_000_000}).status_code == 302
    ruleset.refresh_from_db()
    assert (ruleset.thresholds, ruleset.threshold_sources) == ({}, {})
