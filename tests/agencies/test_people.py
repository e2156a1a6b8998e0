"""People counted: the plan's talent-pool targets (第42项 a volunteer team of ten with three patent
attorneys or intermediate titles, 第43项 ten new commissioners a year) computed from a hand-made
roster imported as Excel — with a bad row reported by number and the rest kept — and from people
entered on the page."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import region
from zhichan.agencies import services
from zhichan.agencies.models import Expert

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster() -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "序号",
            "姓名",
            "类型",
            "工作单位",
            "职称",
            "专业领域",
            "所属队伍",
            "加入日期",
            "退出日期",
            "专利代理师或中级职称",
            "联系电话",
        ]
    )
    team = "宜都市知识产权服务志愿者队"
    people = [
        (
            "刘思源",
            "知识产权志愿者",
            "湖北楚知专利代理事务所",
            "专利代理师",
            "专利代理",
            team,
            date(2025, 4, 26),
            None,
            "是",
        ),
        ("张雅琴", "知识产权志愿者", "三峡大学", "副教授", "知识产权法", team, "2025/4/26", None, "是"),
        ("王建", "知识产权志愿者", "宜都市科技局", "", "政策咨询", team, "2025年4月26日", None, "否"),
        (
            "陈曦",
            "知识产权志愿者",
            "宜都市市场监督管理局",
            "知识产权师（中级）",
            "商标",
            team,
            "2025-04-26",
            "2026-01-31",
            "是",
        ),
        ("周敏", "志愿者", "宜都市律师协会", "律师", "维权", team, "2025-06-01", None, "否"),
        (
            "黄磊",
            "知识产权专员",
            "宜都东阳光化成箔有限公司",
            "工程师",
            "电子材料",
            "",
            "2026-03-15",
            None,
            "否",
        ),
        ("吴婷", "专员", "湖北宜化肥业有限公司", "", "化工", "", "2026-05-20", None, "否"),
        ("", "知识产权专员", "某公司", "", "", "", "2026-05-20", None, "否"),  # no name: refused
        ("郑伟", "知识产权专员", "湖北兴发化工", "", "化工", "", "2026-02-30", None, "否"),  # no such day
    ]
    for n, person in enumerate(people, start=1):
        sheet.append([n, *person, "13800000000"])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("宜都市知识产权人才名册.xlsx", buffer.getvalue(), content_type=XLSX)


def test_targets_from_a_hand_made_roster(client, roles):
    assert services.people_targets_load() == 3
    client.force_login(roles["county"])
    response = client.post(reverse("agencies:experts"), {"action": "import", "file": roster()}, follow=True)
    page = response.content.decode()
    assert "新增 7 人" in page and "第9行" in page and "第10行" in page and "2026-02-30" in page
    assert Expert.objects.filter(region__code="420581").count() == 7
    liu = Expert.objects.get(name="刘思源")
    assert (liu.kind, liu.team, liu.joined_on, liu.qualified) == ("volunteer", "宜都市知识产权服务志愿者队",
                                                                  date(2025, 4, 26), True)  # fmt: skip
    assert not Expert.objects.get(name="陈曦").active  # left on 31 January 2026
    yidu = region("420581")
    got = {
        (p.target.kind, p.target.measure): p for p in services.people_progress(yidu, 2026, date(2026, 12, 7))
    }
    # On 7 December 2026 the team has 4 members (陈曦 left), 2 of them qualified; two commissioners joined.
    assert (got["volunteer", "team_size"].value, got["volunteer", "team_qualified"].value) == (4, 2)
    assert got["commissioner", "joined"].value == 2 and not got["commissioner", "joined"].met
    at_2025 = {
        (p.target.kind, p.target.measure): p.value
        for p in services.people_progress(yidu, 2025, date(2026, 12, 7))
    }
    assert at_2025 == {
        ("volunteer", "team_size"): 5,
        ("volunteer", "team_qualified"): 3,
        ("commissioner", "joined"): 0,
    }
    # Entered on the page: six more volunteers (one qualified) and the team is complete.
    for n in range(6):
        client.post(reverse("agencies:experts"), {
            "kind": "volunteer", "name": f"志愿者{n}", "unit": "宜都市知识产权服务中心", "specialities": "咨询",
            "team": "宜都市知识产权服务志愿者队", "joined_on": "2026-04-26", "qualified": "1" if n == 0 else "",
        })  # fmt: skip
    got = {
        (p.target.kind, p.target.measure): p for p in services.people_progress(yidu, 2026, date(2026, 12, 7))
    }
    assert (got["volunteer", "team_size"].value, got["volunteer", "team_qualified"].value) == (10, 3)
    assert got["volunteer", "team_size"].met and got["volunteer", "team_qualified"].met
    page = client.get(reverse("agencies:experts"), {"year": 2026}).content.decode()
    assert "第42项" in page and "第43项" in page and "已完成" in page and "未完成" in page
    # The same roster again updates, adds nobody.
    response = client.post(reverse("agencies:experts"), {"action": "import", "file": roster()}, follow=True)
    assert "新增 0 人，更新 7 人" in response.content.decode()
