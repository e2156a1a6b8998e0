"""Imports of vendor-format exports: counts, row errors, linking, idempotence, events, undo."""

import csv
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tests.conftest import make_entity
from zhichan.assets import imports
from zhichan.assets.imports import run_import
from zhichan.assets.models import (
    EventKind,
    ImportStatus,
    LinkReview,
    Patent,
    PatentEvent,
    PatentStatus,
    ReviewStatus,
    Trademark,
)
from zhichan.assets.services import import_undo, review_resolve
from zhichan.entities.models import Entity, EntityKind
from zhichan.entities.services import entity_alias_add
from zhichan.lib import patentno

N1 = patentno.make("202110345678")  # invention
N2 = patentno.make("202220123456")  # utility model
N3 = patentno.make("202330098765")  # design
N4 = patentno.make("201910777777")  # invention, lapsed

INCOPAT_HEADER = ["标题", "摘要", "申请号", "申请日", "公开（公告）号", "公开（公告）日", "授权日", "IPC主分类",
                  "IPC", "申请人", "申请人地址", "发明人", "当前法律状态", "法律状态公告日", "专利类型"]  # fmt: skip


def incopat_rows():
    return [
        ["一种电解电容器用铝箔的腐蚀方法", "本发明公开了……", f"CN{N1}", "2021-03-02", "CN113000001A", "2021-06-18",
         "2023-04-07", "C25F 3/04", "C25F 3/04; H01G 9/055", "宜都东阳光测试箔业有限公司; 三峡大学",
         "443300 湖北省宜都市枝城镇东阳光大道1号", "张三; 李四", "有效", "", "发明授权"],
        ["一种茶叶揉捻装置", "", f"CN{N2}", "2022-01-10", "CN216000001U", "2022-06-01", "", "A23F 3/06", "A23F 3/06",
         "宜都市测试茶业有限公司", "湖北省宜都市五眼泉镇", "王五", "有效", "", "实用新型"],
        ["包装盒（宜红）", "", f"CN{N3}", "2023-05-04", "CN308000001S", "2023-09-01", "", "09-03", "09-03",
         "宜都市测试茶业有限公司", "湖北省宜都市五眼泉镇", "王五", "有效", "", "外观设计"],
        ["一种磷石膏制备硫酸的方法", "", f"CN{N4}", "2019-08-20", "CN110000001A", "2019-11-29", "2021-02-02",
         "C01B 17/50", "C01B 17/50", "湖北测试化工股份有限公司", "湖北省宜昌市宜都市陆城街道", "赵六", "失效",
         "2024-08-20", "发明"],
        # bad rows: check character, grant before filing, no title, duplicate number, unknown IPC (accepted, flagged)
        ["一种坏校验位", "", "CN202110345679.0", "2021-03-02", "", "", "", "", "", "某公司", "", "", "审中", "", "发明"],
        ["一种时间倒流的装置", "", f"CN{patentno.make('202110000001')}", "2021-03-02", "", "", "2020-01-01", "",
         "", "某公司", "", "", "有效", "", "发明"],
        ["", "", f"CN{patentno.make('202110000002')}", "2021-03-02", "", "", "", "", "", "某公司", "", "", "审中", "", "发明"],
        # an identical repeat of the first row (exported twice): reported, harmless
        ["一种电解电容器用铝箔的腐蚀方法", "本发明公开了……", f"CN{N1}", "2021-03-02", "CN113000001A", "2021-06-18",
         "2023-04-07", "C25F 3/04", "C25F 3/04; H01G 9/055", "宜都东阳光测试箔业有限公司; 三峡大学",
         "443300 湖北省宜都市枝城镇东阳光大道1号", "张三; 李四", "有效", "", "发明授权"],
        ["一种分类号写错的装置", "", f"CN{patentno.make('202110000003')}", "2021-03-02", "", "", "", "Z99Q 1/00",
         "Z99Q 1/00", "宜都市测试茶业有限公司", "湖北省宜都市五眼泉镇", "", "审中", "", "发明"],
    ]  # fmt: skip


