"""Office-defined indicators (issue 22, item 3): counted from the registry with the page's filters
or entered, and then used like the built-in ones — board, drill-down, targets, import-values,
the API, `zhichan targets` and the configuration workbook."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook

from tests.conftest import make_entity, make_user
from tests.monitor.test_compute import patent
from zhichan.accounts.models import Role
from zhichan.assets.models import EventKind, GeographicalIndication, GIMode, PatentKind, Trademark
from zhichan.entities.models import EntityTag, Tag
from zhichan.finance.models import Pledge
from zhichan.monitor.compute import board, context, records
from zhichan.monitor.indicators import INDICATORS, MEASURES
from zhichan.monitor.models import CountedFrom, CountedWhen, OfficeIndicator, Plan, Target
from zhichan.monitor.office import check
from zhichan.monitor.services import entered_values_import
from zhichan.regions.models import Region

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)
YIDU, LUCHENG, ZHIJIANG = "420581", "420581001", "420583001"


@pytest.fixture(autouse=True)
def _office_of_the_city(settings):
    settings.HOME_REGION_CODE = "420500"


def define(code, counted_from, when=CountedWhen.ON_DATE, filters=(), **extra) -> OfficeIndicator:
    spec = OfficeIndicator(
        code=code, name=extra.pop("name", code), unit=extra.pop("unit", "件"), definition="测试定义",
        basis="《宜都市知识产权强县建设方案》", region=Region.objects.get(code=YIDU),
        counted_from=counted_from, counted_when=when, filters=list(filters), **extra,
    )  # fmt: skip
    spec.full_clean()
    spec.save()
    return spec


def values(codes, regions=(YIDU, "420583"), day=AS_OF):
    found = board([Region.objects.get(code=c) for c in regions], context(day), codes)
    return {r: {c: cell.value for c, cell in row.items()} for r, row in found.items()}


def test_registry_counts_with_the_pages_filters_on_the_date_and_in_the_period():
    standard = make_entity("宜都市贯标化工有限公司", LUCHENG, serial="00000011")
    EntityTag.objects.create(entity=standard, tag=Tag.STANDARD_29490, valid_from=date(2024, 3, 1))
    lapsed = make_entity("宜都市过期贯标有限公司", LUCHENG, serial="00000012")
    EntityTag.objects.create(entity=lapsed, tag=Tag.STANDARD_29490, valid_from=date(2021, 1, 1),
                             valid_to=date(2024, 12, 31))  # fmt: skip
    demo = make_entity("枝江市示范酒业有限公司", ZHIJIANG, serial="00000013")
    EntityTag.objects.create(entity=demo, tag=Tag.NATIONAL_DEMO, valid_from=date(2025, 2, 1))
    # Valid utility models of holders certified to GB/T 29490 on the date.
    patent(
        LUCHENG, kind=PatentKind.UTILITY, filed=date(2022, 1, 5), granted=date(2022, 6, 1), holder=standard
    )
    patent(LUCHENG, kind=PatentKind.INVENTION, holder=standard)  # not a utility model
    patent(LUCHENG, kind=PatentKind.UTILITY, filed=date(2022, 1, 5), granted=date(2022, 6, 1), holder=lapsed)
    patent(LUCHENG, kind=PatentKind.UTILITY, filed=date(2014, 1, 5), granted=date(2014, 6, 1),
           holder=standard)  # its ten-year term ended on 2024-01-04  # fmt: skip
    define("standard_utility", CountedFrom.PATENT, filters=["patent_kind:utility", "tag:gbt29490"])
    # Enterprises holding either tag on the date; and those that gained one in the period.
    define("tagged", CountedFrom.ENTITY, filters=["tag:gbt29490", "tag:national_ip_demo"], unit="家")
    define("newly_tagged", CountedFrom.ENTITY, CountedWhen.NEW, ["tag:national_ip_demo", "tag:gbt29490"])
    # Collective marks registered in the period; GI protected products valid on the date.
    common = {"holders": "宜都市茶叶协会", "region": Region.objects.get(code=LUCHENG), "status": "valid"}
    Trademark.objects.create(number="70000001", title="宜都宜红", nice_class=30, mark_kind="collective",
                             registered_on=date(2025, 3, 14), filed_on=date(2024, 1, 2), **common)  # fmt: skip
    Trademark.objects.create(number="70000002", title="宜都蜜柑", nice_class=31, mark_kind="collective",
                             registered_on=date(2024, 12, 31), filed_on=date(2023, 1, 2), **common)  # fmt: skip
    Trademark.objects.create(number="70000003", title="清江", nice_class=31, mark_kind="ordinary",
                             registered_on=date(2025, 4, 1), filed_on=date(2024, 1, 2), **common)  # fmt: skip
    define("collective_new", CountedFrom.TRADEMARK, CountedWhen.NEW, ["mark_kind:collective"])
    GeographicalIndication.objects.create(number="AGI2019-01", title="宜都蜜柑", mode=GIMode.AGI,
                                          registered_on=date(2019, 5, 1), **common)  # fmt: skip
    GeographicalIndication.objects.create(number="PGI2010-01", title="宜红茶", mode=GIMode.PGI,
                                          registered_on=date(2010, 5, 1), **common)  # fmt: skip
    define("agi_valid", CountedFrom.GI, filters=["gi_mode:agi"])
    # Pledge amount registered in the period, in 万元; and pledges in force on the date.
    firm = make_entity("宜都市质押机械有限公司", LUCHENG, serial="00000014")
    for registered, released, amount in [(date(2025, 1, 10), None, "3000000"),
                                         (date(2024, 5, 1), date(2025, 6, 30), "5000000"),
                                         (date(2024, 5, 1), date(2025, 7, 1), "1200000")]:  # fmt: skip
        Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="某银行", amount=Decimal(amount),
                              registered_on=registered, released_on=released, region=firm.region)  # fmt: skip
    define(
        "pledge_wan",
        CountedFrom.PLEDGE,
        CountedWhen.NEW,
        sums_amount=True,
        divisor=10_000,
        digits=1,
        unit="万元",
    )
    define("pledges_in_force", CountedFrom.PLEDGE)
    # Licences recorded in the period (an undated one counts nowhere).
    patent(LUCHENG, events=[(EventKind.LICENSE, date(2025, 2, 1)), (EventKind.TRANSFER, date(2025, 3, 1))])
    patent(LUCHENG, events=[(EventKind.LICENSE, date(2024, 12, 31))])
    define("licences", CountedFrom.EVENT, CountedWhen.NEW, ["event_kind:license"], unit="次")

    codes = ["standard_utility", "tagged", "newly_tagged", "collective_new", "agi_valid", "pledge_wan",
             "pledges_in_force", "licences"]  # fmt: skip
    got = values(codes)
    assert got[YIDU] == {
        "standard_utility": 1, "tagged": 1, "newly_tagged": 0, "collective_new": 1, "agi_valid": 1,
        "pledge_wan": Decimal("300.0"), "pledges_in_force": 2, "licences": 1,
    }  # fmt: skip
    assert got["420583"]["tagged"] == 1 and got["420583"]["newly_tagged"] == 1
    # The 贯标 tag of 2024-03-01 is new in 2024's period, not in 2025's.
    assert values(["newly_tagged"], (YIDU,), date(2024, 12, 31)) == {YIDU: {"newly_tagged": 1}}
    # The drill-down lists what was counted.
    counted = records(MEASURES["office_tagged"].code, Region.objects.get(code=YIDU), context(AS_OF))
    assert [e.name for e in counted] == [standard.name]
    assert INDICATORS["pledge_wan"].period == "flow" and INDICATORS["tagged"].period == "stock"


def test_an_entered_indicator_takes_imported_values_and_a_target_is_tracked():
    define("plant_variety_valid", CountedFrom.ENTERED, when="", name="植物新品种权有效量")
    book = Workbook()
    book.active.append(["区划代码", "指标", "截至日期", "数值", "来源"])
    book.active.append([YIDU, "植物新品种权有效量", date(2024, 12, 31), 3, "宜都市农业农村局"])
    book.active.append([YIDU, "plant_variety_valid", date(2025, 6, 30), 5, "宜都市农业农村局"])
    book.active.append([YIDU, "plant_variety", date(2025, 6, 30), 5, "宜都市农业农村局"])
    upload = BytesIO()
    book.save(upload)
    upload.seek(0)
    report = entered_values_import(source=upload, filename="values.xlsx", user=None)
    assert report.created == 2
    assert [(e.row, e.message) for e in report.errors] == [(4, "未知指标“plant_variety”")]
    assert values(["plant_variety_valid"], (YIDU,)) == {YIDU: {"plant_variety_valid": 5}}
    assert values(["plant_variety_valid"], (YIDU,), date(2025, 1, 1)) == {YIDU: {"plant_variety_valid": 3}}
    # A target on it, from `zhichan targets`: 5 of 8 by 2025-12-31.
    plan = Plan.objects.create(title="宜都市知识产权强县建设方案", issuer="宜都市人民政府",
                               region=Region.objects.get(code=YIDU), starts_on=date(2024, 1, 1),
                               ends_on=date(2025, 12, 31))  # fmt: skip
    Target.objects.create(plan=plan, indicator="plant_variety_valid", value=8, deadline=date(2025, 12, 31),
                          quote="植物新品种权有效量达到8件")  # fmt: skip
    out = StringIO()
    call_command("targets", "--region", YIDU, "--as-of", "2025-06-30", "--format", "json", stdout=out)
    (row,) = json.loads(out.getvalue())["targets"]
    assert (row["indicator"]["code"], row["current"], row["target"]) == ("plant_variety_valid", "5", "8")
    print(row)


def test_what_a_definition_refuses():
    base = {
        "name": "x",
        "unit": "件",
        "definition": "d",
        "basis": "b",
        "region": Region.objects.get(code=YIDU),
    }

    def errors(**fields):
        spec = OfficeIndicator(**(base | fields))
        with pytest.raises(ValidationError) as caught:
            check(spec)
        return caught.value.message_dict

    assert (
        "内置指标" in errors(code="invention_valid", counted_from="patent", counted_when="on_date")["code"][0]
    )
    assert "code" in errors(code="Plant-Variety", counted_from="entered")
    assert "马德里" not in str(errors(code="x1", counted_from="patent", counted_when="on_date",
                                    filters=["mark:madrid"]))  # fmt: skip
    assert "mark:madrid" in errors(code="x1", counted_from="patent", counted_when="on_date",
                                   filters=["mark:madrid"])["filters"][0]  # fmt: skip
    assert "counted_when" in errors(code="x2", counted_from="event", counted_when="on_date")
    assert "标签" in errors(code="x3", counted_from="entity", counted_when="new")["filters"][0]
    assert "sums_amount" in errors(code="x4", counted_from="patent", counted_when="on_date", sums_amount=True)
    assert "filters" in errors(code="x5", counted_from="entered", filters=["patent_kind:invention"])
    # A code in use cannot change, nor can the indicator be removed while a target uses it.
    spec = define("pools", CountedFrom.ENTERED, when="")
    plan = Plan.objects.create(title="p", issuer="i", region=base["region"], starts_on=AS_OF, ends_on=AS_OF)
    Target.objects.create(plan=plan, indicator="pools", value=2, deadline=AS_OF)
    spec.code = "patent_pools"
    with pytest.raises(ValidationError) as caught:
        spec.full_clean()
    assert "指标目标 1 条" in caught.value.message_dict["code"][0]


def test_a_county_administrator_defines_one_on_the_page_and_the_board_shows_it(client):
    admin = make_user("t_yidu_admin", region_code=YIDU, office_admin=True)
    client.force_login(admin)
    page = client.get("/setup/indicators/new/")
    assert page.status_code == 200 and "专利类型：实用新型" in page.text
    form = {
        "code": "utility_valid", "name": "有效实用新型专利量", "unit": "件", "definition": "截至统计日有效的实用新型专利数",
        "basis": "《宜都市知识产权强县建设方案》", "region": Region.objects.get(code=YIDU).pk, "counted_from": "patent",
        "counted_when": "on_date", "filters": ["patent_kind:utility"], "divisor": 1, "digits": 0,
    }  # fmt: skip
    answer = client.post("/setup/indicators/new/", form)
    assert answer.status_code == 302, answer.text
    patent(LUCHENG, kind=PatentKind.UTILITY, filed=date(2023, 1, 5), granted=date(2023, 6, 1))
    assert "有效实用新型专利量" in client.get("/monitor/").text
    api = client.get(
        "/api/v1/indicators/", {"region": YIDU, "indicator": "utility_valid", "as_of": "2025-06-30"}
    )
    assert api.status_code == 200, api.text
    document = api.json()
    assert [i["code"] for i in document["indicators"]] == ["utility_valid"]
    assert (
        document["indicators"][0]["formula"]
        == "专利 · 截至统计日有效或持有（存量） · 专利类型：实用新型 · 计数"
    )
    assert document["regions"][0]["values"]["utility_valid"]["value"] == "1"
    # Another county's official sees the indicator's column with its own count, and cannot edit it.
    other = make_user("t_zhijiang_admin", region_code="420583", office_admin=True)
    client.force_login(other)
    spec = OfficeIndicator.objects.get(code="utility_valid")
    assert client.get(f"/setup/indicators/{spec.pk}/").status_code == 404
    assert client.post("/setup/indicators/new/", form | {"region": Region.objects.get(code="420583").pk}
                       ).status_code == 200  # the code is taken  # fmt: skip
    # Removed, it is gone from the board at once.
    client.force_login(admin)
    assert client.post(f"/setup/indicators/{spec.pk}/delete/").status_code == 302
    assert "utility_valid" not in INDICATORS
    client.get("/monitor/")  # shows the message of the removal
    assert "有效实用新型专利量" not in client.get("/monitor/").text


def test_enterprise_user_cannot_reach_the_page(client):
    user = make_user(
        "t_qiye2", role=Role.ENTERPRISE, entity=make_entity("某企业", LUCHENG, serial="00000021")
    )
    client.force_login(user)
    assert client.get("/setup/indicators/").status_code == 403


def test_an_unseen_workbook_sets_up_indicators_and_targets_that_zhichan_targets_tracks(tmp_path, roles):
    """The issue's check: a workbook written by hand (the headers of 业务设置 → 导出), an indicator
    counted from the registry and an entered one with targets on them; then a vendor export and
    entered values; `zhichan targets` gives the hand-computed figures and verdicts."""
    from tests.assets.test_vendor_exports import county_export, write_xlsx
    from zhichan.assets.imports import run_import

    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("自定义指标")
    sheet.append(["区划代码", "代码", "名称", "单位", "定义", "出处", "计算方式", "统计口径", "筛选条件", "合计金额",
                  "换算除数", "小数位数", "越小越好", "说明"])  # fmt: skip
    sheet.append([YIDU, "conversions", "专利转化次数", "次", "期内专利权转移和实施许可备案次数", "试点方案任务3",
                  "专利法律事件", "统计期内新增",
                  "事件类型：权利转移、事件类型：实施许可备案", "否", 1, 0, "否", ""])  # fmt: skip
    sheet.append([YIDU, "utility_valid", "有效实用新型专利量", "件", "截至统计日有效的实用新型专利数", "试点方案任务4",
                  "专利", "on_date", "patent_kind:utility", "", 1, 0, "", ""])  # fmt: skip
    sheet.append([YIDU, "volunteers", "知识产权志愿者", "名", "志愿者队成员数", "试点方案任务9", "录入", "", "", "", 1, 0,
                  "", ""])  # fmt: skip
    sheet = book.create_sheet("规划与方案")
    sheet.append(["区划代码", "名称", "印发机关", "文号", "起始日", "截止日", "印发日期", "出处", "说明"])
    sheet.append([YIDU, "宜都市知识产权运用试点方案", "宜都市人民政府", "", date(2024, 1, 1), date(2025, 12, 31), None,
                  "", ""])  # fmt: skip
    sheet = book.create_sheet("指标目标")
    sheet.append(["所属（名称）", "区划代码", "指标", "目标类型", "目标值", "不超过（越小越好）", "须超过（“突破”“超”）",
                  "期限", "基期值", "基期日", "原文", "说明"])  # fmt: skip
    plan = "宜都市知识产权运用试点方案"
    sheet.append([plan, YIDU, "专利转化次数（次）", "期内新增累计", 3, "否", "否", date(2025, 12, 31), None, None,
                  "专利转化次数累计达到3次", ""])  # fmt: skip
    sheet.append([plan, YIDU, "utility_valid", "到期达到", 1, "否", "否", date(2025, 12, 31), None, None,
                  "有效实用新型专利达到1件", ""])  # fmt: skip
    sheet.append([plan, YIDU, "知识产权志愿者（名）", "到期达到", 10, "否", "否", date(2025, 12, 31), None, None,
                  "志愿者队成员10人以上", ""])  # fmt: skip
    book.save(tmp_path / "config.xlsx")
    out = StringIO()
    call_command("config_import", str(tmp_path / "config.xlsx"), "--region", YIDU, stdout=out)
    assert "新增 7 条，更新 0 条，0 处错误" in out.getvalue()  # 3 indicators, a plan, 3 targets

    county = Region.objects.get(code=YIDU)
    path = write_xlsx(tmp_path / "incoPat导出.xlsx", county_export())
    assert run_import("patents", path=path, user=roles["county"], within=county).created == 6
    values = tmp_path / "values.xlsx"
    sheet_book = Workbook()
    sheet_book.active.append(["区划代码", "指标", "截至日期", "数值", "来源"])
    sheet_book.active.append([YIDU, "知识产权志愿者", date(2025, 12, 31), 12, "宜都市市场监督管理局"])
    sheet_book.save(values)
    call_command("import_values", str(values), stdout=StringIO())

    out = StringIO()
    call_command("targets", "--region", YIDU, "--as-of", "2026-01-31", "--format", "json", stdout=out)
    got = {
        r["indicator"]["code"]: (r["current"], r["verdict"]) for r in json.loads(out.getvalue())["targets"]
    }
    # Y's transfer of 2024-05-10 and Z's licence of 2025-03-01 (V's transfer is 枝江's): 2 of 3, the
    # deadline passed. U, the one utility model, granted 2022-09-09, is in force. 12 volunteers entered.
    assert got == {
        "conversions": ("2", "off_track"),
        "utility_valid": ("1", "met"),
        "volunteers": ("12", "met"),
    }


def test_stations_are_counted_by_kind_level_and_their_dates(
    client, roles, django_capture_on_commit_callbacks
):
    """“新建50家省级联合保护工作站”: provincial protection stations set up in the year; the stock of
    stations open on the day (a closed one no longer counts). Stations registered and closed on the
    protection pages move the board."""
    from django.urls import reverse

    from zhichan.lib.stamp import data_stamp
    from zhichan.protection import network

    host = make_entity("宜都市工作站依托有限公司", LUCHENG, serial="00000021")
    common = {"region": Region.objects.get(code=LUCHENG), "host": host, "address": "宜都市陆城街道"}
    network.station_open(kind="protection", level="province", name="省级站甲", established_on=date(2025, 4, 26),
                         **common)  # fmt: skip
    network.station_open(kind="protection", level="province", name="省级站乙", established_on=date(2024, 4, 26),
                         **common)  # fmt: skip
    network.station_open(
        kind="protection", level="city", name="市级站", established_on=date(2025, 5, 1), **common
    )
    aid = network.station_open(
        kind="aid", level="county", name="援助站", established_on=date(2023, 1, 1), **common
    )
    define(
        "joint_new",
        CountedFrom.STATION,
        CountedWhen.NEW,
        ["station_kind:protection", "station_level:province"],
    )
    define("aid_open", CountedFrom.STATION, filters=["station_kind:aid", "station_kind:mediation"])
    assert values(["joint_new", "aid_open"], (YIDU,)) == {YIDU: {"joint_new": 1, "aid_open": 1}}
    counted = records("office_joint_new", Region.objects.get(code=YIDU), context(AS_OF))
    assert [s.name for s in counted] == ["省级站甲"]
    client.force_login(roles["county"])
    page = reverse("protection:station", args=[aid.pk])
    before = data_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, {"action": "close", "closed_on": "2025-03-31"}).status_code == 302
    assert data_stamp() != before  # cached boards and targets are recomputed
    assert values(["aid_open"], (YIDU,)) == {YIDU: {"aid_open": 0}}
    assert values(["aid_open"], (YIDU,), date(2025, 3, 30)) == {YIDU: {"aid_open": 1}}
    with pytest.raises(ValidationError, match="请填写工作站类型和名称"):
        network.station_open(kind="", name="无类型", established_on=AS_OF, **common)
    spec = OfficeIndicator(code="stations_by_tag", name="x", unit="家", counted_from=CountedFrom.STATION,
                           counted_when=CountedWhen.FILED, filters=["tag:gbt29490"], region=Region.objects.get(code=YIDU))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        check(spec)
    assert set(refused.value.message_dict) == {"counted_when", "filters"}
    station_page = client.get(page).content.decode()
    assert "已于 2025-03-31 撤销" in station_page and 'value="close"' not in station_page


def test_pools_count_by_their_valid_patents_on_the_day_and_products_once_approved(client, roles):
    """宜都 #22 “组建高价值专利池2个以上，每个专利池中有效专利不少于100件”: a pool counts on a day when at
    least 100 of its patents are in force that day; a lapse below 100 takes it off. Products count
    from their approval, by kind."""
    from django.urls import reverse

    from zhichan.assets.models import EventKind
    from zhichan.market.models import PatentPool, PatentProduct, ProductKind, ProductStatus

    yidu = Region.objects.get(code=YIDU)
    big = PatentPool.objects.create(name="磷化工专利池", region=yidu, founded_on=date(2024, 6, 1))
    small = PatentPool.objects.create(name="柑橘专利池", region=yidu, founded_on=date(2024, 6, 1))
    kept = [patent(LUCHENG) for _n in range(99)]
    # The hundredth lapses for unpaid fees on 2025-07-10 (its announced loss of right).
    last = patent(LUCHENG, events=[(EventKind.LAPSE, date(2025, 7, 10))])
    big.patents.set([*kept, last])
    small.patents.set(kept[:40])
    define("pools_100", CountedFrom.POOL, filters=["pool_patents:100"])
    define("pools_new", CountedFrom.POOL, CountedWhen.NEW)
    assert values(["pools_100", "pools_new"], (YIDU,)) == {YIDU: {"pools_100": 1, "pools_new": 0}}
    assert values(["pools_100"], (YIDU,), date(2025, 12, 31)) == {YIDU: {"pools_100": 0}}
    assert values(["pools_new"], (YIDU,), date(2024, 12, 31)) == {YIDU: {"pools_new": 2}}
    assert [p.name for p in records("office_pools_100", yidu, context(AS_OF))] == ["磷化工专利池"]
    firm = make_entity("宜都市产品认定测试有限公司", LUCHENG, serial="00000031")
    for n, (kind, status, decided) in enumerate([
        (ProductKind.DENSE, ProductStatus.APPROVED, date(2025, 3, 1)),
        (ProductKind.DENSE, ProductStatus.REJECTED, date(2025, 3, 1)),
        (ProductKind.FILING, ProductStatus.APPROVED, date(2025, 4, 1)),
        (ProductKind.DENSE, ProductStatus.APPROVED, date(2025, 9, 1)),
    ]):  # fmt: skip
        PatentProduct.objects.create(kind=kind, status=status, entity=firm, region=firm.region, name=f"产品{n}",
                                     submitted_on=date(2025, 1, 1), decided_on=decided)  # fmt: skip
    define("dense", CountedFrom.PRODUCT, filters=["product_kind:dense"])
    define("products_new", CountedFrom.PRODUCT, CountedWhen.NEW)
    assert values(["dense", "products_new"], (YIDU,)) == {YIDU: {"dense": 1, "products_new": 2}}
    assert values(["dense"], (YIDU,), date(2025, 12, 31)) == {YIDU: {"dense": 2}}
    client.force_login(roles["county"])
    page = client.get(reverse("monitor:records"), {"region": YIDU, "indicator": "dense"}).content.decode()
    assert (
        "产品0" in page and "产品3" in page and "产品1" not in page
    )  # today: both approved, not the refused
    assert "磷化工专利池" in client.get(reverse("market:pools")).content.decode()
