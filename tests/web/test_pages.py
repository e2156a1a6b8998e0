import pytest
from django.urls import reverse

from zhichan.regions.models import RegionFigure

pytestmark = pytest.mark.django_db


def test_home_shows_the_county(client, roles):
    from zhichan.regions.services import figure_upsert

    yidu = roles["yidu_firm"].region.parent
    figure_upsert(region=yidu, year=2023, values={"gdp": "9206000"})
    figure_upsert(region=yidu, year=2024, values={"resident_population": 357944})
    client.force_login(roles["county"])
    page = client.get(reverse("home")).content.decode()
    assert "常住人口（2024年）" in page and "地区生产总值（万元）（2023年）" in page and "9,206,000" in page
    assert "宜都市 知识产权工作总览" in page
    assert "创新主体" in page and "echarts" in page


def test_region_detail_and_figure_entry(client, roles):
    client.force_login(roles["county"])
    response = client.post(
        reverse("regions:figure_save", args=["420581100"]),
        {"year": 2024, "resident_population": "30100", "gdp": "120000.5", "source": "镇统计站"},
    )
    assert response.status_code == 302
    figure = RegionFigure.objects.get(region__code="420581100", year=2024)
    assert figure.resident_population == 30100 and figure.updated_by == roles["county"]
    page = client.get(reverse("regions:detail", args=["420581100"])).content.decode()
    assert "红花套镇" in page and "30100" in page and "镇统计站" in page


def test_region_list_starts_at_the_users_region(client, roles):
    client.force_login(roles["county"])
    codes = [r.code for r in client.get(reverse("regions:list")).context["page"]]
    assert codes[0] == "420581" and len(codes) == 12
    searched = [r.code for r in client.get(reverse("regions:list"), {"q": "枝江"}).context["page"]]
    assert searched == []


def test_resolve_page(client, roles):
    client.force_login(roles["county"])
    page = client.post(
        reverse("regions:resolve"), {"addresses": "湖北省宜都市红花套镇\n朝阳区"}
    ).content.decode()
    assert "420581100" in page and "unknown" in page


def test_health(client):
    found = client.get(reverse("health")).json()
    assert found["status"] == "ok" and found["checks"]["migrations"] == {"ok": True, "pending": 0}


def test_figures_template_is_xlsx(client, roles):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(roles["county"])
    response = client.get(reverse("regions:figures_template"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "区划代码" and rows[1][0] == "420581" and len(rows) == 13


def test_help_opens_the_manual_of_ones_role(client, roles):
    client.force_login(roles["county"])
    home = client.get(reverse("home")).content.decode()
    assert 'href="/help/official/">帮助</a>' in home
    page = client.get(reverse("help_page", args=["official"])).content.decode()
    assert "省、市局工作人员" in page  # lines wrapped in the Markdown join without a space
    assert "<h1>县市局工作人员手册</h1>" in page and 'src="/help/img/official-board.jpg"' in page
    index = client.get(reverse("help_index")).content.decode()
    assert 'href="/help/enterprise/"' in index  # links between the Markdown files work in the app
    image = client.get(reverse("help_image", args=["official-board"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert client.get("/help/..%2Fsettings/").status_code == 404
    assert client.get(reverse("help_image", args=["missing"])).status_code == 404
    client.force_login(roles["enterprise"])
    assert 'href="/help/enterprise/">帮助</a>' in client.get(reverse("notices:list")).content.decode()
