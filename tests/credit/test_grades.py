"""Credit grades from records, tags and awards under the default scheme; adjustments; the
whitelist criterion that reads them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_entity, region
from tests.market.test_services import patent
from zhichan.assets.models import PatentAward
from zhichan.credit import services
from zhichan.credit.models import CreditGrade, CreditRecord
from zhichan.entities.models import Entity, EntityTag, Tag
from zhichan.finance.services import whitelist_build

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 30)


def grade(entity) -> CreditGrade:
    return CreditGrade.objects.get(entity=entity)


def test_records_tags_and_awards_score_while_they_count():
    good = make_entity("宜都市示范测试有限公司", "420581100", serial="00000601")
    bad = make_entity("宜都市处罚测试有限公司", "420581100", serial="00000602")
    EntityTag.objects.create(
        entity=good, tag=Tag.NATIONAL_DEMO, valid_from=date(2025, 1, 1), valid_to=date(2027, 12, 31)
    )
    p = patent(good, 31)
    PatentAward.objects.create(patent=p, award="中国专利奖", grade="优秀奖", year=2024)
    services.record_add(entity=bad, code="counterfeit_patent", occurred_on=date(2024, 5, 1), detail="假冒专利标识",
                        document="宜市监处罚〔2024〕12号")  # fmt: skip
    services.record_add(
        entity=bad, code="abnormal_patent", occurred_on=date(2022, 6, 1), detail="非正常申请 3 件"
    )
    services.grades_compute(entities=Entity.objects.filter(pk__in=[good.pk, bad.pk]), day=DAY)
    # good: 100 + 15 (demo tag) + 10 (award, counts five years from 2024-12-31) = 125 → A
    assert (grade(good).score, grade(good).grade) == (125, "A")
    assert {r["rule"] for r in grade(good).reasons} == {"national_ip_demo", "china_patent_award"}
    # bad: 100 − 30 (2024, five years); the 2022 abnormal filing counted three years, until 2025-06-01 → C
    assert (grade(bad).score, grade(bad).grade) == (70, "C")
    services.grades_compute(entities=Entity.objects.filter(pk=bad.pk), day=date(2025, 5, 31))
    assert grade(bad).score == 60 and grade(bad).grade == "D"


def test_revoked_records_stop_counting_and_adjustments_are_kept():
    firm = make_entity("宜都市复议测试有限公司", "420581100", serial="00000603")
    record = services.record_add(entity=firm, code="ip_penalty", occurred_on=date(2025, 1, 1), detail="处罚")
    entities = Entity.objects.filter(pk=firm.pk)
    services.grades_compute(entities=entities, day=DAY)
    assert grade(firm).score == 80
    with pytest.raises(ValidationError, match="理由"):
        services.grade_adjust(grade=grade(firm), to="A", reason=" ")
    services.grade_adjust(grade=grade(firm), to="C", reason="整改未完成")
    CreditRecord.objects.filter(pk=record.pk).update(revoked_on=date(2025, 9, 1))
    services.grades_compute(entities=entities, day=DAY)
    assert (grade(firm).score, grade(firm).computed_grade, grade(firm).grade) == (100, "B", "C")
    with pytest.raises(ValidationError):
        services.record_add(entity=firm, code="no_such_rule", occurred_on=DAY, detail="x")


def test_whitelist_excludes_low_grades(roles):
    firm = roles["yidu_firm"]
    patent(firm, 32)
    services.record_add(entity=firm, code="serious_dishonesty", occurred_on=date(2025, 1, 1), detail="失信")
    services.grades_compute(entities=Entity.objects.filter(pk=firm.pk), day=DAY)
    assert grade(firm).grade == "D"
    criteria = {"min_valid_patents": 1, "exclude_grades": ["D"]}
    assert not whitelist_build(
        name="甲", region=region("420581"), criteria=criteria, day=DAY
    ).candidates.exists()
    assert (
        whitelist_build(
            name="乙", region=region("420581"), criteria={"min_valid_patents": 1}, day=DAY
        ).candidates.count()
        == 1
    )


def test_pages(client, roles):
    firm = roles["yidu_firm"]
    client.force_login(roles["county"])
    assert client.post(reverse("credit:grades")).status_code == 302
    response = client.post(reverse("credit:entity", args=[firm.pk]), {
        "action": "record", "code": "ip_penalty", "occurred_on": str(DAY - timedelta(days=10)), "detail": "处罚决定",
        "document": "宜市监处罚〔2026〕1号"})  # fmt: skip
    assert response.status_code == 302 and grade(firm).score == 80
    page = client.get(reverse("credit:entity", args=[firm.pk])).content.decode()
    assert "宜市监处罚〔2026〕1号" in page and "知识产权行政处罚" in page
    client.force_login(roles["other_county"])
    assert client.get(reverse("credit:entity", args=[firm.pk])).status_code == 404
