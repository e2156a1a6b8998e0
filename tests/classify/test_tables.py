"""The shipped correspondence tables load whole; an office's own table file loads by row, with
errors by row number; IPC patterns match the way the tables define."""

import csv
from collections import Counter

import pytest
import xlwt
from openpyxl import Workbook

from zhichan.classify import matcher
from zhichan.classify.models import ClassName, ClassRule, ClassTable, RuleSet, Scheme, TableKind
from zhichan.classify.tables import DATA, load_shipped, load_table
from zhichan.lib.tabular import TableError

pytestmark = pytest.mark.django_db


def test_the_patent_intensive_classification_loads_whole():
    table = ClassTable.objects.get(kind=TableKind.NIC_PI, edition="2019")
    names = dict(ClassName.objects.filter(scheme=Scheme.PI).values_list("code", "name"))
    per_category = Counter(names[t] for t in table.rules.values_list("target", flat=True))
    # The shape of the 2019 classification: 188 industries in seven categories.
    assert table.rules.count() == table.rows == 188
    assert per_category == {
        "新装备制造业": 81, "信息通信技术制造业": 33, "新材料制造业": 22, "信息通信技术服务业": 21,
        "医药医疗产业": 14, "研发、设计和技术服务业": 12, "环保产业": 5,
    }  # fmt: skip
    assert len(set(table.rules.values_list("include", flat=True))) == 188  # one category per industry
    assert table.rules.get(include="3841").target == "3"  # 锂离子电池制造 → 新装备制造业