def write_csv(path, header, rows, encoding="gbk"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def incopat_gbk(tmp_path):
    return write_csv(tmp_path / "incopat导出.csv", INCOPAT_HEADER, incopat_rows())


@pytest.mark.django_db
def test_incopat_gbk_export_imports_with_row_errors(incopat_gbk):
    batch = run_import("patents", path=incopat_gbk)
    assert batch.status == ImportStatus.DONE
    assert batch.profile == "incopat"
    assert (batch.rows_read, batch.created, batch.rejected) == (9, 5, 3)
    rows = {e["row"]: e for e in batch.errors}
    assert set(rows) == {6, 7, 8}
    assert "校验位错误" in rows[6]["message"] and rows[6]["column"] == "申请号"
    assert rows[7]["column"] == "授权日" and "早于申请日" in rows[7]["message"]
    assert rows[8]["column"] == "标题"
    quality = {s["key"]: s for s in batch.quality["sections"]}
    assert quality["invalid_ipc"]["samples"][0]["row"] == 10
    assert (
        quality["duplicates"]["count"] == 1
        and "与第2行完全相同" in quality["duplicates"]["samples"][0]["detail"]
    )

    invention = Patent.objects.get(number=N1)
    assert invention.kind == "invention" and invention.granted_on == date(2023, 4, 7)
    assert invention.region.code == "420581104"  # 枝城镇, from "443300 湖北省宜都市枝城镇…"
    assert [a.name for a in invention.applicant_links.all()] == ["宜都东阳光测试箔业有限公司", "三峡大学"]
    assert invention.applicant_links.get(position=2).entity.kind == EntityKind.UNIVERSITY
    assert invention.first_applicant.name == "宜都东阳光测试箔业有限公司"
    assert invention.ipc_codes == "C25F 3/04; H01G 9/055"
    # A utility model's publication is its grant; "有效" without a grant date takes it.
    assert Patent.objects.get(number=N2).granted_on == date(2022, 6, 1)
    assert Patent.objects.get(number=N3).main_ipc == ""  # designs carry Locarno classes
    lapsed = Patent.objects.get(number=N4)
    assert lapsed.status_on(date(2024, 8, 19)) == PatentStatus.VALID
    assert lapsed.status_on(date(2024, 8, 20)) == PatentStatus.LAPSED
    assert lapsed.events.get().kind == EventKind.LAPSE


@pytest.mark.django_db
def test_reimport_is_idempotent_and_status_changes_append_events(incopat_gbk, tmp_path):
    first = run_import("patents", path=incopat_gbk)
    entities = Entity.objects.count()
    again = run_import("patents", path=incopat_gbk)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 5, 3)
    assert Entity.objects.count() == entities
    # A later export: the utility model lapsed, the lapsed invention was restored.
    rows = incopat_rows()[:4]
    rows[1][12:14] = ["未缴年费专利权终止", "2025-01-10"]
    rows[3][12:14] = ["有效", "2025-03-01"]
    later = run_import(
        "patents", path=write_csv(tmp_path / "later.csv", INCOPAT_HEADER, rows, encoding="utf-8")
    )
    assert (later.created, later.updated, later.unchanged) == (0, 2, 2)
    utility = Patent.objects.get(number=N2)
    assert utility.status_on(date(2025, 1, 9)) == PatentStatus.VALID
    assert utility.status_on(date(2025, 1, 10)) == PatentStatus.LAPSED
    restored = Patent.objects.get(number=N4)
    assert [e.kind for e in restored.events.order_by("effective_on")] == [
        EventKind.LAPSE,
        EventKind.RESTORATION,
    ]
    assert restored.status_on(date(2024, 12, 31)) == PatentStatus.VALID
    # Undo goes back to the state before the later export, then before everything.
    import_undo(batch=later)
    assert Patent.objects.get(number=N2).status_on(date(2025, 6, 1)) == PatentStatus.VALID
    assert Patent.objects.get(number=N4).status_on(date(2024, 12, 31)) == PatentStatus.LAPSED
    with pytest.raises(Exception, match="请先撤销之后的导入"):
        import_undo(batch=first)
    import_undo(batch=again)
    import_undo(batch=first)
    assert Patent.objects.count() == 0 and PatentEvent.objects.count() == 0
    assert Entity.objects.count() == 0  # the entities the import created are gone too


