"""The office sets up its own work (issue 22, item 2): 宜都市's administrator keeps its award
programmes and rules, plans and targets, ranking schemes, 贴息 policies, policies, pools,
inspectors, experts and agencies on pages — in its region only, in words rather than JSON, with
Chinese errors, history, stale-edit protection and removal only of what nothing uses."""

import re
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import make_user, region
from zhichan.awards.models import AwardRule, Programme
from zhichan.monitor.models import Plan, RankingScheme, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(roles, client):
    admin = make_user("t_yidu_admin", region_code="420581", office_admin=True)
    client.force_login(admin)
    return roles | {"office_admin": admin}


def _programme(**extra) -> dict:
    return {"name": "2026年度知识产权奖补", "basis": "宜政办发〔2024〕15号", "region": region("420581").pk,
            "year": 2026, "budget": "500000", "budget_share": "", "opens_on": "2026-03-01",
            "closes_on": "2026-04-30", "review_days": 20, "publicity_days": 7, "note": ""} | extra  # fmt: skip


def test_a_programme_and_its_rule_are_set_up_in_words_and_audited(client, office):
    response = client.post(reverse("setup:new", args=["programmes"]), _programme())
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "setup:edit", args=["programmes", programme.pk]
    )
    rule = {"parent": programme.pk, "name": "高价值专利培育项目", "kind": "staged", "category": "hv_cultivation",
            "source": "", "period_from": "", "period_to": "", "amount": "200000", "ratio": "", "cap_per_item": "",
            "cap_per_entity": "", "split": "equal", "eligible_tags": ["high_tech", "specialized"],
            "station_level": "", "stages": "立项 30%\n中期评估 0.3\n验收：40", "automatic": ""}  # fmt: skip
    assert client.post(reverse("setup:new", args=["award-rules"]), rule).status_code == 302
    made = AwardRule.objects.get()
    assert (made.programme, made.eligible_tags, made.stages) == (
        programme, ["high_tech", "specialized"], [["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]])  # fmt: skip
    page = client.get(reverse("setup:edit", args=["programmes", programme.pk])).content.decode()
    assert "高价值专利培育项目" in page and "修改历史" in page  # the rules on their programme's page
    form = client.get(reverse("setup:edit", args=["award-rules", made.pk])).content.decode()
    assert "立项 0.3\n中期评估 0.3\n验收 0.4</textarea>" in form  # written back as it was entered
    assert re.search(r'<input type="checkbox" name="eligible_tags" value="high_tech"[^>]* checked', form)
    edit = reverse("setup:edit", args=["programmes", programme.pk])
    assert client.post(edit, _programme(budget="800000")).status_code == 302
    label = Programme._meta.get_field("budget").verbose_name
    assert f"t_yidu_admin：修改（{label}）" in client.get(edit).content.decode()  # who changed what, in words
    entry = LogEntry.objects.get_for_object(made).get()
    assert entry.actor == office["office_admin"] and entry.additional_data["region"] == "420581"


def test_what_the_forms_refuse(client, office):
    url = reverse("setup:new", args=["programmes"])
    outside = client.post(url, _programme(region=region("420583").pk)).content.decode()
    assert "选择一个有效的选项" in outside
    backwards = client.post(url, _programme(opens_on="2026-05-01")).content.decode()
    assert "不能早于“申报开始”" in backwards or "不能早于" in backwards
    assert not Programme.objects.exists()
    programme = Programme.objects.create(**{k: v for k, v in _programme().items() if k not in ("region", "budget_share")},
                                         region=region("420581"))  # fmt: skip
    shares = {"parent": programme.pk, "name": "项目", "kind": "staged", "category": "hv", "amount": "1000",
              "split": "equal", "stages": "立项 0.5\n验收 0.4"}  # fmt: skip
    assert (
        "各阶段比例之和应为 1"
        in client.post(reverse("setup:new", args=["award-rules"]), shares).content.decode()
    )
    weights = {
        "name": "季度排名",
        "region": region("420581").pk,
        "weights": "有效发明专利量 40\n不存在的指标 60",
    }
    assert (
        "第2行：没有名为“不存在的指标”的指标"
        in client.post(reverse("setup:new", args=["rankings"]), weights).content.decode()
    )
    weights["weights"] = "有效发明专利量 40\nhigh_value_per_10k 60"
    assert client.post(reverse("setup:new", args=["rankings"]), weights).status_code == 302
    assert RankingScheme.objects.get().weights == [{"indicator": "invention_valid", "weight": 40},
                                                   {"indicator": "high_value_per_10k", "weight": 60}]  # fmt: skip
    policy = {"number": "PICC-2026-001", "kind": "infringement", "insurer": "人保财险宜都支公司",
              "insured": office["zhijiang_firm"].credit_code, "region": region("420581").pk, "premium": "8000",
              "premium_subsidy": "4000", "coverage": "500000", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
              "claims_paid": "0"}  # fmt: skip
    assert "本辖区内没有" in client.post(reverse("setup:new", args=["insurance"]), policy).content.decode()
    policy["insured"] = office["yidu_firm"].name
    response = client.post(reverse("setup:new", args=["insurance"]), policy)
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_the_office_sees_and_changes_its_own_region_only(client, office):
    own = Plan.objects.create(title="宜都方案", issuer="宜都市人民政府", region=region("420581"),
                              starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31))  # fmt: skip
    other = Plan.objects.create(title="枝江方案", issuer="枝江市人民政府", region=region("420583"),
                                starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31))  # fmt: skip
    listed = client.get(reverse("setup:list", args=["plans"])).content.decode()
    assert "宜都方案" in listed and "枝江方案" not in listed
    assert client.get(reverse("setup:edit", args=["plans", other.pk])).status_code == 404
    assert client.post(reverse("setup:delete", args=["plans", other.pk])).status_code == 404
    assert client.get(reverse("setup:new", args=["targets"]), {"parent": other.pk}).status_code == 404
    target = {"parent": own.pk, "indicator": "invention_valid", "kind": "level", "value": "500", "deadline": "2027-12-31",
              "baseline": "383", "baseline_on": "2024-11-30", "quote": "到2027年，全市有效发明专利总量达到500件"}  # fmt: skip
    assert client.post(reverse("setup:new", args=["targets"]), target).status_code == 302
    assert Target.objects.get().plan == own
    for role in ("county", "city", "enterprise"):  # officials who are not its administrator, and others
        client.force_login(office[role])
        assert client.get(reverse("setup:list", args=["plans"])).status_code == 403
        assert client.post(reverse("setup:delete", args=["plans", own.pk])).status_code == 403
    assert Plan.objects.filter(pk=own.pk).exists()


def test_a_stale_edit_is_refused_and_removal_waits_for_what_uses_the_record(client, office):
    programme = Programme.objects.create(**{k: v for k, v in _programme().items() if k not in ("region", "budget_share")},
                                         region=region("420581"))  # fmt: skip
    AwardRule.objects.create(programme=programme, name="发明专利授权奖励", kind="per_item", category="invention_grant",
                             amount=Decimal("10000"))  # fmt: skip
    url = reverse("setup:edit", args=["programmes", programme.pk])
    seen = client.get(url).context["form"]["version"].value()
    Programme.objects.filter(pk=programme.pk).update(budget=Decimal("600000"))  # someone else saved meanwhile
    stale = client.post(url, _programme(version=seen, budget="700000"))
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    programme.refresh_from_db()
    assert programme.budget == Decimal("600000")
    refused = client.post(reverse("setup:delete", args=["programmes", programme.pk]), follow=True)
    assert "奖补规则 1 条" in refused.content.decode() and Programme.objects.filter(pk=programme.pk).exists()
    rule = AwardRule.objects.get()
    assert client.post(reverse("setup:delete", args=["award-rules", rule.pk])).status_code == 302
    assert client.post(reverse("setup:delete", args=["programmes", programme.pk])).status_code == 302
    assert not Programme.objects.exists()


def test_every_kind_is_audited_under_its_region():
    """An office reads the history of what it set up: each kind's changes carry their region."""
    from auditlog.registry import auditlog

    from zhichan.setup.kinds import KINDS

    for kind in KINDS:
        assert auditlog.contains(kind.model), kind.slug
        assert hasattr(kind.model, "get_additional_data"), kind.slug


def test_every_kind_has_its_list_and_form(client, office):
    from zhichan.setup.kinds import KINDS

    index = client.get(reverse("setup:index")).content.decode()
    for kind in KINDS:
        if kind.parent:
            assert client.get(reverse("setup:new", args=[kind.slug])).status_code == 404  # no parent given
            continue
        assert reverse("setup:list", args=[kind.slug]) in index
        assert client.get(reverse("setup:list", args=[kind.slug])).status_code == 200, kind.slug
        assert client.get(reverse("setup:new", args=[kind.slug])).status_code == 200, kind.slug
    assert client.get(reverse("setup:list", args=["no-such-kind"])).status_code == 404


def test_a_plan_goes_out_to_excel_and_comes_back_with_changes(client, office):
    """Export, change in Excel (a value, a new row, two bad rows), import: the good rows written,
    the bad ones named by row and column, the targets the file leaves out kept."""
    import io

    from openpyxl import load_workbook

    plan = Plan.objects.create(title="宜都市知识产权强县建设方案", issuer="宜都市人民政府", region=region("420581"),
                               starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31))  # fmt: skip
    Target.objects.create(plan=plan, indicator="invention_valid", value=Decimal("500.0000"), deadline=date(2027, 12, 31),
                          baseline=Decimal("383"), baseline_on=date(2024, 11, 30), quote="有效发明专利总量达到500件")  # fmt: skip
    Target.objects.create(
        plan=plan, indicator="case_cycle_days", value=60, at_most=True, deadline=date(2027, 12, 31)
    )
    kept = Target.objects.create(plan=plan, indicator="pct_filed", value=5, deadline=date(2026, 12, 31))
    # The plan's text contradicts itself: two targets of one indicator and deadline, told apart by 编号.
    Target.objects.create(
        plan=plan, indicator="madrid_valid", value=5, deadline=date(2027, 12, 31), quote="目标5件"
    )
    Target.objects.create(
        plan=plan, indicator="madrid_valid", value=10, deadline=date(2027, 12, 31), quote="任务10件"
    )
    exported = client.get(reverse("setup:plan_export", args=[plan.pk]))
    book = load_workbook(io.BytesIO(b"".join(exported.streaming_content)))
    sheet = book["指标目标"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == ["编号", "指标", "目标类型", "目标值", "不超过（越小越好）", "须超过", "期限"]
    first = rows[1]
    assert [*first[1:5], first[7]] == ["有效发明专利量", "到期达到", 500, "否", 383]
    assert first[6].date() == date(2027, 12, 31)  # a date, not text
    sheet.delete_rows(4)  # the PCT target left out of the file
    sheet["D2"] = 520
    sheet.append(
        [
            None,
            "拥有有效专利的企业数",
            "年均增长率",
            10,
            "否",
            "否",
            "2027-12-31",
            248,
            "2024-11-30",
            "年均增长10%",
        ]
    )
    sheet.append([None, "有效发明专利", "到期达到", 1, "否", "否", "2027-12-31"])  # no such indicator
    sheet.append([None, "有效商标注册量", "到期达到", "五千", "否", "否", "2027/13/01"])
    sheet.append([None, "马德里商标国际注册量", "到期达到", 8, "否", "否", "2027-12-31"])  # which of the two?
    sheet.append([999999, "有效发明专利量", "到期达到", 1, "否", "否", "2027-12-31"])  # another plan's number
    changed = io.BytesIO()
    book.save(changed)
    changed.seek(0)
    changed.name = "方案.xlsx"
    page = client.post(
        reverse("setup:plan_import", args=[plan.pk]), {"file": changed}, follow=True
    ).content.decode()
    assert "读取 9 行：新增 1 个目标，更新 4 个，5 处错误。" in page
    for error in ("第7行“指标”列：未知指标“有效发明专利”", "第8行“目标值”列：“五千”不是数值",
                  "第8行“期限”列：日期“2027/13/01”无效", "第9行“编号”列：本规划有两个以上相同指标、类型和期限的目标",
                  "第10行“编号”列：“999999”不是本规划的目标编号"):  # fmt: skip
        assert error in page
    got = sorted((t.indicator, t.kind, t.value, t.baseline) for t in plan.targets.all())
    assert got == [
        ("case_cycle_days", "level", 60, None),
        ("enterprises_with_patents", "growth", 10, 248),
        ("invention_valid", "level", 520, 383),
        ("madrid_valid", "level", 5, None),
        ("madrid_valid", "level", 10, None),
        ("pct_filed", "level", 5, None),
    ]
    assert (
        Target.objects.get(pk=kept.pk).plan == plan and plan.targets.get(indicator="case_cycle_days").at_most
    )


def test_a_pool_lists_its_members_and_patents_and_gi_users_belong_to_the_region(client, office):
    from tests.awards.test_awards import grant
    from zhichan.assets.models import GeographicalIndication, GIMode, GIUser
    from zhichan.lib import patentno
    from zhichan.market.models import PatentPool

    firm, bank = office["yidu_firm"], office["bank"].entity
    patents = [grant([firm], 300 + n, date(2025, 3, 3)) for n in range(2)]
    pool = {"name": "宜都磷化工专利池", "operator": firm.credit_code, "field": "磷化工", "region": region("420581").pk,
            "founded_on": "2026-05-10", "description": "",
            "members": f"{firm.name}\n{bank.credit_code}\n{office['zhijiang_firm'].credit_code}",
            "patents": f"{patents[0].number}\nCN{patents[1].number.replace('.', '')}\n{patentno.make('202310999999')}\n2023109"}  # fmt: skip
    refused = client.post(reverse("setup:new", args=["pools"]), pool).content.decode()
    assert "第3行：本辖区内没有" in refused  # 枝江's firm
    assert f"第3行：登记簿中本辖区没有申请号为 {patentno.make('202310999999')} 的专利" in refused
    assert "第4行：“2023109”不是有效的中国专利申请号" in refused and not PatentPool.objects.exists()
    pool |= {
        "members": f"{firm.name}\n{bank.credit_code}",
        "patents": f"{patents[0].number}\nCN{patents[1].number.replace('.', '')}",
    }
    assert client.post(reverse("setup:new", args=["pools"]), pool).status_code == 302
    made = PatentPool.objects.get()
    assert set(made.members.all()) == {firm, bank} and set(made.patents.all()) == set(patents)
    form = client.get(reverse("setup:edit", args=["pools", made.pk])).content.decode()
    assert (
        "\n".join(sorted(p.number for p in patents)) + "</textarea>" in form
    )  # written back one a line, in order
    ours = GeographicalIndication.objects.create(number="G1", title="宜都蜜柑", holders="宜都市柑橘协会", mode=GIMode.PGI,
                                                region=region("420581"))  # fmt: skip
    theirs = GeographicalIndication.objects.create(number="G2", title="枝江酒", holders="枝江市酒业协会",
                                                  mode=GIMode.PGI, region=region("420583"))  # fmt: skip
    user = {
        "gi": theirs.pk,
        "entity": firm.credit_code,
        "authorized_on": "2026-01-05",
        "valid_to": "2028-01-04",
    }
    assert "选择一个有效的选项" in client.post(reverse("setup:new", args=["gi-users"]), user).content.decode()
    assert client.post(reverse("setup:new", args=["gi-users"]), user | {"gi": ours.pk}).status_code == 302
    assert GIUser.objects.get().gi == ours


def test_a_configuration_moves_to_another_county_and_again_changes_nothing(tmp_path, client, office):
    """宜都's plan, programme, ranking scheme and 贴息 policy exported by command, imported as 枝江's
    own: the same records under 枝江; imported again: all updated, none added; a bad row is named."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from openpyxl import load_workbook

    from zhichan.finance.models import SubsidyRule

    plan = Plan.objects.create(title="知识产权强县建设方案", issuer="人民政府", region=region("420581"),
                               starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31))  # fmt: skip
    Target.objects.create(
        plan=plan, indicator="invention_valid", value=500, deadline=date(2027, 12, 31), baseline=383
    )
    programme = Programme.objects.create(**{k: v for k, v in _programme().items() if k not in ("region", "budget_share")},
                                         region=region("420581"))  # fmt: skip
    AwardRule.objects.create(programme=programme, name="高价值专利培育", kind="staged", category="hv", amount=200000,
                             stages=[["立项", 0.3], ["验收", 0.7]], eligible_tags=["high_tech"])  # fmt: skip
    RankingScheme.objects.create(
        name="乡镇季度排名",
        region=region("420581"),
        weights=[{"indicator": "invention_valid", "weight": 100}],
    )
    SubsidyRule.objects.create(name="质押贷款贴息", basis="宜政办发〔2024〕15号", region=region("420581"),
                               valid_from=date(2025, 1, 1), lpr_share=Decimal("0.4"), tenor="one_year",
                               rate_basis="daily", day_count=360, cap_per_year=200000)  # fmt: skip
    out = tmp_path / "宜都.xlsx"
    call_command("config_export", region="420581", out=str(out), stdout=StringIO())
    call_command("config_import", str(out), region="420583", stdout=StringIO())
    zhijiang = Plan.objects.get(region__code="420583")
    assert zhijiang.title == "知识产权强县建设方案" and zhijiang.targets.get().baseline == 383
    rule = AwardRule.objects.get(programme__region__code="420583")
    assert (rule.stages, rule.eligible_tags, rule.kind) == (
        [["立项", 0.3], ["验收", 0.7]],
        ["high_tech"],
        "staged",
    )
    assert RankingScheme.objects.get(region__code="420583").weights == [
        {"indicator": "invention_valid", "weight": 100}
    ]
    assert SubsidyRule.objects.get(region__code="420583").cap_per_year == 200000
    counted = StringIO()
    call_command("config_import", str(out), region="420583", stdout=counted)
    assert "新增 0 条，更新 6 条，0 处错误。" in counted.getvalue()
    book = load_workbook(out)
    book["指标目标"]["C2"] = "不存在的指标"  # the indicator column
    book.save(out)
    with pytest.raises(CommandError):
        call_command(
            "config_import", str(out), region="420583", stdout=StringIO(), stderr=(errors := StringIO())
        )
    assert "“指标目标”第2行“指标”：" in errors.getvalue()
    # The page: 宜都's administrator downloads its own set-up; an upload is taken as 宜都's.
    import io

    exported = client.get(reverse("setup:config_export"))
    own = load_workbook(io.BytesIO(b"".join(exported.streaming_content)))
    assert [row[1] for row in own["规划与方案"].iter_rows(min_row=2, values_only=True)] == [
        "知识产权强县建设方案"
    ]
    with open(out, "rb") as handle:
        page = client.post(reverse("setup:config_import"), {"file": handle}, follow=True).content.decode()
    assert (
        "新增 0 条，更新 5 条，1 处错误。" in page
    )  # taken as 宜都's: its records of the same names updated
    assert Plan.objects.filter(region__code="420581").count() == 1


def test_an_office_tag_is_defined_held_and_used_like_the_seeds_ones(client, office):
    """样板企业, a tag of the office's own: defined on a page, added to an entity with its validity,
    required by an award rule (the refusal names it) and counted by an office-defined indicator."""
    from zhichan.awards.services import Item, verify
    from zhichan.entities.models import EntityTag, OfficeTag
    from zhichan.monitor.compute import board, context
    from zhichan.monitor.models import OfficeIndicator

    tag = {"code": "model_firm", "name": "知识产权样板企业", "region": region("420581").pk,
           "basis": "宜都市市场监督管理局《知识产权样板企业培育办法》", "note": ""}  # fmt: skip
    assert client.post(reverse("setup:new", args=["tags"]), tag | {"code": "high_tech"}).status_code == 200
    assert client.post(reverse("setup:new", args=["tags"]), tag | {"name": "高新技术企业"}).status_code == 200
    assert client.post(reverse("setup:new", args=["tags"]), tag).status_code == 302
    firm = office["yidu_firm"]
    answer = client.post(reverse("entities:tag_add", args=[firm.pk]),
                         {"tag": "model_firm", "valid_from": "2026-02-01", "valid_to": "2028-01-31"})  # fmt: skip
    assert answer.status_code == 302
    assert "知识产权样板企业" in client.get(reverse("entities:detail", args=[firm.pk])).content.decode()
    assert [t.get_tag_display() for t in EntityTag.objects.filter(entity=firm)] == ["知识产权样板企业"]
    # An award rule for model firms only: the firm qualifies, the other county's firm is refused by name.
    programme = Programme.objects.create(name="样板企业奖补", basis="b", region=region("420581"), year=2026,
                                         budget=Decimal("100000"), opens_on=date(2026, 3, 1),
                                         closes_on=date(2026, 4, 30))  # fmt: skip
    rule = AwardRule.objects.create(programme=programme, name="样板企业年度补助", kind="fixed", category="model_firm",
                                    amount=Decimal("1000"), eligible_tags=["model_firm"])  # fmt: skip
    ok = verify(rule, firm, Item(key="year:2026", description="2026 年度定额补助"))
    assert ok.eligible, ok.reason
    refused = verify(rule, office["zhijiang_firm"], Item(key="year:2026", description="2026 年度定额补助"))
    assert not refused.eligible and "知识产权样板企业" in refused.reason
    # An indicator counting the model firms on a date.
    spec = OfficeIndicator(code="model_firms", name="样板企业数", unit="家", definition="d", basis="b",
                           region=region("420581"), counted_from="entity", counted_when="on_date",
                           filters=["tag:model_firm"])  # fmt: skip
    spec.full_clean()
    spec.save()
    day = context(date(2026, 6, 30))
    assert board([region("420581")], day, ["model_firms"])["420581"]["model_firms"].value == 1
    # In use: its code stays and it cannot be removed.
    made = OfficeTag.objects.get()
    assert (
        client.post(reverse("setup:edit", args=["tags", made.pk]), tag | {"code": "model"}).status_code == 200
    )
    client.post(reverse("setup:delete", args=["tags", made.pk]))
    assert OfficeTag.objects.filter(code="model_firm").exists()


def test_an_insurance_product_is_set_up_and_a_policy_names_it(client, office):
    from zhichan.finance.models import InsurancePolicy, InsuranceProduct

    product = {"name": "专利执行保险（宜都版）", "insurer": "中国人民财产保险股份有限公司宜都支公司", "kind": "enforcement",
               "region": region("420581").pk, "premium_rate": "2.5", "max_coverage": "500000", "subsidy_share": "50",
               "valid_from": "2026-01-01", "valid_to": "2026-12-31", "terms": "维权调查费、律师费", "active": "on"}  # fmt: skip
    refused = client.post(
        reverse("setup:new", args=["insurance-products"]), product | {"subsidy_share": "150"}
    )
    assert refused.status_code == 200 and "百分比应在 0 到 100 之间" in refused.content.decode()
    assert client.post(reverse("setup:new", args=["insurance-products"]), product).status_code == 302
    made = InsuranceProduct.objects.get()
    policy = {"product": made.pk, "number": "PICC2026001", "kind": "enforcement", "insurer": made.insurer,
              "insured": office["yidu_firm"].credit_code, "region": region("420581").pk, "premium": "5000",
              "premium_subsidy": "2500", "coverage": "200000", "starts_on": "2026-03-01", "ends_on": "2027-02-28",
              "claims_paid": "0"}  # fmt: skip
    response = client.post(reverse("setup:new", args=["insurance"]), policy)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert InsurancePolicy.objects.get().product == made and made.policies.count() == 1