def test_the_strategic_emerging_table_loads_whole():
    with open(DATA / "sei_ipc_2021.csv", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    table = ClassTable.objects.get(kind=TableKind.IPC_SEI)
    rules = list(table.rules.all())
    assert len(rules) == len(records) == table.rows == 303
    # Every pattern of the file is stored, parsed, in order.
    assert (
        sum(len(r.include.split("; ")) for r in rules)
        == sum(len(r["include"].split()) for r in records)
        == 1689
    )
    assert (
        sum(len([p for p in r.exclude.split("; ") if p]) for r in rules)
        == sum(len(r["exclude"].split()) for r in records)
        == 983
    )
    assert {r.target for r in rules} == set(
        ClassName.objects.filter(scheme=Scheme.SEI).exclude(parent="").values_list("code", flat=True)
    )
    assert len({r.target for r in rules}) == 40
    assert ClassName.objects.filter(scheme=Scheme.SEI, parent="").count() == 9
    assert ClassName.objects.filter(scheme=Scheme.NIC).count() == 1382
    keyword_rows = [r for r in rules if r.keywords]
    assert {r.target for r in keyword_rows} == {"1.2", "1.3", "1.5", "2.1", "3.2", "3.5", "5.2", "5.3"}


def test_loading_again_changes_nothing():
    before = list(ClassRule.objects.order_by("table", "position").values_list("target", "include", "exclude"))
    load_shipped()
    after = list(ClassRule.objects.order_by("table", "position").values_list("target", "include", "exclude"))
    assert before == after and RuleSet.objects.count() == 1


@pytest.mark.parametrize(
    "pattern,code,expected",
    [
        ("G06F11*", "G06F 11/14", True),
        ("G06F11*", "G06F 11/00", True),
        ("G06F11*", "G06F 111/00", False),
        ("G06F 11/14", "G06F 11/14", True),
        ("G06F11/14", "G06F 11/141", False),  # a symbol without * is that symbol only
        ("G06F 11/14*", "G06F 11/1415", True),
        ("G06F*", "G06F 3/01", True),
        ("G16*", "G16H 50/20", True),
        ("G16H", "G16H 50/20", True),
        ("ｇ０６ｆ　１１／１４", "G06F 11/14", True),
    ],
)
def test_pattern_forms(pattern, code, expected):
    assert matcher.parse_pattern(pattern).matches(code) is expected


@pytest.mark.parametrize(
    "parse,cell,named",
    [
        (matcher.parse_pattern, "H01M-10", "H01M-10"),  # the pattern as written
        (matcher.parse_pattern, "G06F 11/14X", "G06F 11/14X"),  # a letter after the subgroup is no symbol
        (matcher.parse_pattern, "G06F 11/X", "G06F 11/X"),
        (
            matcher.parse_patterns,
            "H01M 10/058；abc；G16*",
            ";ABC;",
        ),  # between patterns: the part that is none
        (matcher.parse_patterns, "Z G06F*", "Z"),  # before the first
        (matcher.parse_patterns, "H01M4/13* 以及其他", "以及其他"),  # after the last
    ],
)
def test_a_cell_that_is_not_ipc_is_refused_naming_the_part(parse, cell, named):
    with pytest.raises(matcher.InvalidPattern) as refused:
        parse(cell)
    assert str(refused.value) == f"“{named}”不是可识别的分类号式样（示例：G06F 11/14、G06F11*、G06F*）。"


def test_the_matcher_finds_every_pattern_form_through_its_index():
    """Each form of pattern found through the matcher's index (not only by Pattern.matches):
    symbol, main group, subgroup and its continuations, subclass, class; exclusions win; a keyword
    row needs its term in the text; each distinct symbol is looked up once."""
    p = matcher.parse_patterns
    rows = [
        matcher.Row(0, "symbol", tuple(p("H01M 10/0525")), ()),
        matcher.Row(1, "group", tuple(p("H01M10*")), tuple(p("H01M 10/44"))),
        matcher.Row(2, "continues", tuple(p("H01M 10/05*")), ()),
        matcher.Row(3, "subclass", tuple(p("H01M")), ()),
        matcher.Row(4, "class", tuple(p("G16*")), ()),
        matcher.Row(5, "keyword", tuple(p("A23F*")), (), keywords=("茶",)),
        matcher.Row(6, "plain", tuple(p("A23F 3/06")), ()),
    ]
    found = matcher.Matcher(rows)
    assert found.rows_for("H01M 10/0525") == (0, 1, 2, 3)
    assert found.rows_for("H01M 10/058") == (1, 2, 3)  # continues 10/05
    assert found.rows_for("H01M 10/44") == (3,)  # excluded from the group row
    assert found.rows_for("H01M 4/13") == (3,)
    assert found.rows_for("G16H 50/20") == (4,)
    assert found.rows_for("G06F 11/14") == ()
    assert found.rows_for("H01M 10/0525") is found.rows_for("H01M 10/0525")  # cached, not recomputed
    # The keyword row does not hold the text back from the next row of the same symbol.
    assert found.match(["A23F 3/06"], "一种咖啡饮料") == [(6, "A23F 3/06")]
    assert found.match(["A23F 3/06"], "一种绿茶饮料") == [(5, "A23F 3/06"), (6, "A23F 3/06")]
    assert found.match(["A23F 3/06"]) == [(5, "A23F 3/06"), (6, "A23F 3/06")]  # text not fetched yet


def _official_rows():
    # The layout of a table as an office receives it: a title row, the header, and the industry
    # code given once for several IPC rows (merged cells).
    return [
        ["国际专利分类与国民经济行业分类参照关系表（2018）", "", "", ""],
        ["国民经济行业代码", "国民经济行业名称", "国际专利分类号", "备注"],
        ["3841", "锂离子电池制造", "H01M10/0525", ""],
        ["", "", "H01M 10/058；H01M4/13*", ""],
        ["2710", "化学药品原料药制造", "A61K31*", ""],
        ["27X0", "错误代码", "A61K9*", ""],
        ["2720", "化学药品制剂制造", "A61K-9", ""],
        ["111", "稻谷种植", "A01H6/46", ""],
    ]


def test_an_official_xlsx_table_loads_with_row_errors(tmp_path):
    book = Workbook()
    for row in _official_rows():
        book.active.append(row)
    book.save(tmp_path / "ipc_nic.xlsx")
    result = load_table(TableKind.IPC_NIC, tmp_path / "ipc_nic.xlsx", edition="2018", source="测试")
    assert result.loaded == 4
    assert [n for n, _m in result.errors] == [6, 7]
    assert "四位" in result.errors[0][1] and "分类号式样" in result.errors[1][1]
    rules = list(result.table.rules.values_list("target", "include", "source_ref"))
    assert rules == [
        ("3841", "H01M 10/0525", "3"),
        ("3841", "H01M 10/058; H01M 4/13*", "4"),
        ("2710", "A61K 31/*", "5"),
        ("0111", "A01H 6/46", "8"),
    ]
    with pytest.raises(TableError, match="已有版本"):
        load_table(TableKind.IPC_NIC, tmp_path / "ipc_nic.xlsx", edition="2018", source="测试")


def test_an_official_xls_table_loads(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(_official_rows()):
        for c, value in enumerate(row):
            sheet.write(
                r, c, int(value) if value.isdigit() else value
            )  # codes as numbers, as Excel keeps them
    book.save(str(tmp_path / "ipc_nic.xls"))
    result = load_table(TableKind.IPC_NIC, tmp_path / "ipc_nic.xls", edition="2018", source="测试")
    assert result.loaded == 4 and result.table.rules.filter(target="0111").exists()


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    with pytest.raises(TableError, match="找不到表头"):
        load_table(TableKind.IPC_NIC, path, edition="x", source="测试")


def test_the_administrator_loads_a_table_on_the_page_and_officials_cannot(client, roles, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    book = Workbook()
    for row in _official_rows():
        book.active.append(row)
    data = BytesIO()
    book.save(data)

    def upload(**extra):
        file = SimpleUploadedFile("参照关系表2018.xlsx", data.getvalue())
        form = {
            "kind": TableKind.IPC_NIC,
            "file": file,
            "edition": "2018",
            "source": "国家知识产权局（测试）",
        }
        return client.post(reverse("classify:table_upload"), form | extra, follow=True)

    client.force_login(roles["county"])
    assert upload().status_code == 403
    overview = client.get(reverse("classify:overview")).content.decode()
    assert "zhichan" not in overview and "由系统管理员在本页导入" in overview
    client.force_login(roles["admin"])
    ruleset = RuleSet.objects.get(name="默认口径")
    page = upload(ruleset=ruleset.pk).content.decode()
    table = ClassTable.objects.get(kind=TableKind.IPC_NIC, edition="2018")
    assert table.rows == 4 and table.filename == "参照关系表2018.xlsx" and table.loaded_by == roles["admin"]
    assert "载入 4 行" in page and "2 行未载入" in page and "第6行" in page and "正在后台重算" in page
    ruleset.refresh_from_db()
    assert ruleset.ipc_nic == table
    again = upload().content.decode()
    assert "已有版本" in again and "“替换同一版本”" in again and "--replace" not in again