@pytest.mark.django_db
def test_linking_by_credit_code_alias_and_ambiguity(tmp_path):
    coded = make_entity("宜都市甲科技有限公司", "420581100", serial="00000011")
    aliased = make_entity("宜都市乙新材料有限公司", "420581100", serial="00000012")
    entity_alias_add(entity=aliased, name="宜都乙新材料公司")
    twin_a = make_entity("宜都市丙机械有限公司", "420581100", serial="00000013")
    twin_b = make_entity("宜都市丙机械有限公司（二）", "420581101", serial="00000014")
    entity_alias_add(entity=twin_b, name="宜都市丙机械有限公司")
    header = ["申请号", "名称", "申请日", "申请人", "申请人统一社会信用代码", "第一申请人地址", "法律状态"]
    rows = [
        [patentno.make("202410000101"), "一种甲装置", "2024-01-05", "改名后的甲公司", coded.credit_code, "湖北省宜都市", "审中"],
        [patentno.make("202410000102"), "一种乙材料", "2024-01-06", "宜都乙新材料公司", "", "湖北省宜都市", "审中"],
        [patentno.make("202410000103"), "一种丙机构", "2024-01-07", "宜都市丙机械有限公司;张三", "", "湖北省宜都市", "审中"],
    ]  # fmt: skip
    batch = run_import("patents", path=write_csv(tmp_path / "own.csv", header, rows))
    assert batch.profile == "zhichan" and batch.created == 3
    assert Patent.objects.get(title="一种甲装置").first_applicant == coded
    assert Patent.objects.get(title="一种乙材料").first_applicant == aliased
    third = Patent.objects.get(title="一种丙机构")
    assert third.first_applicant is None
    review = LinkReview.objects.get(status=ReviewStatus.OPEN)
    assert set(review.candidates.all()) == {twin_a, twin_b}
    person = third.applicant_links.get(position=2).entity
    assert person.kind == EntityKind.INDIVIDUAL and person.name == "张三"
    review_resolve(review=review, entity=twin_a)
    third.refresh_from_db()
    assert third.first_applicant == twin_a and third.applicant_links.get(position=1).entity == twin_a


@pytest.mark.django_db
def test_patsnap_xlsx_and_cnipa_headers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "申请号", "申请日", "公开(公告)号", "授权日", "IPC主分类号", "IPC分类号",
                  "[标]当前申请(专利权)人", "申请人地址", "简单法律状态", "法律状态/事件", "失效日", "专利类型"])  # fmt: skip
    sheet.append(["一种锂电池正极材料", "CN" + patentno.make("202010555555").replace(".", ""), date(2020, 4, 1),
                  "CN111000001B", date(2022, 8, 9), "H01M 4/58", "H01M 4/58 | H01M 10/0525", "宜都测试新能源有限公司 | 李四",
                  "湖北省宜都市高坝洲镇", "失效", "授权 | 未缴年费", date(2024, 4, 1), "发明"])  # fmt: skip
    path = tmp_path / "patsnap.xlsx"
    book.save(path)
    batch = run_import("patents", path=path)
    assert batch.profile == "patsnap" and batch.created == 1 and batch.rejected == 0
    patent = Patent.objects.get()
    assert patent.ipc_codes == "H01M 4/58; H01M 10/0525"
    assert patent.applicants == "宜都测试新能源有限公司; 李四"
    assert patent.status_on(date(2024, 3, 31)) == PatentStatus.VALID
    assert patent.status_on(date(2024, 4, 1)) == PatentStatus.LAPSED

    cnipa = write_csv(
        tmp_path / "cnipa.csv",
        [
            "申请号",
            "申请日",
            "公开（公告）号",
            "公开（公告）日",
            "发明名称",
            "IPC分类号",
            "申请（专利权）人",
            "发明人",
            "申请人地址",
            "国省代码",
        ],
        [
            [
                patentno.make("202120666666"),
                "2021.7.3",
                "CN215000001U",
                "2022.1.4",
                "一种支架",
                "F16M 13/02",
                "湖北测试机电有限公司",
                "周七",
                "",
                "42",
            ]
        ],
        encoding="gb18030",
    )
    batch = run_import("patents", path=cnipa)
    assert batch.profile == "cnipa" and batch.created == 1
    patent = Patent.objects.get(title="一种支架")
    assert patent.region.code == "420000"  # no address: the 国省代码 places it in the province
    assert patent.filed_on == date(2021, 7, 3)


