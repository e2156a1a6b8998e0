"""The monitoring pages: board, drill-down and its export, plans and a target, scoped by region."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.monitor.test_compute import LUCHENG, patent
from zhichan.monitor.models import Target
from zhichan.monitor.plans import plans_load

pytestmark = pytest.mark.django_db


def test_the_board_shows_the_county_and_its_townships(client, roles):
    patent(LUCHENG)
    client.force_login(roles["county"])
    response = client.get(reverse("monitor:board"), {"as_of": "2025-06-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "每万人口发明专利拥有量" in page and "陆城街道" in page
    regions = [r.code for r in response.context["regions"]]
    assert regions[0] == "420581" and LUCHENG in regions
    data = client.get(reverse("monitor:board_data", args=["json"]), {"as_of": "2025-06-30"}).json()
    assert data["regions"][0]["values"]["invention_valid"]["value"] == "1"
    book = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    reverse("monitor:board_data", args=["xlsx"]), {"as_of": "2025-06-30"}
                ).streaming_content
            )
        )
    )
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["区划代码", "区划", "指标代码", "指标", "单位", "数值"]
    # Codes for machines, hidden from readers; numbers a spreadsheet can add up; header frozen.
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["C"].hidden
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = {(r[0].value, r[2].value): r for r in sheet.iter_rows(min_row=2)}
    valid = rows[("420581", "invention_valid")][5]
    assert valid.value == 1 and valid.data_type == "n" and valid.number_format == "#,##0"
    assert rows[("420581", "invention_per_10k")][5].value is None  # no population figure: empty, not "None"
    assert sheet.column_dimensions["D"].width >= 2 * len("每万人口发明专利拥有量")  # wide enough to read


def test_drill_down_lists_and_exports_the_counted_patents(client, roles):
    counted = patent(LUCHENG)
    patent(LUCHENG, granted=None)  # pending: not counted
    client.force_login(roles["county"])
    query = {"indicator": "invention_per_10k", "region": "420581", "as_of": "2025-06-30"}
    response = client.get(reverse("monitor:records"), query)
    assert response.status_code == 200
    assert [row[1][0] for row in response.context["table"]] == [counted.number]
    export = client.get(reverse("monitor:records_export", args=["csv"]), query)
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "申请号" and [r[0] for r in rows[1:]] == [counted.number]
    # The denominator of a per-capita figure is a region figure, not records.
    assert client.get(reverse("monitor:records"), {**query, "part": "denominator"}).status_code == 404


def test_another_county_cannot_open_this_county(client, roles):
    client.force_login(roles["other_county"])
    assert client.get(reverse("monitor:board"), {"region": "420581"}).status_code == 404
    query = {"indicator": "invention_valid", "region": "420581"}
    assert client.get(reverse("monitor:records"), query).status_code == 404
    assert client.get(reverse("monitor:records_export", args=["xlsx"]), query).status_code == 404


def test_plans_and_targets_for_the_county_and_above(client, roles, settings):
    settings.HOME_REGION_CODE = "420581"
    plans_load()
    client.force_login(roles["county"])
    response = client.get(reverse("monitor:plans"), {"as_of": "2025-06-30"})
    titles = {plan.title for plan, _rows in response.context["plans"]}
    assert titles == {"宜都市知识产权强县建设方案", "2025年全省知识产权工作要点"}  # not 黄石's or 随州's
    target = Target.objects.get(plan__region__code="420581", indicator="invention_valid")
    response = client.get(reverse("monitor:target", args=[target.pk]), {"as_of": "2025-06-30"})
    assert response.status_code == 200 and "到期预测" in response.content.decode()
    assert response.context["p"].baseline == 383  # the plan's own figure
    huangshi = Target.objects.filter(plan__region__code="420200").first()
    assert client.get(reverse("monitor:target", args=[huangshi.pk])).status_code == 404
    assert date(2027, 12, 31) == target.deadline


def test_the_peer_comparison_of_the_yidu_plan(client, roles, settings):
    settings.HOME_REGION_CODE = "420581"
    plans_load()
    patent(LUCHENG)
    client.force_login(roles["county"])
    response = client.get(reverse("monitor:peers"), {"as_of": "2025-06-30"})
    assert response.status_code == 200
    charts = {c["code"]: c["bars"] for c in response.context["charts"]}
    # Ordered as the plan's figure 2, with 宜都 from the registry in its place.
    assert charts["invention_valid"][:2] == [("长兴县", "1124", "entered"), ("肥东县", "980", "entered")]
    assert ("宜都市", "1", "registry") in charts["invention_valid"]
    assert ("潜江市", None, "missing") in charts["invention_valid"]  # not in figure 2
    client.force_login(roles["other_county"])  # 枝江 does not own or sit under the set
    assert client.get(reverse("monitor:peers")).context["peer"] is None


def test_composition_and_trend_charts_download_as_data(client, roles):
    from zhichan.assets.models import PatentKind
    from zhichan.classify import engine

    patent(LUCHENG, ipc="H04W 4/02")  # 新一代信息技术产业
    patent(LUCHENG, kind=PatentKind.UTILITY, ipc="F03D 1/06")  # 新能源产业
    patent(LUCHENG, granted=None)  # pending: not in a valid composition
    engine.classify(engine.default_ruleset())
    client.force_login(roles["county"])
    query = {"as_of": "2025-06-30"}
    page = client.get(reverse("monitor:board"), query)
    charts = {c["key"]: c for c in page.context["charts"]}
    assert charts["kind"]["series"][0]["data"] == [1, 1, 0]  # 发明, 实用新型, 外观设计
    sei = dict(zip(charts["sei_mask"]["categories"], charts["sei_mask"]["series"][0]["data"], strict=True))
    assert sei["新一代信息技术产业"] == 1 and sei["新能源产业"] == 1 and sei["生物产业"] == 0
    trend = charts["trend"]
    assert trend["categories"][-1] == "2025-06-30" and trend["series"][0]["data"][-1] == "1"
    response = client.get(reverse("monitor:chart_data", args=["kind", "csv"]), query)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [["", "有效专利"], ["发明", "1"], ["实用新型", "1"], ["外观设计", "0"]]
    assert client.get(reverse("monitor:chart_data", args=["nope", "csv"]), query).status_code == 404


def _sheet(rows) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "values.xlsx"
    return buffer


def test_entered_values_import_reports_bad_rows_and_keeps_the_rest(client, roles, settings):
    from zhichan.monitor.models import EnteredValue

    settings.HOME_REGION_CODE = "420581"
    plans_load()  # the peer set makes its members enterable for 宜都
    client.force_login(roles["county"])
    rows = [["区划代码", "指标", "截至日期", "数值", "来源"],
            ["330522", "有效发明专利量", "2025-06-30", "1200", "长兴县市场监管局"],
            ["340122", "invention_valid", 2025, "1,010", "肥东县统计公报"],
            ["999999", "invention_valid", "2025-06-30", "1", "x"],
            ["321081", "不存在的指标", "2025-06-30", "1", "x"],
            ["420583", "invention_valid", "2025-06-30", "", "x"],
            ["110101", "invention_valid", "2025-06-30", "5", "北京"],
            ["321081", "invention_valid", "2025-06-30", "900", ""]]  # fmt: skip
    response = client.post(reverse("monitor:values_import"), {"file": _sheet(rows)})
    report = response.context["report"]
    assert (report.rows_read, report.created) == (7, 2)
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "区划代码"), (5, "指标"), (6, "数值"), (7, "区划代码"), (8, "来源")]  # fmt: skip
    assert "无权录入" in report.errors[3].message  # 北京 is neither 宜都 nor a peer
    assert EnteredValue.objects.get(region__code="340122", on=date(2025, 12, 31)).value == 1010
    cells = client.get(reverse("monitor:peers"), {"as_of": "2025-07-01"}).context["charts"][0]["bars"]
    assert ("长兴县", "1200", "entered") in cells


def test_a_figure_that_cannot_be_counted_says_so_on_the_board(client, roles):
    """专利密集型产业专利量 without its IPC–industry table: "无法计算" and why, never 0."""
    from zhichan.classify import engine

    patent(LUCHENG, ipc="C07C 51/42")
    engine.classify(engine.default_ruleset())
    client.force_login(roles["county"])
    page = client.get(reverse("monitor:board")).content.decode()
    assert "无法计算" in page and "缺少IPC—国民经济行业参照表" in page
