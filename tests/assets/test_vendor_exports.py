"""Real vendor exports: every column the platform uses, by each vendor's own header list, and
the figures a county gets from a file exported the vendors' way (one row per publication)."""

import csv
from datetime import date

import pytest
import xlwt
from openpyxl import Workbook

from zhichan.assets.imports import run_import
from zhichan.assets.models import EventKind, ImportStatus, Patent, PatentEvent
from zhichan.assets.profiles import PATENT_FIELDS, TRADEMARK_FIELDS, mapping
from zhichan.entities.models import Entity
from zhichan.lib import patentno, uscc
from zhichan.lib.tabular import csv_spans
from zhichan.monitor.compute import board, context
from zhichan.regions.models import Region

# incoPat: the column names listed in ../shared/data/vendor-exports.md (from the export checker
# `excel_tools`), in that order; "技术功效1级/2级/3级" is one name there.
INCOPAT = """标题 申请人 公开(公告)号 摘要 公开(公告)日 申请号 申请日 专利类型 公开国别 链接到incoPat IPC主分类 IPC
国民经济分类 文献种类代码 小类代码 申请人贡献分 标题(翻译) 摘要(翻译) 标准化当前权利人 当前权利人 代理机构 代理人 审查员
优先权信息 优先权号 优先权日 最早优先权日 优先权国别 PCT国际申请号 PCT国际公布号 PCT进入国家阶段日 首次公开日 授权公告日
实质审查生效日 提出实审时长 审查时长 失效日 专利寿命(月) 标准类型 标准项目 标准号 合享价值度 技术稳定性 技术先进性 保护范围
首项权利要求 独立权利要求 权利要求数量 独立权利要求数量 从属权利要求数量 文献页数 首权字数 技术功效短语 技术功效句
技术功效1级/2级/3级 技术功效TRIZ参数 洛迦诺分类号 EC CPC UC FI F-term 新兴产业分类 申请人(翻译)
申请人(其他) 标准化申请人 第一申请人 申请人数量 申请人类型 申请人国别代码 申请人地址 申请人地址(其他) 申请人省市代码
中国申请人地市 中国申请人区县 工商别名 工商英文名 工商注册地址 工商公司类型 工商成立日期 工商统一社会信用代码 工商注册号
工商上市代码 工商企业状态 发明人 发明(设计)人(其他) 第一发明人 当前发明人名称 发明人数量 发明人国别 发明人地址 引证专利
被引证专利 家族引证 家族被引证 引证申请人 被引证申请人 引证次数 被引证次数 家族引证次数 家族被引证次数 引证科技文献
被引证国别(forward) 引证类别 简单同族 扩展同族 DocDB同族 简单同族ID 扩展同族ID DocDB同族ID 简单同族个数 扩展同族个数
DocDB同族个数 同族国家/地区 母案 分案 一案双申 专利有效性 当前法律状态 法律文书日期 法律状态 法律文书编号 复审请求人
无效请求人 复审决定 复审无效决定日 复审无效法律依据 转让次数 转让执行日 转让人 受让人 标准受让人 许可次数 许可合同备案日期
许可人 被许可人 当前被许可人 许可类型 质押次数 质押期限 出质人 质权人 当前质权人 诉讼次数 原告 被告 诉讼类型 法庭 海关备案
复审决定日 无效决定日 口审日期 法律事件 复审请求日 小类名称 中类代码 中类名称 大类代码 大类名称""".split()
INCOPAT_USES = {
    "申请号": "number", "文献种类代码": "doc_kind", "专利类型": "kind", "标题": "title", "摘要": "abstract",
    "首项权利要求": "claims", "申请日": "filed_on", "公开(公告)号": "publication_number",
    "公开(公告)日": "published_on", "首次公开日": "first_published_on", "授权公告日": "granted_on",
    "IPC主分类": "main_ipc", "IPC": "ipc", "申请人": "applicants", "当前权利人": "holders",
    "工商统一社会信用代码": "credit_codes", "申请人地址": "address", "申请人省市代码": "province_code",
    "中国申请人地市": "vendor_city", "中国申请人区县": "vendor_county", "发明人": "inventors", "代理机构": "agency",
    "PCT国际申请号": "pct_number", "PCT国际公布号": "pct_publication", "PCT进入国家阶段日": "pct_entry_on",
    "优先权信息": "priority", "简单同族": "family", "简单同族个数": "family_size", "被引证次数": "cited_by",
    "合享价值度": "value_score", "当前法律状态": "status", "专利有效性": "validity", "法律状态": "history",
    "法律文书日期": "status_on", "失效日": "ended_on", "转让执行日": "transfer_on", "转让人": "assignors",
    "受让人": "assignees", "许可合同备案日期": "license_on", "许可人": "licensors", "被许可人": "licensees",
    "许可类型": "license_type", "质押期限": "pledge_on", "出质人": "pledgors", "质权人": "pledgees",
}  # fmt: skip

