"""Patents get the classes the official tables give, the high-value verdict by the five criteria
with its date, and stay up to date when their records change."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.assets.test_imports import write_csv
from zhichan.assets.imports import run_import
from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentAward, PatentEvent, PatentKind
from zhichan.assets.services import import_undo, patent_event_add
from zhichan.assets.status import validity
from zhichan.classify import engine
from zhichan.classify.engine import (
    AWARD_BIT,
    FAMILY_BIT,
    PLEDGE_BIT,
    SEI_BIT,
    classify,
    explain,
    high_value_q,
)
from zhichan.classify.models import PatentClass, RuleSet, TableKind
from zhichan.classify.tables import load_table
from zhichan.lib import patentno

pytestmark = pytest.mark.django_db
_serial = iter(range(1, 100_000))


def make_patent(ipc, *, kind=PatentKind.INVENTION, title="一种装置", abstract="", filed=date(2020, 5, 6),
                granted=date(2022, 8, 9), family=None) -> Patent:  # fmt: skip
    digit = {"invention": "1", "utility": "2", "design": "3"}[kind]
    number = patentno.make(f"{filed.year}{digit}{next(_serial):07d}")
    codes = [c.strip() for c in ipc.split(";") if c.strip()]
    ended_on, end_status, expires_on = validity(kind, filed, granted, [])
    return Patent.objects.create(
        number=number, kind=kind, title=title, abstract=abstract, filed_on=filed, granted_on=granted,
        main_ipc=codes[0] if codes else "", ipc_codes="; ".join(codes), applicants="宜都市测试有限公司",
        family=family or [], expires_on=expires_on, ended_on=ended_on, end_status=end_status,
    )  # fmt: skip


def classes(patent, ruleset=None) -> PatentClass:
    ruleset = ruleset or engine.default_ruleset()
    classify(ruleset, [patent.pk])
    return PatentClass.objects.get(ruleset=ruleset, patent=patent)


# Cases read off the 2021 strategic-emerging table (page numbers of the PDF in brackets).
@pytest.mark.parametrize(
    "ipc,title,expected",
    [
        ("G06N 3/08", "一种神经网络训练方法", "1.5"),  # listed in 1.5 (p.151); 1.4's G06N* excludes it
        ("G06N 3/045", "一种卷积网络", "1.4"),  # 1.4 takes G06N* less the listed 3/04 exactly
        ("H04W 4/02", "一种定位服务方法", "1.4"),  # excluded from 1.1 (p.148), listed in 1.4
        ("C22C 38/02", "一种电工钢", "3.1"),  # 3.1 C22C38* excludes 38/02, a later row takes it
        ("A61K 31/4545", "一种抗肿瘤化合物", "4.1"),
        ("F03D 1/06", "一种风力发电机叶片", "6.2"),
        ("H01M 10/0525", "一种锂离子电池", ""),  # 5.2's row needs the keyword 汽车
        ("H01M 10/0525", "一种电动汽车用锂离子电池", "5.2"),
        ("B82Y 10/00", "一种纳米器件", ""),  # 1.2 needs 量子…; 3.6 excludes B82Y10/00
        ("B82Y 10/00", "一种量子计算芯片", "1.2"),
        ("A23F 3/06", "一种茶叶揉捻装置", ""),  # tea processing: not strategic emerging
        (
            "G06F 11/14; H04W 4/02",
            "一种数据备份方法",
            "1.2; 1.4",
        ),  # 1.2 lists G06F11/14 (p.149), 1.1 excludes it
        ("C02F 1/44; C02F 3/28", "一种废水处理方法", "7.2; 7.3"),  # one symbol each
    ],
)
def test_strategic_emerging_industries_as_the_table_gives(ipc, title, expected):
    patent = make_patent(ipc, title=title)
    assert classes(patent).sei_codes == expected
    assert explain(patent, engine.default_ruleset()).agrees  # the explanation reads the title too


def test_the_first_level_mask_and_the_main_symbol_scope():
    patent = make_patent("A23F 3/06; C02F 1/44")
    row = classes(patent)
    assert row.sei_codes == "7.3" and row.sei_mask == 1 << 6
    ruleset = RuleSet.objects.create(name="仅主分类号", ipc_sei=engine.default_ruleset().ipc_sei,
                                     thresholds={"ipc_scope": "main"})  # fmt: skip
    assert classes(patent, ruleset).sei_codes == ""


def test_the_ten_year_criterion_is_a_date():
    patent = make_patent("A23F 3/06", filed=date(2010, 3, 1), granted=date(2013, 6, 5))
    row = classes(patent)
    assert row.hv_mask == 0 and row.hv_on == date(2020, 3, 2)  # more than ten years from filing
    hv = Patent.objects.filter(high_value_q(engine.default_ruleset(), date(2020, 3, 1)), pk=patent.pk)
    assert not hv.exists()
    assert Patent.objects.filter(
        high_value_q(engine.default_ruleset(), date(2020, 3, 2)), pk=patent.pk
    ).exists()
    # Not valid any more → not counted, whatever the criteria.
    patent_event_add(patent=patent, kind=EventKind.LAPSE, effective_on=date(2021, 3, 1))
    assert not Patent.objects.filter(
        high_value_q(engine.default_ruleset(), date(2022, 1, 1)), pk=patent.pk
    ).exists()


@pytest.mark.parametrize(
    "family,counted",
    [
        (["US11223344B2"], True),
        (["EP3456789B1", "WO2020123456A1"], True),
        (["JP2019123456"], True),  # no kind code: taken as a right
        (["US20200123456A1"], False),  # an application publication, not a patent right
        (["WO2020123456A1"], False),
        (["US 2020-0123456 A1"], False),  # spaced and hyphenated as some exports write it
        (["EP 3 456 789 B1"], True),
        (["CN112345678B", "cn112345679a"], False),  # domestic documents, whatever the case
        (["2019123456"], False),  # no office code: not a member we can place
        (["JP5"], False),  # under four characters: no number
        (["JP55"], True),
        ([], False),
    ],
)
def test_overseas_family_criterion(family, counted):
    patent = make_patent("A23F 3/06", family=family)
    row = classes(patent)
    assert bool(row.hv_mask & FAMILY_BIT) is counted
    assert row.hv_on == (date(2020, 5, 6) if counted else date(2030, 5, 7))
    why = explain(patent, engine.default_ruleset())
    assert why.agrees and why.hv_on == row.hv_on


def test_pledge_and_award_criteria_with_their_records():
    patent = make_patent("A23F 3/06")
    patent_event_add(
        patent=patent, kind=EventKind.PLEDGE, effective_on=date(2023, 2, 1), amount=Decimal("9000000")
    )
    assert classes(patent).hv_mask == 0  # below 1000万元
    patent_event_add(
        patent=patent, kind=EventKind.PLEDGE, effective_on=date(2024, 5, 10), amount=Decimal("12000000")
    )
    row = PatentClass.objects.get(patent=patent)  # kept current by the event
    assert row.hv_mask == PLEDGE_BIT and row.hv_on == date(2024, 5, 10)
    PatentAward.objects.create(patent=patent, award="湖北省专利奖", grade="金奖", year=2022)
    assert classes(patent).hv_mask == PLEDGE_BIT  # a provincial award is not one of the five
    PatentAward.objects.create(patent=patent, award="中国专利奖", grade="优秀奖", year=2021)
    row = classes(patent)
    assert row.hv_mask == PLEDGE_BIT | AWARD_BIT and row.hv_on == date(2021, 12, 31)
    why = explain(patent, engine.default_ruleset())
    assert why.agrees
    met = {c["bit"]: c for c in why.criteria if c["met"]}
    assert "12,000,000" in met[PLEDGE_BIT]["record"] and "中国专利奖优秀奖" in met[AWARD_BIT]["record"]
    # A threshold is a setting of the rule version.
    ruleset = RuleSet.objects.create(name="500万口径", thresholds={"pledge_amount_yuan": 5_000_000})
    assert classes(patent, ruleset).hv_mask & PLEDGE_BIT
    assert PatentClass.objects.get(ruleset=ruleset, patent=patent).hv_on == date(2021, 12, 31)


def test_utility_models_get_industries_but_no_high_value_verdict():
    row = classes(make_patent("F03D 1/06", kind=PatentKind.UTILITY))
    assert row.sei_codes == "6.2" and row.hv_mask == 0 and row.hv_on is None


def test_explanation_names_the_rule_and_the_waiting_table():
    patent = make_patent("H04W 4/02; A23F 3/06", title="一种定位服务方法")
    why = explain(patent, engine.default_ruleset())
    assert [(h["target"], h["code"], h["patterns"]) for h in why.sei] == [("1.4", "H04W 4/02", ["H04W 4/02"])]
    assert why.sei[0]["name"] == "互联网与云计算、大数据服务"
    assert why.criteria[0]["met"] and why.hv_on == date(2020, 5, 6)
    assert "国际专利分类与国民经济行业分类参照关系表" in why.waiting[0]
    assert not why.agrees  # not yet stored
    classes(patent)
    assert explain(patent, engine.default_ruleset()).agrees


def test_industries_and_patent_intensive_categories_once_the_office_loads_the_table(tmp_path):
    book = Workbook()
    for row in [["国民经济行业代码", "国际专利分类号"], ["3841", "H01M10/0525 H01M10/058"],
                ["2710", "A61K31*"], ["0111", "A01H6/46"]]:  # fmt: skip
        book.active.append(row)
    book.save(tmp_path / "t.xlsx")
    battery, drug, rice = make_patent("H01M 10/0525"), make_patent("A61K 31/4545"), make_patent("A01H 6/46")
    ruleset = engine.default_ruleset()
    assert classes(battery).industries == "" and classes(battery).pi_mask == 0  # waiting for the table
    table = load_table(TableKind.IPC_NIC, tmp_path / "t.xlsx", edition="2018", source="测试").table
    ruleset.ipc_nic = table
    ruleset.save()
    classify(ruleset)
    got = {p.number: PatentClass.objects.get(patent=p) for p in (battery, drug, rice)}
    assert (got[battery.number].industries, got[battery.number].pi_mask) == ("3841", 1 << 2)  # 新装备制造业
    assert (got[drug.number].industries, got[drug.number].pi_mask) == ("2710", 1 << 4)  # 医药医疗产业
    assert (got[rice.number].industries, got[rice.number].pi_mask) == ("0111", 0)  # not patent-intensive
    assert explain(battery, ruleset).pi[0]["name"] == "新装备制造业"


def test_imports_keep_classes_current_and_undo_restores(tmp_path):
    n1, n2 = patentno.make("202110345678"), patentno.make("202120123456")
    header = ["申请号", "专利类型", "名称", "申请日", "授权公告日", "主分类号", "IPC分类号", "申请人", "第一申请人地址",
              "海外同族", "法律状态", "获奖"]  # fmt: skip
    rows = [[n1, "发明", "一种风力发电机叶片", "2021-03-02", "2023-04-07", "F03D 1/06", "F03D 1/06",
             "宜都市测试风电有限公司", "湖北省宜都市陆城街道", "US11223344B2", "有效", ""],
            [n2, "实用新型", "一种茶叶揉捻装置", "2021-05-02", "2021-10-07", "A23F 3/06", "A23F 3/06",
             "宜都市测试茶业有限公司", "湖北省宜都市五眼泉镇", "", "有效", ""]]  # fmt: skip
    run_import("patents", path=write_csv(tmp_path / "p.csv", header, rows, encoding="utf-8"))
    stored = dict(PatentClass.objects.values_list("patent__number", "sei_codes"))
    assert stored == {n1: "6.2", n2: ""}
    assert PatentClass.objects.get(patent__number=n1).hv_mask == SEI_BIT | FAMILY_BIT
    pledge = run_import("pledges", path=write_csv(
        tmp_path / "q.csv", ["专利号", "出质人", "质权人", "登记生效日", "质押金额（万元）"],
        [[n1, "宜都市测试风电有限公司", "测试银行", "2024-03-01", "1500"]], encoding="utf-8"))  # fmt: skip
    assert pledge.rejected == 0
    row = PatentClass.objects.get(patent__number=n1)
    assert row.hv_mask == SEI_BIT | FAMILY_BIT | PLEDGE_BIT
    import_undo(batch=pledge)
    assert PatentClass.objects.get(patent__number=n1).hv_mask == SEI_BIT | FAMILY_BIT


def test_derived_rows_go_with_their_rule_version_and_patent():
    """The keys carry no database constraint (bulk writes); deletion still cascades."""
    kept, dropped = make_patent("F03D 1/06"), make_patent("H04W 4/02")
    default = engine.default_ruleset()
    other = RuleSet.objects.create(name="试算口径", ipc_sei=default.ipc_sei, nic_pi=default.nic_pi)
    classify(default)
    classify(other)
    assert PatentClass.objects.filter(ruleset=other).count() == 2
    dropped.delete()
    assert not PatentClass.objects.filter(patent_id=dropped.pk).exists()
    other.delete()
    assert list(PatentClass.objects.values_list("ruleset_id", "patent_id")) == [(default.pk, kept.pk)]


def test_a_registration_over_several_patents_is_shared_before_the_threshold():
    """One 10,000,000 元 registration over three patents secures 3,333,333.33 元 a patent: none
    reaches 1000万元. Where the file gives each item's part, that part counts."""
    from zhichan.finance.models import ItemKind
    from zhichan.finance.services import ItemData, pledge_register

    three = [make_patent("A23F 3/06") for _ in range(3)]
    pledge_register(
        pledgor_name="宜都市测试茶业有限公司", pledgee_name="测试银行", amount=Decimal("10000000"),
        registered_on=date(2024, 5, 10), items=[ItemData(ItemKind.PATENT, p.number) for p in three],
    )  # fmt: skip
    assert [classes(p).hv_mask & PLEDGE_BIT for p in three] == [0, 0, 0]
    assert {e.amount for e in PatentEvent.objects.filter(kind=EventKind.PLEDGE)} == {Decimal("3333333.33")}
    two = [make_patent("A23F 3/06") for _ in range(2)]
    pledge_register(
        pledgor_name="宜都市测试茶业有限公司", pledgee_name="测试银行", amount=Decimal("15000000"),
        registered_on=date(2024, 6, 1),
        items=[ItemData(ItemKind.PATENT, two[0].number, amount=Decimal("12000000")),
               ItemData(ItemKind.PATENT, two[1].number)],
    )  # fmt: skip
    assert [bool(classes(p).hv_mask & PLEDGE_BIT) for p in two] == [True, False]  # 12,000,000 and 3,000,000


