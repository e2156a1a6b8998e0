"""Quarterly rankings on a weighted composite, their movement, and the 通报 document."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from tests.monitor.test_compute import HONGHUATAO, LUCHENG, patent, region
from zhichan.assets.models import Trademark
from zhichan.monitor import rankings
from zhichan.monitor.models import RankingScheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(settings):
    settings.HOME_REGION_CODE = "420581"
    patent(LUCHENG)
    patent(LUCHENG)
    patent(HONGHUATAO)
    for n in range(4):  # registered in the second quarter of 2025
        Trademark.objects.create(number=f"9{n}", title="测试", holders="宜都市测试有限公司", nice_class=30,
                                 region=region(HONGHUATAO), registered_on=date(2025, 5, 1))  # fmt: skip
    return RankingScheme.objects.create(
        name="测试排名", region=region("420581"),
        weights=[{"indicator": "invention_valid", "weight": 60}, {"indicator": "trademark_valid", "weight": 40}],
    )  # fmt: skip


def test_scores_ranks_and_movement(scheme):
    rows = rankings.ranking(scheme, 2025, 2)
    by_name = {r.region.code: r for r in rows}
    # 红花套: 1 of the best 2 patents (50) × 60 + all 4 marks (100) × 40 = 70; 陆城: 100 × 60 = 60.
    assert (by_name[HONGHUATAO].score, by_name[HONGHUATAO].rank) == (Decimal("70.00"), 1)
    assert (by_name[LUCHENG].score, by_name[LUCHENG].rank) == (Decimal("60.00"), 2)
    assert by_name[HONGHUATAO].points == {
        "invention_valid": Decimal("50.0"),
        "trademark_valid": Decimal("100.0"),
    }
    # In the first quarter the marks did not exist: 陆城 led, 红花套 (30) second.
    assert (by_name[HONGHUATAO].previous_rank, by_name[HONGHUATAO].movement) == (2, 1)
    assert by_name[LUCHENG].movement == -1
    others = [r for r in rows if r.region.code not in (LUCHENG, HONGHUATAO)]
    assert {r.rank for r in others} == {3} and all(r.score == 0 for r in others)  # a shared rank
    assert len(rows) == region("420581").children.count()


def test_quarters():
    assert rankings.parse_quarter("2025q2") == (2025, 2)
    with pytest.raises(ValidationError):
        rankings.parse_quarter("2025Q5")
    assert rankings.latest_quarter(date(2026, 1, 15)) == (2025, 4)
    assert rankings.latest_quarter(date(2026, 11, 23)) == (2026, 3)


def test_the_bulletin_document(client, roles, scheme):
    client.force_login(roles["county"])
    page = client.get(reverse("monitor:rankings"), {"quarter": "2025Q2"})
    assert page.status_code == 200 and [r.rank for r in page.context["rows"]][:2] == [1, 2]
    response = client.get(reverse("monitor:bulletin"), {"scheme": scheme.pk, "quarter": "2025Q2"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2025年第二季度宜都市各单位知识产权重点指标排名情况的通报" in text
    assert "较上季度进步最大：红花套镇（上升1位）" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:4] == ["排名", "单位", "综合得分", "较上季度"]
    assert [c.text for c in table.rows[1].cells][:4] == ["1", "红花套镇", "70.00", "↑1"]
    assert (
        client.get(reverse("monitor:bulletin"), {"scheme": scheme.pk, "quarter": "2025Q9"}).status_code == 404
    )
    client.force_login(roles["other_county"])  # 枝江 cannot see 宜都's scheme
    assert client.get(reverse("monitor:bulletin"), {"scheme": scheme.pk}).status_code == 404


def test_an_official_sets_the_weights_of_the_office(client, roles, settings):
    settings.HOME_REGION_CODE = "420581"
    client.force_login(roles["county"])
    url = reverse("monitor:rankings")
    response = client.post(
        url, {"name": "季度排名", "weight_high_value_per_10k": "50", "weight_pledge_amount": "50"}
    )
    scheme = RankingScheme.objects.get()
    assert response.status_code == 302 and scheme.region.code == "420581"
    assert scheme.weights == [
        {"indicator": "high_value_per_10k", "weight": 50},
        {"indicator": "pledge_amount", "weight": 50},
    ]
    client.post(url, {"scheme": scheme.pk, "name": "季度排名", "weight_pledge_amount": "-1"})
    scheme.refresh_from_db()
    assert len(scheme.weights) == 2  # refused: a negative weight
    messages = [str(m) for m in client.get(url).context["messages"]]
    assert "质押融资额的权重不能为负" in messages[-1]
    client.force_login(roles["other_county"])
    assert client.post(url, {"scheme": scheme.pk, "name": "x", "weight_gi_valid": "1"}).status_code == 404