# PatSnap: the fields of the public InnovationJournal importer, and the columns also seen.
PATSNAP = """公开(公告)号 申请号 标题 [标]当前申请(专利权)人 发明人 申请日 公开(公告)日 授权日 引用专利 优先权国家 优先权号
优先权日 当前申请(专利权)人地址 代理机构 代理人 权利要求 法律状态/事件 法律状态更新时间 当前申请(专利权)人州/省 独立权利要求
扩展同族被引用专利总数 扩展同族成员数量 扩展同族 [标]原始申请(专利权)人 专利类型 被引用专利 受理局 IPC主分类号 IPC分类号
LOC分类号 摘要 被引用专利数量 简单同族成员数量 简单同族被引用专利总数 简单同族 申请(专利权)人 简单法律状态 失效日
原始申请(专利权)人地址 工商统一社会信用代码""".split()
PATSNAP_USES = {
    "公开(公告)号": "publication_number", "申请号": "number", "标题": "title", "[标]当前申请(专利权)人": "holders",
    "发明人": "inventors", "申请日": "filed_on", "公开(公告)日": "published_on", "授权日": "granted_on",
    "优先权号": "priority", "代理机构": "agency", "独立权利要求": "claims", "法律状态/事件": "history",
    "法律状态更新时间": "status_on", "当前申请(专利权)人州/省": "vendor_province", "扩展同族": "family",
    "简单同族": "family", "专利类型": "kind", "IPC主分类号": "main_ipc", "IPC分类号": "ipc", "摘要": "abstract",
    "被引用专利数量": "cited_by", "简单同族成员数量": "family_size", "申请(专利权)人": "applicants",
    "简单法律状态": "status", "失效日": "ended_on", "原始申请(专利权)人地址": "address",
    "工商统一社会信用代码": "credit_codes",
}  # fmt: skip
# CNIPA 专利检索及分析 and 中国商标网 (the columns of their export and query result pages).
CNIPA = ["申请号", "申请日", "公开（公告）号", "公开（公告）日", "发明名称", "IPC分类号", "申请（专利权）人", "发明人",
         "申请人地址", "国省代码", "代理机构", "摘要", "主权项", "法律状态", "优先权", "PCT申请数据"]  # fmt: skip
CNIPA_USES = {
    "申请号": "number", "申请日": "filed_on", "公开（公告）号": "publication_number", "公开（公告）日": "published_on",
    "发明名称": "title", "IPC分类号": "ipc", "申请（专利权）人": "applicants", "发明人": "inventors",
    "申请人地址": "address", "国省代码": "province_code", "代理机构": "agency", "摘要": "abstract", "主权项": "claims",
    "法律状态": "status", "优先权": "priority", "PCT申请数据": "pct_number",
}  # fmt: skip
TRADEMARK = ["申请/注册号", "国际分类", "申请日期", "商标名称", "申请人名称(中文)", "申请人地址(中文)", "初审公告日期",
             "注册公告日期", "专用权期限", "商标类型", "商标状态", "代理/办理机构", "商品/服务项目"]  # fmt: skip
TRADEMARK_USES = {
    "申请/注册号": "number", "国际分类": "nice_class", "申请日期": "filed_on", "商标名称": "title",
    "申请人名称(中文)": "holders", "申请人地址(中文)": "address", "初审公告日期": "published_on",
    "注册公告日期": "registered_on", "专用权期限": "term", "商标类型": "mark_kind", "商标状态": "status",
    "代理/办理机构": "agency", "商品/服务项目": "goods",
}  # fmt: skip