def test_a_new_or_changed_rule_version_is_classified_in_the_background_and_says_so_meanwhile(
    django_capture_on_commit_callbacks,
):
    """A rule version created (or given a table) after the patents: its figures say they wait
    for the classification, a job is started by itself, and once it has run they count."""
    from zhichan.jobs.models import Job
    from zhichan.monitor.compute import board, context
    from zhichan.regions.models import Region

    hubei = Region.objects.get(code="420581")
    patent = make_patent("H04W 4/02")  # a strategic emerging industry: high value
    Patent.objects.filter(pk=patent.pk).update(region=hubei)
    with django_capture_on_commit_callbacks(execute=True):
        ruleset = RuleSet.objects.create(name="新口径", ipc_sei=engine.default_ruleset().ipc_sei)
    job = Job.objects.get(kind="classify", params__ruleset=ruleset.pk)
    cell = board([hubei], context(date(2025, 6, 30), ruleset=ruleset), ["high_value_count"])["420581"]
    assert cell["high_value_count"].value is None and "正在重新分类" in cell["high_value_count"].note
    from zhichan.classify.tasks import _classify
    from zhichan.jobs.services import job_execute

    job_execute(job_id=job.pk, handler=_classify)  # what the worker does
    cell = board([hubei], context(date(2025, 6, 30), ruleset=ruleset), ["high_value_count"])["420581"]
    assert cell["high_value_count"].value == 1
    with django_capture_on_commit_callbacks(execute=True):  # a change of thresholds: stale again, one job
        ruleset.thresholds = {"pledge_amount_yuan": 5_000_000}
        ruleset.save()
    ruleset.refresh_from_db()
    assert ruleset.stale and Job.objects.filter(kind="classify", params__ruleset=ruleset.pk).count() == 2


