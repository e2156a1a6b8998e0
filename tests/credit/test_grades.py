"""Credit grades from records, tags and awards under the default scheme; adjustments; the
whitelist criterion that reads them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_entity, region
from tests.market.test_services import patent
from zhichan.assets.models import PatentApplicant, PatentAward
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


def reasons(entity, day=DAY) -> list[tuple]:
    scheme = services.current_scheme()
    ((score, found),) = services.assess([entity.pk], day, scheme).values()
    return score, [(r["rule"], r["label"], r["points"], r["fact"]) for r in found]


def test_each_reason_names_its_rule_points_and_the_fact_behind_it():
    firm = make_entity("宜都市理由测试有限公司", "420581100", serial="00000604")
    services.record_add(entity=firm, code="ip_penalty", occurred_on=date(2026, 6, 30), detail="处罚")
    services.record_add(entity=firm, code="counterfeit_patent", occurred_on=date(2024, 5, 1), detail="假冒专利标识",
                        document="宜市监处罚〔2024〕12号")  # fmt: skip
    CreditRecord.objects.create(
        entity=firm, code="rule_of_an_old_scheme", occurred_on=date(2025, 1, 1), detail="旧"
    )
    EntityTag.objects.create(entity=firm, tag=Tag.NATIONAL_DEMO)  # no dates: held throughout
    p = patent(firm, 33)
    PatentAward.objects.create(patent=p, award="中国专利奖", grade="优秀奖", year=2024)
    assert reasons(firm) == (
        100 - 30 - 20 + 15 + 10,
        [
            (
                "counterfeit_patent",
                "假冒专利行政处罚",
                -30,
                "2024-05-01 假冒专利标识（宜市监处罚〔2024〕12号）",
            ),
            # a record counts from its own day
            ("ip_penalty", "知识产权行政处罚（其他）", -20, "2026-06-30 处罚（无文书号）"),
            ("national_ip_demo", "国家知识产权示范企业", 15, "持有标签"),
            ("china_patent_award", "获中国专利奖", 10, f"2024 中国专利奖优秀奖（{p.number}）"),
        ],
    )
    assert reasons(firm, date(2026, 6, 29))[0] == 100 - 30 + 15 + 10  # the penalty not yet


def test_a_record_stops_counting_on_its_anniversary():
    firm = make_entity("宜都市期满测试有限公司", "420581100", serial="00000605")
    services.record_add(entity=firm, code="ip_penalty", occurred_on=date(2023, 6, 30), detail="处罚")
    assert reasons(firm, date(2026, 6, 29))[0] == 80  # three years: the last day counted
    assert reasons(firm, date(2026, 6, 30)) == (100, [])
    assert reasons(firm, date(2023, 6, 29)) == (100, [])


def test_tags_count_only_within_their_validity():
    firm = make_entity("宜都市标签期测试有限公司", "420581100", serial="00000606")
    tag = EntityTag.objects.create(entity=firm, tag=Tag.NATIONAL_DEMO, valid_from=DAY, valid_to=DAY)
    assert reasons(firm)[0] == 115
    assert reasons(firm, DAY - timedelta(days=1))[0] == 100
    assert reasons(firm, DAY + timedelta(days=1))[0] == 100
    tag.valid_from = None
    tag.save()
    assert reasons(firm, date(2000, 1, 1))[0] == 115
    tag.valid_from, tag.valid_to = DAY, None
    tag.save()
    assert reasons(firm, date(2099, 1, 1))[0] == 115


def test_every_award_counts_once_even_where_the_entity_holds_a_patent_twice():
    firm = make_entity("宜都市双奖测试有限公司", "420581100", serial="00000607")
    first, second = patent(firm, 34), patent(firm, 35)
    # a merged duplicate: the same entity at two applicant positions of one patent
    PatentApplicant.objects.create(patent=first, position=2, name="宜都市双奖测试公司", entity=firm)
    PatentAward.objects.create(patent=second, award="中国专利奖", grade="优秀奖", year=2024)  # entered first
    PatentAward.objects.create(patent=first, award="中国专利奖", grade="银奖", year=2024)
    PatentAward.objects.create(patent=second, award="中国专利奖", grade="优秀奖", year=2023)
    score, found = reasons(firm)
    assert score == 130
    assert [fact for *_, fact in found] == [  # by award year, then patent number
        f"2023 中国专利奖优秀奖（{second.number}）",
        f"2024 中国专利奖银奖（{first.number}）",
        f"2024 中国专利奖优秀奖（{second.number}）",
    ]
    # five years from the end of the award year: 2023's counts through 2028-12-30
    assert reasons(firm, date(2028, 12, 30))[0] == 130
    assert reasons(firm, date(2028, 12, 31))[0] == 120


def test_a_region_grades_under_its_own_scheme_and_the_nearest_one_wins():
    """宜都's office keeps its own scheme (a stricter penalty); 宜昌's city scheme applies to 枝江,
    which has none; the installation's default to 武汉. A record the county's scheme does not score
    is kept and counts for nothing there."""
    from zhichan.credit.models import CreditRule, CreditScheme

    default = services.current_scheme()
    yidu = services.scheme_copy(scheme=default, region=region("420581"))
    CreditRule.objects.filter(scheme=yidu, code="ip_penalty").update(points=-40)
    CreditRule.objects.filter(scheme=yidu, code="abnormal_patent").delete()
    city = services.scheme_copy(scheme=default, region=region("420500"))
    CreditScheme.objects.filter(pk=city.pk).update(base=90)
    firms = {
        code: make_entity(f"{name}信用方案测试有限公司", code, serial=f"0000061{i}")
        for i, (code, name) in enumerate([("420581100", "宜都"), ("420583", "枝江"), ("420102", "武汉")])
    }
    for firm in firms.values():
        services.record_add(entity=firm, code="ip_penalty", occurred_on=date(2026, 1, 1), detail="处罚")
        services.record_add(
            entity=firm, code="abnormal_patent", occurred_on=date(2026, 2, 1), detail="非正常申请"
        )
    services.grades_compute(entities=Entity.objects.filter(pk__in=[f.pk for f in firms.values()]), day=DAY)
    got = {
        code: (grade(f).scheme.name, grade(f).scheme.region_id, grade(f).score) for code, f in firms.items()
    }
    assert got == {
        "420581100": ("宜都市信用评价方案", region("420581").pk, 100 - 40),  # no rule for the abnormal filing
        "420583": ("宜昌市信用评价方案", region("420500").pk, 90 - 20 - 10),
        "420102": (default.name, None, 100 - 20 - 10),
    }
    assert services.scheme_for(region("420581100")) == yidu
    CreditScheme.objects.filter(pk=yidu.pk).update(is_current=False)  # withdrawn: the city's applies
    assert services.scheme_for(region("420581100")) == city
    later = services.scheme_copy(scheme=city, region=region("420500"))  # same day in force: the later entered
    assert services.scheme_for(region("420581100")) == later
    CreditScheme.objects.filter(pk=later.pk).update(valid_from=date(2025, 1, 1))  # now the earlier in force
    assert services.scheme_for(region("420581100")) == city
    CreditScheme.objects.update(is_current=False)
    assert services.scheme_for(region("420581100")) is None and services.current_scheme() is None
    with pytest.raises(ValidationError, match="尚无现行的信用评价方案"):
        services.grades_compute(entities=Entity.objects.filter(pk=firms["420102"].pk), day=DAY)
    with pytest.raises(ValidationError, match="已有名为"):
        services.scheme_copy(scheme=default, region=region("420500"))


def test_the_office_keeps_its_scheme_on_pages_and_only_its_own(client, roles):
    from tests.conftest import make_user
    from zhichan.credit.models import CreditRule, CreditScheme

    admin = make_user("t_yidu_credit_admin", region_code="420581", office_admin=True)
    client.force_login(admin)
    page = client.get(reverse("credit:grades")).content.decode()
    assert "全系统默认方案" in page and "以此为底稿建立本区划的方案" in page
    response = client.post(reverse("credit:scheme_copy"))
    scheme = CreditScheme.objects.get(region=region("420581"))
    assert response["Location"] == reverse("setup:edit", args=["credit-schemes", scheme.pk])
    assert scheme.rules.count() == services.current_scheme().rules.count()
    edit = client.get(response["Location"]).content.decode()
    assert "知识产权行政处罚（其他）" in edit  # its rules on its page
    rule = scheme.rules.get(code="ip_penalty")
    fields = {"code": "ip_penalty", "label": "知识产权行政处罚（其他）", "points": "-40", "valid_years": "3",
              "source": "entered", "match": "", "note": "宜都从严"}  # fmt: skip
    assert client.post(reverse("setup:edit", args=["credit-rules", rule.pk]), fields).status_code == 302
    firm = roles["yidu_firm"]
    client.post(reverse("credit:entity", args=[firm.pk]),
                {"action": "record", "code": "ip_penalty", "occurred_on": "2026-01-05", "detail": "处罚决定"})  # fmt: skip
    assert grade(firm).score == 60 and grade(firm).scheme == scheme
    # What the forms refuse, in Chinese.
    new_rule = reverse("setup:new", args=["credit-rules"]) + f"?parent={scheme.pk}"
    refused = client.post(new_rule, fields | {"parent": scheme.pk}).content.decode()
    assert "本方案已有代码为“ip_penalty”的规则" in refused
    refused = client.post(new_rule, fields | {"parent": scheme.pk, "code": "model_firm", "source": "tag",
                                              "match": "no_such_tag"}).content.decode()  # fmt: skip
    assert "须是一个标签代码" in refused
    base = {"name": "另一方案", "basis": "", "base": "100", "grade_a": "90", "grade_b": "90", "grade_c": "70",
            "is_current": "", "valid_from": "2026-01-01"}  # fmt: skip
    refused = client.post(
        reverse("setup:new", args=["credit-schemes"]), base | {"region": ""}
    ).content.decode()
    assert "等级分数线须 A 高于 B" in refused and "该字段是必填项" in refused  # never the installation's
    assert CreditRule.objects.filter(scheme=scheme).count() == services.current_scheme().rules.count()
    # Another county's administrator sees neither the scheme nor its rules.
    other = make_user("t_zhijiang_credit_admin", region_code="420583", office_admin=True)
    client.force_login(other)
    assert client.get(reverse("setup:edit", args=["credit-schemes", scheme.pk])).status_code == 404
    assert client.get(reverse("setup:edit", args=["credit-rules", rule.pk])).status_code == 404
    assert "宜都从严" not in client.get(reverse("setup:list", args=["credit-schemes"])).content.decode()


def test_a_scheme_moves_with_the_configuration(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from zhichan.credit.models import CreditRule, CreditScheme

    yidu = services.scheme_copy(scheme=services.current_scheme(), region=region("420581"))
    CreditRule.objects.filter(scheme=yidu, code="ip_penalty").update(points=-40)
    out = tmp_path / "宜都.xlsx"
    call_command("config_export", region="420581", out=str(out), stdout=StringIO())
    call_command("config_import", str(out), region="420583", stdout=StringIO())
    zhijiang = services.scheme_for(region("420583"))
    assert zhijiang.region == region("420583") and zhijiang.name == yidu.name
    assert sorted(zhijiang.rules.values_list("code", "points", "source", "match")) == sorted(
        yidu.rules.values_list("code", "points", "source", "match")
    )
    assert zhijiang.rules.get(code="ip_penalty").points == -40
    # The whole installation's set-up, the default scheme with it, goes out and comes back unchanged.
    whole = tmp_path / "全部.xlsx"
    call_command("config_export", out=str(whole), stdout=StringIO())
    call_command("config_import", str(whole), stdout=(said := StringIO()))
    rules = services.current_scheme().rules.count()
    assert f"新增 0 条，更新 {3 + 3 * rules} 条，0 处错误。" in said.getvalue()  # default, 宜都's, 枝江's
    assert CreditScheme.objects.filter(region=None).count() == 1


def test_a_grade_moves_by_itself_when_a_record_stops_counting():
    """The daily `zhichan regrade-credit`: a record of three years stops counting on its third
    anniversary, the grade moves back, and the change says which rule no longer counts."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from zhichan.assets.status import anniversary
    from zhichan.credit.models import GradeChange

    firm = make_entity("宜都市到期测试有限公司", "420581100", serial="00000611")
    today = timezone.localdate()
    occurred = date(today.year - 3, today.month, min(today.day, 28))
    services.record_add(entity=firm, code="ip_penalty", occurred_on=occurred, detail="商标侵权处罚",
                        document="宜市监处罚〔2023〕7号")  # fmt: skip
    ends = anniversary(occurred, 3)  # the first day it no longer counts: today or before
    services.grades_compute(entities=Entity.objects.filter(pk=firm.pk), day=ends - timedelta(days=1))
    assert (grade(firm).score, grade(firm).grade) == (80, "C")
    out = StringIO()
    call_command("regrade_credit", stdout=out)  # today the three years are up
    assert (grade(firm).score, grade(firm).grade) == (100, "B")
    change = GradeChange.objects.filter(entity=firm).first()
    assert (change.before, change.after) == ("C", "B")
    assert change.cause == "不再计分：知识产权行政处罚（其他）（-20）"
    assert "等级变动 1 个" in out.getvalue()


def test_a_reason_from_a_decided_case_links_to_it():
    """A record a decided case wrote carries the case into the grade's reasons (the credit page
    links to it); an entered record carries none."""
    from zhichan.protection import cases
    from zhichan.protection.models import CaseKind, PartyRole

    firm = make_entity("宜都市案件关联测试有限公司", "420581100", serial="00000612")
    case = cases.case_open(kind=CaseKind.COUNTERFEIT, region=region("420581"), title="假冒专利",
                           requested_on=date(2026, 4, 1))  # fmt: skip
    cases.party_add(case=case, role=PartyRole.RESPONDENT, name=firm.name, entity=firm)
    services.record_from_case(
        case=case, entity=firm, code="counterfeit_patent", on=date(2026, 5, 6), detail="假冒专利"
    )
    services.record_add(
        entity=firm, code="abnormal_patent", occurred_on=date(2026, 1, 5), detail="非正常申请 2 件"
    )
    services.grades_compute(entities=Entity.objects.filter(pk=firm.pk), day=DAY)
    linked = {r["rule"]: r["case"] for r in grade(firm).reasons}
    assert linked == {"counterfeit_patent": case.pk, "abnormal_patent": None}