@pytest.mark.parametrize(
    ("headers", "uses", "fields"),
    [
        (INCOPAT, INCOPAT_USES, PATENT_FIELDS),
        (PATSNAP, PATSNAP_USES, PATENT_FIELDS),
        (CNIPA, CNIPA_USES, PATENT_FIELDS),
        (TRADEMARK, TRADEMARK_USES, TRADEMARK_FIELDS),
    ],
    ids=["incopat", "patsnap", "cnipa", "trademark"],
)
def test_every_used_column_of_a_real_header_list_reaches_its_field(headers, uses, fields):
    found = {header: field for field, header in mapping(headers, fields).items()}
    wanted = {h: f for h, f in uses.items() if f != "family" or h == "简单同族"}
    assert {h: found.get(h) for h in wanted} == wanted
    assert len(INCOPAT) == len(set(INCOPAT)) == 159


# ---------------------------------------------------------------------------------------------
# A county's export, the vendors' way. Columns in incoPat's order, as a user ticks them.
HEADER = ["标题", "申请人", "公开(公告)号", "公开(公告)日", "申请号", "申请日", "专利类型", "文献种类代码", "IPC主分类",
          "当前权利人", "申请人地址", "中国申请人地市", "中国申请人区县", "工商统一社会信用代码", "首次公开日", "授权公告日",
          "失效日", "合享价值度", "被引证次数", "专利有效性", "当前法律状态", "法律文书日期", "法律状态", "转让执行日",
          "转让人", "受让人", "许可合同备案日期", "许可人", "被许可人", "标准类型"]  # fmt: skip
X, Y, Z = patentno.make("202110345678"), patentno.make("202010111222"), patentno.make("202210222333")
W, V, T = patentno.make("201810333444"), patentno.make("202110444555"), patentno.make("202310555666")
U = patentno.make("202220666777")
FIRM, FIRM_TOO, CODE = "宜都市甲磷化工有限公司", "宜都甲磷化工有限公司", uscc.make("91", "420581", "MA49A0XR")
HOME = "湖北省宜都市枝城镇东阳光大道1号"


def publication(title, applicant, number, letter, kind, published, filed, granted="", first="", holder="",
                address=HOME, code="", ended="", validity="有效", state="授权", state_on="", history="授权",
                transfer=("", "", ""), licence=("", "", "")):  # fmt: skip
    year = filed[:4]
    county = "枝江市" if "枝江" in address else "宜都市"
    return [title, applicant, f"CN{number[4:12]}{letter}", published, f"CN{number}", filed, kind, letter,
            "C01B 25/32", holder, address, "宜昌市", county, code, first, granted, ended, 7, 3, validity, state,
            state_on, history, *transfer, *licence, year and ""]  # fmt: skip