def test_high_value_is_counted_under_its_own_rule_set_and_the_patents_own_status():
    patent = make_patent("A23F 3/06", filed=date(2010, 3, 1), granted=date(2013, 6, 5))
    assert classes(patent).hv_on == date(2020, 3, 2)
    other = RuleSet.objects.create(name="未分类的口径", ipc_sei=engine.default_ruleset().ipc_sei)
    day = date(2021, 1, 1)
    assert Patent.objects.filter(high_value_q(engine.default_ruleset(), day), pk=patent.pk).exists()
    assert not Patent.objects.filter(high_value_q(other, day), pk=patent.pk).exists()
    # Through the holder links: the patent's status decides, not the link row's dates.
    link = PatentApplicant.objects.create(patent=patent, position=1, name="宜都市测试有限公司",
                                          granted_on=patent.granted_on)  # fmt: skip
    through = PatentApplicant.objects.filter(pk=link.pk)
    assert through.filter(high_value_q(engine.default_ruleset(), day, "patent__")).exists()
    Patent.objects.filter(pk=patent.pk).update(ended_on=date(2020, 6, 1), end_status="lapsed")
    assert not through.filter(high_value_q(engine.default_ruleset(), day, "patent__")).exists()


def test_the_main_symbol_counts_even_when_the_list_of_symbols_omits_it():
    patent = make_patent("A23F 3/06", title="一种定位服务方法")
    Patent.objects.filter(pk=patent.pk).update(main_ipc="H04W 4/02")  # main symbol not repeated in the list
    patent.refresh_from_db()
    assert classes(patent).sei_codes == "1.4"
    assert explain(patent, engine.default_ruleset()).codes == ["H04W 4/02", "A23F 3/06"]
    main_only = RuleSet.objects.create(name="仅主分类号", ipc_sei=engine.default_ruleset().ipc_sei,
                                       thresholds={"ipc_scope": "main"})  # fmt: skip
    assert classes(patent, main_only).sei_codes == "1.4"