@pytest.mark.django_db
def test_county_official_keeps_another_countys_patents_for_analysis_only(roles, tmp_path):
    header = ["申请号", "名称", "申请日", "申请人", "第一申请人地址"]
    rows = [
        [patentno.make("202410000201"), "一种本地装置", "2024-02-01", "宜都市丁公司", "湖北省宜都市陆城街道"],
        [
            patentno.make("202410000202"),
            "一种外地装置",
            "2024-02-01",
            "枝江市戊公司",
            "湖北省枝江市马家店街道",
        ],
    ]
    batch = run_import(
        "patents",
        path=write_csv(tmp_path / "f.csv", header, rows),
        user=roles["county"],
        within=roles["county"].region,
    )
    # The row outside the county is kept for analysis only: no region, no entity, in no figure.
    assert (batch.created, batch.rejected, batch.outside) == (1, 0, 1)
    assert list(Patent.objects.values_list("title", flat=True)) == ["一种本地装置"]
    outside = Patent.everything.get(title="一种外地装置")
    assert (outside.outside, outside.region, outside.place) == (True, None, "420583001")
    assert outside.applicant_links.get().entity is None
    assert not Entity.objects.filter(name="枝江市戊公司").exists()


@pytest.mark.django_db
def test_missing_required_columns_fail_clearly(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["编号", "备注"], [["1", "x"]])
    with pytest.raises(Exception, match="缺少必需的列：申请号、发明名称、申请日、申请专利权人"):
        run_import("patents", path=path)


@pytest.mark.django_db
def test_trademark_query_export(tmp_path):
    header = ["申请/注册号", "国际分类", "申请日期", "商标名称", "申请人名称（中文）", "申请人地址（中文）",
              "初审公告日期", "注册公告日期", "专用权期限", "商标类型", "商标状态"]  # fmt: skip
    rows = [
        ["12345678", "30", "2013-05-06", "宜红", "宜都市测试茶业有限公司", "湖北省宜都市陆城街道", "2014-01-13",
         "2014-04-14", "2014年04月14日 至 2024年04月13日", "普通商标", "注册商标"],
        ["23456789", "第30类", "2016-03-01", "宜都宜红茶", "宜都市测试茶叶协会", "湖北省宜都市陆城街道", "2016-10-06",
         "2017-01-07", "2017-01-07至2027-01-06", "证明商标", "注册商标"],
        ["bad", "46", "2016-03-01", "X", "某公司", "", "", "", "", "", ""],
    ]  # fmt: skip
    batch = run_import("trademarks", path=write_csv(tmp_path / "tm.csv", header, rows))
    assert batch.profile == "cnipa_trademark"
    assert (batch.created, batch.rejected) == (2, 1)
    assert batch.errors[0]["row"] == 4 and batch.errors[0]["column"] == "国际分类"
    expired = Trademark.objects.get(number="12345678")
    assert expired.valid_on(date(2024, 4, 13)) and not expired.valid_on(date(2024, 4, 14))
    assert {s["key"] for s in batch.quality["sections"]} >= {"inconsistent_status", "invalid_numbers"}
    certification = Trademark.objects.get(number="23456789")
    assert certification.mark_kind == "certification" and not certification.is_gi  # only a GI column says so
    again = run_import("trademarks", path=write_csv(tmp_path / "tm2.csv", header, rows))
    assert (again.created, again.unchanged) == (0, 2)