def county_export() -> list[list]:
    rows = {
        "XB": publication("一种湿法磷酸净化方法", FIRM, X, "B", "发明授权", "2023-04-07", "2021-03-02", "2023-04-07",
                          "2021-06-18", code=CODE, state_on="2023-04-07"),
        "XA": publication("一种湿法磷酸的净化方法", FIRM, X, "A", "发明申请", "2021-06-18", "2021-03-02",
                          code=CODE, state_on="2023-04-07"),
        # the same firm, spelled without 市, with the same credit code
        "YA": publication("一种磷石膏制硫酸的方法", FIRM_TOO, Y, "A", "发明申请", "2020-09-01", "2020-05-06",
                          code=CODE, holder="宜都市乙新材料有限公司", state="权利转移", state_on="2024-06-21",
                          transfer=("2024-05-10", FIRM_TOO, "宜都市乙新材料有限公司")),
        "YB": publication("一种磷石膏制硫酸的方法", FIRM_TOO, Y, "B", "发明授权", "2022-01-11", "2020-05-06",
                          "2022-01-11", "2020-09-01", code=CODE, holder="宜都市乙新材料有限公司", state="权利转移",
                          state_on="2024-06-21", transfer=("2024-05-10", FIRM_TOO, "宜都市乙新材料有限公司")),
        "ZA": publication("一种电池级磷酸铁的制备方法", "宜都市丙电池材料有限公司", Z, "A", "发明申请", "2022-08-02",
                          "2022-04-01", state="许可", state_on="2025-03-01",
                          licence=("2025-03-01", "宜都市丙电池材料有限公司", "宜都市丁科技有限公司")),
        "ZB": publication("一种电池级磷酸铁的制备方法", "宜都市丙电池材料有限公司", Z, "B", "发明授权", "2023-11-10",
                          "2022-04-01", "2023-11-10", "2022-08-02", state="许可", state_on="2025-03-01",
                          licence=("2025-03-01", "宜都市丙电池材料有限公司", "宜都市丁科技有限公司")),
        # lapsed for unpaid fees on 2024-02-20, announced on 2024-07-12
        "WB": publication("一种磷矿浮选药剂", "宜都市戊矿业有限公司", W, "B", "发明授权", "2019-12-03", "2018-06-01",
                          "2019-12-03", "2018-11-20", ended="2024-02-20", validity="失效", state="未缴年费",
                          state_on="2024-07-12", history="授权; 未缴年费"),
        "WA": publication("一种磷矿浮选药剂", "宜都市戊矿业有限公司", W, "A", "发明申请", "2018-11-20", "2018-06-01",
                          ended="2024-02-20", validity="失效", state="未缴年费", state_on="2024-07-12",
                          history="授权; 未缴年费"),
        # a first applicant in 枝江 (an industry search reaches beyond the county), transferred too
        "VA": publication("一种磷酸铁锂回收方法", "枝江市己新能源有限公司", V, "A", "发明申请", "2021-09-09",
                          "2021-05-05", address="湖北省枝江市马家店街道江汉大道8号", state="权利转移",
                          state_on="2024-08-01", transfer=("2024-08-01", "枝江市己新能源有限公司", "宜昌某公司")),
        "VB": publication("一种磷酸铁锂回收方法", "枝江市己新能源有限公司", V, "B", "发明授权", "2023-02-02",
                          "2021-05-05", "2023-02-02", "2021-09-09", address="湖北省枝江市马家店街道江汉大道8号",
                          state="权利转移", state_on="2024-08-01",
                          transfer=("2024-08-01", "枝江市己新能源有限公司", "宜昌某公司")),
        "TA": publication("一种低品位磷矿制肥方法", "宜都市庚肥业有限公司", T, "A", "发明申请", "2023-12-01",
                          "2023-06-01", validity="审中", state="实质审查", state_on="2024-01-05", history="实质审查"),
        # a new holder with no dated transfer: flagged, counted nowhere
        "U": publication("一种磷肥包装袋", "宜都市辛包装有限公司", U, "U", "实用新型", "2022-09-09", "2022-05-05",
                         "2022-09-09", holder="宜都市壬包装有限公司"),
    }  # fmt: skip
    # B before A, far apart, in an order no sort gives
    order = ["XB", "YA", "WB", "U", "VA", "ZB", "TA", "WA", "VB", "ZA", "YB", "XA"]
    return [rows[key] for key in order]


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_xls(path, rows):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("incoPat")
    for c, value in enumerate(HEADER):
        sheet.write(0, c, value)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