def test_the_overseas_members_named_are_the_rights_whatever_comes_before_them():
    settings = {key: spec["value"] for key, spec in engine.THRESHOLDS.items()}
    family = ["CN112345678B", "JP5", "US20200123456A1", "US 10 123 456 B2", "EP3456789B1"]
    assert engine.overseas_members(family, settings) == ["US 10 123 456 B2", "EP3456789B1"]  # as written
    assert engine.overseas_members(None, settings) == []


def test_every_class_a_patent_falls_in_is_kept_within_its_column():
    """Two industries of two patent-intensive categories, two first-level strategic industries:
    every bit set, the codes joined; sixty industries or forty strategic codes are cut to the
    column's 300 and 200 characters."""
    from zhichan.classify import matcher

    row = lambda n, target: matcher.Row(n, target, (matcher.parse_pattern("A23F*"),), ())  # noqa: E731
    compiled = engine.Compiled(
        ruleset=None, settings={}, sei=matcher.Matcher([row(0, "4.1.2"), row(1, "7.2.1")]),
        nic=matcher.Matcher([row(0, "C1512"), row(1, "C2710")]), pi_of_nic={"C1512": "3", "C2710": "5"},
    )  # fmt: skip
    assert compiled.classes(["A23F 3/06"], "") == ("C1512; C2710", 0b10100, "4.1.2; 7.2.1", 0b1001000)
    wide = engine.Compiled(
        ruleset=None, settings={}, sei=matcher.Matcher([row(n, f"1.{n // 10}.{n % 10}") for n in range(40)]),
        nic=matcher.Matcher([row(n, f"C{3800 + n}") for n in range(60)]), pi_of_nic={},
    )  # fmt: skip
    industries, _mask, sei, _sei_mask = wide.classes(["A23F 3/06"], "")
    assert (len(industries), len(sei)) == (300, 200)
    assert (
        PatentClass._meta.get_field("industries").max_length,
        PatentClass._meta.get_field("sei_codes").max_length,
    ) == (300, 200)