@pytest.mark.django_db
def test_pledge_list_adds_events(incopat_gbk, tmp_path):
    run_import("patents", path=incopat_gbk)
    header = ["专利号", "出质人", "质权人", "登记生效日", "解除日", "合同登记号"]
    rows = [
        [
            f"ZL{N1}",
            "宜都东阳光测试箔业有限公司",
            "测试银行宜都支行",
            "2024-03-01",
            "2025-02-28",
            "Y2024420000123",
        ],
        [patentno.make("202110999999"), "某公司", "某银行", "2024-03-01", "", ""],
    ]
    batch = run_import("pledges", path=write_csv(tmp_path / "pledge.csv", header, rows))
    assert (batch.created, batch.rejected, batch.events_added) == (1, 1, 2)
    assert "不在登记库中" in batch.errors[0]["message"]
    kinds = set(PatentEvent.objects.filter(patent__number=N1).values_list("kind", flat=True))
    assert kinds == {EventKind.PLEDGE, EventKind.PLEDGE_RELEASE}
    assert Patent.objects.get(number=N1).status_on(date(2024, 12, 31)) == PatentStatus.VALID
    # The registration itself, with its item linked to the registry, for the finance pages and the board.
    from zhichan.finance.models import Pledge

    pledge = Pledge.objects.get(number="Y2024420000123")
    assert (pledge.pledgee_name, pledge.released_on, pledge.amount) == (
        "测试银行宜都支行",
        date(2025, 2, 28),
        None,
    )
    assert [i.patent.number for i in pledge.items.all()] == [N1]


@pytest.mark.django_db
def test_cli_prints_a_json_summary(incopat_gbk):
    out = StringIO()
    call_command("import", "patents", str(incopat_gbk), "--format", "json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["rows_read"] == 9 and summary["created"] == 5 and summary["rejected"] == 3
    assert [e["row"] for e in summary["errors"]] == [6, 7, 8]
    assert summary["quality"]["duplicates"] == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_parsing_gives_the_same_result(tmp_path, monkeypatch, committed_tree):
    """On PostgreSQL (and file-based SQLite) parsing runs in a second process; same outcome."""
    from zhichan.assets.synthetic import write_patents
    from zhichan.regions.models import Region

    county = Region.objects.select_related("parent__parent").get(code="420581")
    path = tmp_path / "synthetic.csv"
    broken = write_patents(path, county=county, count=3000, seed=7, profile="incopat", bad_rows=0.01)
    # One row per publication: the applications are the numbers of the rows that are whole.
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    good = set()
    for row in rows:
        try:
            if row["标题"] and row["申请日"] != "2023-02-30":
                good.add(patentno.normalize(row["申请号"]))
        except patentno.InvalidApplicationNumber:
            pass
    monkeypatch.setattr(imports, "PARALLEL_MIN_BYTES", 0)
    batch = run_import("patents", path=path)
    assert batch.rows_read == len(rows) > 3000
    assert batch.rejected == broken
    assert batch.created == len(good) and 3000 - broken <= len(good) < 3000
    assert Patent.objects.count() == batch.created
    assert [e["row"] for e in batch.errors] == sorted(e["row"] for e in batch.errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "header", "row", "check"),
    [
        (
            "gis",
            ["公告号", "产品名称", "保护方式", "产品类别", "申请人", "地址", "批准日期"],
            [
                "2014年第12号",
                "宜都宜红茶",
                "农产品地理标志",
                "茶叶",
                "宜都市测试茶叶协会",
                "湖北省宜都市陆城街道",
                "2014-06-30",
            ],
            lambda o: o.mode == "agi" and o.product == "茶叶",
        ),
        (
            "copyrights",
            ["登记号", "软件全称", "版本号", "著作权人", "开发完成日期", "登记日期"],
            [
                "2023SR0123456",
                "宜都化工园区安全监测软件",
                "V1.0",
                "宜都市测试化工有限公司",
                "2023-01-05",
                "2023-02-01",
            ],
            lambda o: o.kind == "software" and o.completed_on == date(2023, 1, 5),
        ),
        (
            "varieties",
            ["品种权号", "品种名称", "属或种", "品种权人", "授权日"],
            ["CNA20201234.5", "宜柑1号", "柑橘属", "宜都市测试农业科技有限公司", "2022-07-01"],
            lambda o: o.genus == "柑橘属",
        ),
        (
            "layouts",
            ["登记号", "布图设计名称", "权利人", "申请日", "首次商业利用日"],
            ["BS.225012345", "电源管理芯片A1", "宜都测试电子科技有限公司", "2022-05-01", "2022-03-01"],
            lambda o: o.commercial_use_on == date(2022, 3, 1),
        ),
        (
            "dataip",
            ["登记证书编号", "数据名称", "登记主体", "登记机构", "数据类别", "登记日期", "有效期至"],
            [
                "鄂数知登字2024第000123号",
                "磷化工生产过程数据集",
                "宜都市测试化工有限公司",
                "湖北省数据知识产权登记平台",
                "工业数据",
                "2024-09-01",
                "2027-08-31",
            ],
            lambda o: (
                o.registrar.startswith("湖北")
                and o.valid_on(date(2027, 8, 31))
                and not o.valid_on(date(2027, 9, 1))
            ),
        ),
    ],
)
def test_other_registries_import_and_link(tmp_path, kind, header, row, check):
    from zhichan.assets.services import RIGHT_MODELS

    bad = ["", *row[1:]]  # no number
    batch = run_import(kind, path=write_csv(tmp_path / f"{kind}.csv", header, [row, bad], encoding="gb18030"))
    assert (batch.created, batch.rejected) == (1, 1)
    assert batch.errors[0]["row"] == 3
    obj = RIGHT_MODELS[kind].objects.get()
    assert check(obj)
    assert (
        obj.holder is not None
        and obj.holder.name
        == row[
            header.index(
                next(h for h in header if h in ("申请人", "著作权人", "品种权人", "权利人", "登记主体"))
            )
        ]
    )
    again = run_import(kind, path=write_csv(tmp_path / f"{kind}2.csv", header, [row]))
    assert again.unchanged == 1
    import_undo(batch=again)
    import_undo(batch=batch)
    assert not RIGHT_MODELS[kind].objects.exists()