WRITERS = {
    "xlsx": lambda p, rows: write_xlsx(p.with_suffix(".xlsx"), rows),
    "xls": lambda p, rows: write_xls(p.with_suffix(".xls"), rows),
    "csv-utf8-bom": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "utf-8-sig"),
    "csv-gbk": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "gbk"),
    "csv-gb18030": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "gb18030"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_county_export_gives_the_hand_counted_figures(fmt, tmp_path, roles):
    county = Region.objects.get(code="420581")
    path = WRITERS[fmt](tmp_path / "incoPat导出", county_export())
    batch = run_import("patents", path=path, user=roles["county"], within=county)
    assert batch.status == ImportStatus.DONE, batch.errors
    assert (batch.rows_read, batch.rejected, batch.errors) == (12, 0, [])
    assert (batch.created, batch.outside) == (6, 1)  # seven applications, one outside the county
    sections = {s["key"]: s for s in batch.quality["sections"]}
    assert sections["merged_publications"]["count"] == 5 and "duplicates" not in sections
    assert sections["undated_holder_change"]["count"] == 1  # U's new holder, no date
    assert batch.quality["unrecognised"] == ["标准类型"]

    def held(day):
        return board([county], context(day), ["invention_valid"])["420581"]["invention_valid"].value

    # X, Y, Z granted and in force; W lapsed on 2024-02-20 (失效日, not the announcement); T pending.
    assert (held(date(2023, 11, 9)), held(date(2023, 11, 10)), held(date(2024, 2, 19)), held(date(2024, 2, 20))) == (
        3, 4, 4, 3,
    )  # fmt: skip

    def deals(year):
        return board([county], context(date(year, 12, 31)), ["transfer_license"])["420581"][
            "transfer_license"
        ].value

    assert (deals(2023), deals(2024), deals(2025)) == (0, 1, 1)  # Y's transfer, Z's licence; V is outside

    x = Patent.objects.get(number=X)
    assert (x.grant_number, x.granted_on, x.publication_number, x.published_on) == (
        "CN10345678B", date(2023, 4, 7), "CN10345678A", date(2021, 6, 18),
    )  # fmt: skip
    assert x.title == "一种湿法磷酸净化方法"  # from the latest document
    assert (x.value_score, x.cited_by, x.legal_state, x.legal_state_on) == (7, 3, "授权", date(2023, 4, 7))
    y = Patent.objects.get(number=Y)
    assert y.holders == "宜都市乙新材料有限公司" and y.applicants == FIRM_TOO
    event = y.events.get(kind=EventKind.TRANSFER)
    assert (event.effective_on, event.date_estimated) == (date(2024, 5, 10), False)
    assert "宜都市乙新材料有限公司" in event.detail
    # one firm, spelled two ways, one credit code: one entity
    assert x.first_applicant == y.first_applicant and Entity.objects.filter(credit_code=CODE).count() == 1
    w = Patent.objects.get(number=W)
    assert (w.ended_on, w.events.get().effective_on) == (date(2024, 2, 20), date(2024, 2, 20))
    v = Patent.everything.get(number=V)
    assert (v.outside, v.region, v.place[:6]) == (True, None, "420583")
    assert not Patent.objects.filter(number=V).exists()
    assert not PatentEvent.objects.filter(patent__number=U).exists()

    again = run_import("patents", path=path, user=roles["county"], within=county)
    assert (again.created, again.updated, again.unchanged, again.outside, again.rejected) == (0, 0, 6, 1, 0)


@pytest.mark.django_db(transaction=True)
def test_publications_far_apart_merge_when_parsed_in_a_second_process(tmp_path, monkeypatch, committed_tree):
    """A and B rows more than a parsing chunk apart, the grant first, in the two-process import."""
    from zhichan.assets import imports

    rows = county_export()
    filler = [
        publication(f"一种包装结构{i}", "宜都市癸包装有限公司", patentno.make(f"2022206{i:05d}"), "U", "实用新型",
                    "2022-09-09", "2022-05-05", "2022-09-09")
        for i in range(imports.CHUNK + 100)
    ]  # fmt: skip
    path = write_csv(tmp_path / "far.csv", [rows[0], *filler, *rows[1:]], "utf-8-sig")
    # Each parsing process reads half of the file: X's rows fall on both sides of the cut and are
    # joined by the writing process.
    cut = csv_spans(path, 2)[1][2]
    x_rows = [n for n, row in enumerate([rows[0], *filler, *rows[1:]], start=2) if row[4] == f"CN{X}"]
    assert min(x_rows) < cut < max(x_rows)
    monkeypatch.setattr(imports, "PARALLEL_MIN_BYTES", 0)
    batch = run_import("patents", path=path)
    assert (batch.rows_read, batch.rejected) == (12 + len(filler), 0)
    assert batch.created == 7 + len(filler)
    x = Patent.objects.get(number=X)
    assert (x.granted_on, x.publication_number) == (date(2023, 4, 7), "CN10345678A")
    again = run_import("patents", path=path)  # read against the registry's source hashes
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7 + len(filler))


@pytest.mark.django_db
def test_a_later_file_with_only_the_application_keeps_the_grant(tmp_path):
    rows = county_export()
    run_import("patents", path=write_csv(tmp_path / "all.csv", rows, "utf-8"))
    only_a = [r for r in rows if r[4] == f"CN{X}" and r[7] == "A"]
    only_a[0][20], only_a[0][21] = "授权", "2023-04-07"
    run_import("patents", path=write_csv(tmp_path / "a.csv", only_a, "utf-8"))
    assert Patent.objects.get(number=X).granted_on == date(2023, 4, 7)


