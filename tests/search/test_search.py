"""One search box: each kind found through the rows the user may open, Chinese queries word by
word, complainants never found by their name or phone."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import region
from zhichan.assets.models import Patent, PatentKind
from zhichan.lib import patentno
from zhichan.protection import services as protection

pytestmark = pytest.mark.django_db


def results(client, user, query: str) -> dict[str, list[str]]:
    client.force_login(user)
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200
    return {g.label: [title for title, _d, _u in g.rows] for g in response.context["groups"]}


def test_a_county_official_finds_its_county_only(client, roles):
    assert results(client, roles["county"], "测试化工") == {"创新主体": ["宜都市测试化工有限公司"]}
    assert results(client, roles["county"], "枝江市测试酒业") == {}
    assert "枝江市测试酒业有限公司" in results(client, roles["province"], "测试酒业")["创新主体"]
    code = roles["yidu_firm"].credit_code
    assert results(client, roles["county"], code)["创新主体"] == ["宜都市测试化工有限公司"]


def test_patents_by_number_and_by_words(client, roles):
    firm = roles["yidu_firm"]
    number = patentno.make("202310012345")
    Patent.objects.create(number=number, kind=PatentKind.INVENTION, title="一种锂离子电池正极材料的制备方法",
                          filed_on=date(2023, 3, 1), applicants=firm.name, first_applicant=firm, region=firm.region)  # fmt: skip
    found = results(client, roles["county"], "CN" + number)
    assert found["专利"] == ["一种锂离子电池正极材料的制备方法"]
    # Not a substring of the title as typed, but each of its words is.
    assert results(client, roles["county"], "电池 制备方法 正极")["专利"] == [
        "一种锂离子电池正极材料的制备方法"
    ]
    assert results(client, roles["county"], "正极材料锂离子")["专利"] == ["一种锂离子电池正极材料的制备方法"]
    assert "专利" not in results(client, roles["other_county"], "锂离子电池")
    # Words found in different fields: the applicant's name and the title.
    assert results(client, roles["county"], "宜都 正极材料")["专利"] == ["一种锂离子电池正极材料的制备方法"]
    assert results(client, roles["county"], "宜都 化工")["创新主体"] == ["宜都市测试化工有限公司"]


def test_complaints_by_respondent_and_receipt_never_by_the_complainant(client, roles):
    complaint = protection.complaint_file(
        kind="complaint", region=region("420581"), phone="13811112222", name="张三维权",
        subject="宜都市某电器商行", description="销售假冒本公司专利标识的电热水壶。",
    )  # fmt: skip
    assert results(client, roles["county"], "某电器商行")["投诉举报"] == [
        "投诉（维护自身权益）：宜都市某电器商行"
    ]
    assert results(client, roles["county"], complaint.receipt.lower())["投诉举报"] == [
        "投诉（维护自身权益）：宜都市某电器商行"
    ]
    assert "投诉举报" not in results(client, roles["county"], "张三维权")
    assert "投诉举报" not in results(client, roles["county"], "13811112222")
    assert "投诉举报" not in results(client, roles["other_county"], "某电器商行")


def test_the_box_is_for_the_back_office(client, roles):
    client.force_login(roles["enterprise"])
    assert client.get(reverse("search:results"), {"q": "测试"}).status_code in (302, 403)
    client.force_login(roles["county"])
    page = client.get(reverse("home")).content.decode()
    assert 'action="/search/"' in page and 'for="site-search"' in page
    empty = client.get(reverse("search:results"), {"q": "不存在的名称甲乙丙"}).content.decode()
    assert "没有找到与“不存在的名称甲乙丙”相关的内容" in empty