@pytest.mark.django_db
def test_deletes_keep_the_links_consistent_without_database_constraints(incopat_gbk):
    """The bulk tables rely on Django's on_delete (docs/imports.md): check it holds."""
    from zhichan.assets.models import PatentApplicant

    run_import("patents", path=incopat_gbk)
    patent = Patent.objects.get(number=N1)
    entity = patent.first_applicant
    entity.delete()
    patent.refresh_from_db()
    assert patent.first_applicant is None
    assert patent.applicant_links.get(position=1).entity is None
    lapsed = Patent.objects.get(number=N4)
    lapsed.delete()
    assert not PatentEvent.objects.filter(patent_id=lapsed.pk).exists()
    assert not PatentApplicant.objects.filter(patent_id=lapsed.pk).exists()


@pytest.mark.django_db
def test_pledge_list_groups_rows_by_registration_and_takes_trademarks(incopat_gbk, tmp_path):
    from zhichan.finance.models import Pledge

    run_import("patents", path=incopat_gbk)
    Trademark.objects.create(number="30000077", title="测试", holders="宜都东阳光测试箔业有限公司", nice_class=6,
                             registered_on=date(2020, 1, 1), expires_on=date(2029, 12, 31))  # fmt: skip
    header = ["质押物类型", "号码", "出质人", "质权人", "登记生效日", "合同登记号", "质押金额（万元）", "贷款起息日",
              "贷款到期日", "贷款利率"]  # fmt: skip
    common = ["宜都东阳光测试箔业有限公司", "测试银行宜都支行", "2025-03-01", "Y2025420000777", "1,200", "2025-03-05",
              "2026-03-05", "3.45%"]  # fmt: skip
    rows = [["专利", f"ZL{N1}", *common], ["商标", "30000077", *common], ["商标", "", *common]]
    header[1] = "专利号"
    batch = run_import("pledges", path=write_csv(tmp_path / "mixed.csv", header, rows))
    assert (batch.created, batch.rejected) == (1, 1) and batch.errors[0]["row"] == 4
    pledge = Pledge.objects.get(number="Y2025420000777")
    assert (pledge.amount, pledge.loan_rate, pledge.loan_end) == (
        Decimal("12000000.00"),
        Decimal("3.45"),
        date(2026, 3, 5),
    )
    assert sorted((i.kind, i.right.number) for i in pledge.items.all()) == [
        ("patent", N1),
        ("trademark", "30000077"),
    ]
    import_undo(batch=batch)
    assert not Pledge.objects.exists() and not PatentEvent.objects.filter(kind=EventKind.PLEDGE).exists()