@pytest.mark.django_db
def test_the_office_sees_where_the_rows_went(client, tmp_path, roles):
    from django.urls import reverse

    county = Region.objects.get(code="420581")
    path = write_csv(tmp_path / "e.csv", county_export(), "utf-8-sig")
    batch = run_import("patents", path=path, user=roles["county"], within=county)
    client.force_login(roles["county"])
    page = client.get(reverse("assets:batch", args=[batch.pk])).content.decode()
    assert "管辖范围外（供分析）" in page and "未识别的列" in page and "标准类型" in page
    assert "同一申请的多个文献（已合并为一件专利）" in page and "权利人变更无日期" in page
    outside = Patent.everything.get(number=V)
    page = client.get(reverse("assets:patent", args=[outside.pk])).content.decode()
    assert "管辖范围外（仅供分析）" in page and "枝江市己新能源有限公司" in page
    y = Patent.objects.get(number=Y)
    page = client.get(reverse("assets:patent", args=[y.pk])).content.decode()
    assert "当前权利人" in page and "宜都市乙新材料有限公司" in page and "权利转移" in page
    listed = client.get(reverse("assets:patents")).content.decode()
    assert "一种磷酸铁锂回收方法" not in listed  # the corpus is no part of the registry's list


@pytest.mark.django_db
def test_undo_removes_the_corpus_rows_too(tmp_path, roles):
    from zhichan.assets.services import import_undo

    county = Region.objects.get(code="420581")
    batch = run_import("patents", path=write_csv(tmp_path / "u.csv", county_export(), "gbk"), user=roles["county"],
                       within=county)  # fmt: skip
    assert Patent.everything.count() == 7
    import_undo(batch=batch, user=roles["county"])
    assert Patent.everything.count() == 0 and not PatentEvent.objects.exists()


@pytest.mark.django_db
def test_a_reimport_parses_only_rows_it_has_not_stored(tmp_path, monkeypatch):
    """An unchanged file is counted from what the registry stored (``source_hash``), its refused
    rows read and reported again; a changed row, the same data in another layout and a new
    reading of the importer (``SOURCE_VERSION``) are parsed."""
    from zhichan.assets import imports

    rows = county_export()
    broken = list(rows[3])
    broken[4] = "CN202220600001.0"  # a wrong check character: refused by row, every time
    rows.append(broken)
    path = write_csv(tmp_path / "月度.csv", rows, "utf-8-sig")
    first = run_import("patents", path=path)
    assert (first.created, first.rejected) == (7, 1)
    parsed = []
    parse = imports.PatentImport.parse
    monkeypatch.setattr(
        imports.PatentImport, "parse", lambda self, n, row: parsed.append(n) or parse(self, n, row)
    )
    again = run_import("patents", path=path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 7, 1)
    assert parsed == [14] and again.errors == first.errors  # only the refused row, reported again

    rows[0][0] = "一种湿法磷酸净化方法及装置"  # X's grant document retitled
    parsed.clear()
    later = run_import("patents", path=write_csv(tmp_path / "次月.csv", rows, "utf-8-sig"))
    assert (later.updated, later.unchanged) == (1, 6)
    assert sorted(parsed) == [2, 13, 14]  # both of X's rows, and the refused one
    assert Patent.objects.get(number=X).title == "一种湿法磷酸净化方法及装置"

    parsed.clear()
    same = run_import("patents", path=write_xlsx(tmp_path / "次月.xlsx", rows))
    assert (same.updated, same.unchanged, parsed) == (0, 7, [14])  # the same cells under the same columns

    parsed.clear()
    other = tmp_path / "另一导出.csv"
    with open(other, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*HEADER, "备注"], *([*row, ""] for row in rows)])
    relaid = run_import("patents", path=other)
    assert (relaid.updated, relaid.unchanged, len(parsed)) == (0, 7, 13)  # read whole, found the same

    monkeypatch.setattr(imports, "SOURCE_VERSION", "test")
    parsed.clear()
    reread = run_import("patents", path=tmp_path / "次月.csv")
    assert (reread.updated, reread.unchanged, len(parsed)) == (0, 7, 13)
