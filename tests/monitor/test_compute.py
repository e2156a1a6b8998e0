"""The board against hand-computed cases: date edges, moves by transfer, roll-up, drill-down."""

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import make_entity
from zhichan.assets.models import (
    EventKind,
    GeographicalIndication,
    GIMode,
    Patent,
    PatentApplicant,
    PatentEvent,
    PatentKind,
    Trademark,
)
from zhichan.assets.services import applicant_validity_sync, patent_event_add
from zhichan.assets.status import validity
from zhichan.classify import engine
from zhichan.lib import patentno
from zhichan.monitor.compute import board, cached_board, context, records
from zhichan.monitor.indicators import MEASURES
from zhichan.regions.models import Region, RegionFigure

pytestmark = pytest.mark.django_db
_serial = iter(range(1, 100_000))
AS_OF = date(2025, 6, 30)
LUCHENG, HONGHUATAO, MAJIADIAN = "420581001", "420581100", "420583001"  # 宜都 ×2, 枝江


@pytest.fixture(autouse=True)
def _office_of_the_city(settings):
    """The registry covers 宜昌 (both counties below) unless a test says otherwise."""
    settings.HOME_REGION_CODE = "420500"


def region(code):
    return Region.objects.get(code=code)


def patent(where, *, kind=PatentKind.INVENTION, filed=date(2019, 3, 4), granted=date(2021, 5, 6), events=(),
           ipc="A23F 3/06", pct="", holder=None) -> Patent:  # fmt: skip
    digit = {"invention": "1", "utility": "2", "design": "3"}[kind]
    ended_on, end_status, expires_on = validity(kind, filed, granted, list(events))
    p = Patent.objects.create(
        number=patentno.make(f"{filed.year}{digit}{next(_serial):07d}"), kind=kind, title="一种测试装置",
        filed_on=filed, granted_on=granted, main_ipc=ipc, ipc_codes=ipc, applicants="宜都市测试有限公司",
        region=region(where), pct_number=pct, expires_on=expires_on, ended_on=ended_on, end_status=end_status,
        first_applicant=holder,
    )  # fmt: skip
    for event_kind, day in events:
        PatentEvent.objects.create(patent=p, kind=event_kind, effective_on=day)
    if holder is not None:
        PatentApplicant.objects.create(patent=p, position=1, name=holder.name, entity=holder)
        applicant_validity_sync([p.pk])  # as every write path does
    return p


def values(codes, day=AS_OF, regions=("420581", "420583"), since=None):
    ctx = context(day, since)
    found = board([region(c) for c in regions], ctx, codes)
    return {r: {c: cell.value for c, cell in row.items()} for r, row in found.items()}


def test_valid_on_the_date_edges():
    patent(LUCHENG, granted=AS_OF)  # granted on the day: counts
    patent(LUCHENG, granted=AS_OF + timedelta(days=1))  # granted the day after: pending
    patent(LUCHENG, events=[(EventKind.LAPSE, AS_OF - timedelta(days=1))])  # lapsed the day before
    patent(LUCHENG, events=[(EventKind.LAPSE, AS_OF)])  # lapses on the day: no longer valid that day
    patent(LUCHENG, events=[(EventKind.LAPSE, AS_OF + timedelta(days=1))])  # lapses the day after: valid
    patent(HONGHUATAO, kind=PatentKind.UTILITY)  # not an invention
    patent(HONGHUATAO, filed=date(2005, 6, 30), granted=date(2008, 1, 1))  # 20-year term ends on the day
    patent(HONGHUATAO, filed=date(2005, 7, 1), granted=date(2008, 1, 1))  # its last day
    got = values(["invention_valid"], regions=("420581", LUCHENG, HONGHUATAO, "420583"))
    assert got == {
        "420581": {"invention_valid": 3},
        LUCHENG: {"invention_valid": 2},
        HONGHUATAO: {"invention_valid": 1},
        "420583": {"invention_valid": 0},
    }
    # The day before: the one granted on AS_OF is not yet valid, the one lapsing on AS_OF still is.
    assert values(["invention_valid"], AS_OF - timedelta(days=1), regions=(LUCHENG,)) == {
        LUCHENG: {"invention_valid": 2}
    }


def test_a_transfer_moves_the_patent_on_its_date():
    moved = patent(MAJIADIAN)  # now held in 枝江
    day = date(2025, 3, 1)
    PatentEvent.objects.create(patent=moved, kind=EventKind.TRANSFER, effective_on=day,
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    patent(LUCHENG)
    assert values(["invention_valid"], day - timedelta(days=1)) == {
        "420581": {"invention_valid": 2}, "420583": {"invention_valid": 0}}  # fmt: skip
    assert values(["invention_valid"], day) == {
        "420581": {"invention_valid": 1},
        "420583": {"invention_valid": 1},
    }
    # The drill-down lists the same records.
    before = records("valid_invention", region("420581"), context(day - timedelta(days=1)))
    assert sorted(before.values_list("pk", flat=True)) == sorted(Patent.objects.values_list("pk", flat=True))
    assert list(records("valid_invention", region("420583"), context(day))) == [moved]
    # Pledges count by registration, where the pledgor was registered, whatever they cover.
    from zhichan.finance.models import Pledge

    pledge = Pledge.objects.create(
        pledgor_name="宜都市测试化工有限公司", pledgee_name="测试银行", amount=Decimal("30000000"),
        registered_on=date(2025, 2, 1), region=region(LUCHENG),
    )  # fmt: skip
    Pledge.objects.create(pledgor_name="下年", pledgee_name="测试银行", amount=Decimal("1"),
                          registered_on=AS_OF + timedelta(days=1), region=region(LUCHENG))  # fmt: skip
    got = values(["pledge_count", "pledge_amount"])
    assert got["420581"] == {"pledge_count": 1, "pledge_amount": Decimal("0.30")}
    assert got["420583"] == {"pledge_count": 0, "pledge_amount": Decimal("0.00")}
    assert list(records("pledge_count", region("420581"), context(AS_OF))) == [pledge]


def test_a_trend_computed_in_one_pass_equals_the_boards_of_its_dates():
    """`boards` reads each table once for every date; every date's figures must be those of its own
    board: moves placed where the patent was on that date, flows in their own year, selective
    sources (events, pledges) per date."""
    from zhichan.finance.models import Pledge
    from zhichan.monitor.compute import boards

    holder = make_entity("宜都市丁科技有限公司", LUCHENG, serial="00000021")
    moved = patent(MAJIADIAN, granted=date(2023, 8, 1), holder=holder)
    PatentEvent.objects.create(patent=moved, kind=EventKind.TRANSFER, effective_on=date(2024, 9, 1),
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    patent(LUCHENG, granted=date(2023, 2, 1), events=[(EventKind.LAPSE, date(2024, 5, 1))])
    patent(HONGHUATAO, filed=date(2022, 1, 5), granted=date(2024, 11, 20), pct="PCT/CN2022/070001")
    patent(HONGHUATAO, kind=PatentKind.UTILITY, filed=date(2023, 4, 1), granted=date(2023, 10, 1))
    licensed = patent(LUCHENG, granted=date(2022, 6, 1))
    PatentEvent.objects.create(patent=licensed, kind=EventKind.LICENSE, effective_on=date(2024, 3, 3))
    Pledge.objects.create(pledgor_name="宜都市丁科技有限公司", pledgee_name="测试银行", amount=Decimal("500000"),
                          registered_on=date(2024, 7, 1), region=region(LUCHENG))  # fmt: skip
    Trademark.objects.create(number="60000001", title="丁", nice_class=9, holders="宜都市丁科技有限公司",
                             registered_on=date(2023, 6, 7), region=region(LUCHENG))  # fmt: skip
    regions = [region("420500"), region("420581"), region("420583"), region(LUCHENG)]
    dates = [date(2023, 6, 30), date(2024, 3, 31), date(2024, 8, 31), date(2024, 9, 1), date(2024, 12, 31)]
    ctxs = [context(day) for day in dates]
    together = boards(regions, ctxs)
    for ctx, found in zip(ctxs, together, strict=True):
        assert found == board(regions, ctx), ctx
    valid = [found["420583"]["invention_valid"].value for found in together]
    assert valid == [0, 0, 0, 1, 1]  # in 枝江 from the day of the transfer
    assert [found["420581"]["transfer_license"].value for found in together] == [0, 1, 1, 1, 1]


def test_a_merged_duplicate_is_not_counted_as_another_enterprise():
    """拥有有效专利企业数 counts each enterprise once: a duplicate merged into the kept entity
    hands over its patents, and a link still pointing at the merged row (written to it after
    the merge, say) does not make it count again."""
    from zhichan.entities.models import Entity
    from zhichan.entities.services import entity_merge

    kept = make_entity("宜都市戊科技有限公司", LUCHENG, serial="00000041")
    duplicate = Entity.objects.create(name="宜都市戊科技有限公司", name_key="宜都市戊科技有限公司x", kind="enterprise",
                                      region=region(LUCHENG))  # entered again by hand, without its code  # fmt: skip
    patent(LUCHENG, holder=kept)
    own = patent(HONGHUATAO, holder=duplicate)
    assert values(["enterprises_with_patents"])["420581"] == {"enterprises_with_patents": 2}
    entity_merge(keep=kept, drop=duplicate)
    assert values(["enterprises_with_patents"])["420581"] == {"enterprises_with_patents": 1}
    late = patent(HONGHUATAO)
    PatentApplicant.objects.create(patent=late, position=1, name=duplicate.name, entity=duplicate)
    applicant_validity_sync([late.pk, own.pk])
    assert values(["enterprises_with_patents"])["420581"] == {"enterprises_with_patents": 1}


def test_an_entered_flow_of_last_year_is_not_this_years_figure(settings):
    """枝江 lies outside the registry (the office is 宜都's): its flows come from entered values,
    and a value entered for 2024 says nothing of 2025."""
    from zhichan.monitor.models import EnteredValue

    settings.HOME_REGION_CODE = "420581"
    EnteredValue.objects.create(region=region("420583"), indicator="pledge_count", on=date(2024, 12, 31),
                                value=Decimal(14), source="枝江市市场监管局 2024 年统计")  # fmt: skip
    ctx = context(date(2025, 6, 30))
    cell = board([region("420583")], ctx, ["pledge_count"])["420583"]["pledge_count"]
    assert cell.value is None and cell.origin == "missing"
    last_year = board([region("420583")], context(date(2024, 12, 31)), ["pledge_count"])["420583"][
        "pledge_count"
    ]
    assert last_year.value == 14 and last_year.origin == "entered"


def test_a_region_without_its_own_figure_sums_its_children_for_the_year_asked():
    from zhichan.monitor.compute import figures_for

    city = region("420500")
    kids = list(city.children.all())
    for n, kid in enumerate(kids):
        RegionFigure.objects.create(region=kid, year=2024, resident_population=100_000 + n)
        RegionFigure.objects.create(region=kid, year=2025, resident_population=200_000 + n)
    found = figures_for([city], {"resident_population"}, 2025)[(city.pk, "resident_population")]
    expected = sum(200_000 + n for n in range(len(kids)))
    assert found[:2] == (expected, 2025) and f"{len(kids)}个下级区划2025年" in found[2]
    RegionFigure.objects.filter(region=kids[0], year=2025).delete()  # one child lacks 2025: 2024's sum
    found = figures_for([city], {"resident_population"}, 2025)[(city.pk, "resident_population")]
    assert found[:2] == (sum(100_000 + n for n in range(len(kids))), 2024)


def test_reimport_with_a_new_holder_elsewhere_records_the_move(tmp_path):
    from tests.assets.test_imports import write_csv
    from zhichan.assets.imports import run_import

    number = patentno.make("201910345678")
    header = [
        "申请号",
        "专利类型",
        "名称",
        "申请日",
        "授权公告日",
        "主分类号",
        "申请人",
        "第一申请人地址",
        "法律状态",
    ]
    row = [number, "发明", "一种茶叶揉捻机", "2019-03-02", "2021-04-07", "A23F 3/06", "宜都市测试茶业有限公司",
           "湖北省宜都市陆城街道", "有效"]  # fmt: skip
    run_import("patents", path=write_csv(tmp_path / "a.csv", header, [row], encoding="utf-8"))
    assert values(["invention_valid"], date.today())["420581"] == {"invention_valid": 1}
    row[6:8] = ["枝江市测试科技有限公司", "湖北省枝江市马家店街道"]
    row[8] = "权利转移"
    run_import("patents", path=write_csv(tmp_path / "b.csv", header, [row], encoding="utf-8"))
    event = PatentEvent.objects.get(patent__number=number, kind=EventKind.TRANSFER)
    assert (event.region_before.code[:6], event.region_after.code[:6]) == ("420581", "420583")
    assert event.date_estimated
    today = event.effective_on
    assert values(["invention_valid"], today) == {
        "420581": {"invention_valid": 0},
        "420583": {"invention_valid": 1},
    }
    assert values(["invention_valid"], today - timedelta(days=1))["420581"] == {"invention_valid": 1}


def test_per_capita_flows_and_shares():
    RegionFigure.objects.create(
        region=region("420581"), year=2024, resident_population=350_000, market_entities=40_000
    )
    for _n in range(7):
        patent(LUCHENG, ipc="H04W 4/02")  # a strategic emerging industry: high-value
    patent(LUCHENG, ipc="A23F 3/06")  # not high-value
    patent(LUCHENG, granted=date(2025, 1, 1), pct="PCT/CN2024/123456", filed=date(2024, 12, 31))
    patent(LUCHENG, kind=PatentKind.UTILITY, granted=date(2025, 2, 2))
    engine.classify(engine.default_ruleset())
    for n in range(3):
        Trademark.objects.create(number=f"7{n}", title="测试", holders="宜都市测试有限公司", nice_class=30,
                                 region=region(HONGHUATAO), registered_on=date(2016, 1, 7),
                                 expires_on=AS_OF if n == 0 else AS_OF - timedelta(days=n), madrid=n == 0)  # fmt: skip
    GeographicalIndication.objects.create(number="G1", title="宜都蜜柑", holders="宜都市柑橘协会", mode=GIMode.PGI,
                                          region=region("420581"), registered_on=date(2012, 1, 1))  # fmt: skip
    codes = ["invention_valid", "invention_per_10k", "high_value_per_10k", "high_value_share", "invention_granted",
             "pct_filed", "trademark_valid", "trademark_per_10k_entities", "madrid_valid", "gi_valid"]  # fmt: skip
    cells = board([region("420581")], context(AS_OF), codes)["420581"]
    got = {code: cell.value for code, cell in cells.items()}
    assert got == {
        "invention_valid": 9, "invention_per_10k": Decimal("0.26"), "high_value_per_10k": Decimal("0.20"),
        "high_value_share": Decimal("77.8"), "invention_granted": 1, "pct_filed": 0, "trademark_valid": 1,
        "trademark_per_10k_entities": Decimal("0.3"), "madrid_valid": 1, "gi_valid": 1,  # 0.25 rounded half up
    }  # fmt: skip
    assert "采用2024年数据" in cells["invention_per_10k"].note
    # The PCT application was filed the day before the period: it counts with an earlier start.
    assert values(["pct_filed"], since=date(2024, 1, 1), regions=("420581",)) == {"420581": {"pct_filed": 1}}


def test_enterprises_with_valid_patents_are_counted_once_where_registered():
    a = make_entity("宜都市甲科技有限公司", LUCHENG, serial="00000011")
    b = make_entity("宜都市乙科技有限公司", HONGHUATAO, serial="00000012")
    patent(LUCHENG, holder=a)
    patent(LUCHENG, holder=a, kind=PatentKind.UTILITY)
    patent(HONGHUATAO, holder=b, events=[(EventKind.LAPSE, date(2024, 1, 1))])
    got = values(["enterprises_with_patents"], regions=("420581", LUCHENG, HONGHUATAO))
    assert got == {"420581": {"enterprises_with_patents": 1}, LUCHENG: {"enterprises_with_patents": 1},
                   HONGHUATAO: {"enterprises_with_patents": 0}}  # fmt: skip
    assert list(records("valid_patent_enterprises", region("420581"), context(AS_OF))) == [a]


def test_every_figure_drills_down_to_as_many_records():
    a = make_entity("宜都市丙科技有限公司", LUCHENG, serial="00000013")
    for n in range(4):
        patent(LUCHENG if n % 2 else HONGHUATAO, holder=a, granted=date(2025, 1, n + 2), ipc="H04W 4/02")
    p = patent(LUCHENG)
    PatentEvent.objects.create(patent=p, kind=EventKind.LICENSE, effective_on=date(2025, 4, 1))
    engine.classify(engine.default_ruleset())
    ctx = context(AS_OF)
    found = board([region("420581")], ctx)["420581"]
    from zhichan.monitor.compute import uncountable
    from zhichan.monitor.indicators import INDICATORS

    for code, indicator in INDICATORS.items():
        if indicator.numerator in MEASURES and MEASURES[indicator.numerator].total == "count":
            if uncountable(MEASURES[indicator.numerator], ctx):  # no figure: nothing to drill into
                assert found[code].numerator is None and "无法计算" in found[code].note, code
                continue
            assert records(indicator.numerator, region("420581"), ctx).count() == found[code].numerator, code


def test_the_drill_down_lists_newest_filings_first_along_the_list_index():
    """Rare rows (this year's grants among a million patents) are found by walking the filing-date
    index a page at a time; ordered by application number SQLite walked the number index and read
    every patent: 0.86 s instead of 24 ms for a county's first page."""
    from django.db import connection

    from tests.conftest import sqlite_plan

    filed = [date(2018, 5, 1), date(2020, 7, 9), date(2019, 1, 2)]
    made = [
        patent(LUCHENG if n else HONGHUATAO, filed=day, granted=date(2025, 3, 1))
        for n, day in enumerate(filed)
    ]
    patent(LUCHENG, filed=date(2021, 2, 2), granted=date(2024, 3, 1))  # granted in another year
    patent(MAJIADIAN, filed=date(2021, 2, 2), granted=date(2025, 3, 1))  # in another county
    rows = records("granted_invention", region("420581"), context(AS_OF))
    assert list(rows) == [made[1], made[2], made[0]]
    if connection.vendor == "sqlite":
        sql, params = rows.all()[:50].query.sql_with_params()
        plan = sqlite_plan(sql, params)
        assert "USING INDEX patent_list" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_cached_board_moves_with_the_data(django_capture_on_commit_callbacks):
    p = patent(LUCHENG)
    ctx = context(AS_OF)
    first = cached_board([region("420581")], ctx, ["invention_valid"])
    assert first["420581"]["invention_valid"]["value"] == "1"
    with django_capture_on_commit_callbacks(execute=True):  # the stamp moves once the write commits
        patent_event_add(patent=p, kind=EventKind.LAPSE, effective_on=date(2025, 1, 2))
    assert (
        cached_board([region("420581")], ctx, ["invention_valid"])["420581"]["invention_valid"]["value"]
        == "0"
    )


def test_regions_outside_the_registry_take_entered_values(settings):
    settings.HOME_REGION_CODE = "420581"
    from zhichan.monitor.models import EnteredValue

    EnteredValue.objects.create(region=region("321081"), indicator="invention_valid", on=date(2024, 12, 31),
                                value=Decimal("704"), source="仪征市统计公报")  # fmt: skip
    cells = board(
        [region("321081"), region("420583")], context(AS_OF), ["invention_valid", "case_cycle_days"]
    )
    assert (cells["321081"]["invention_valid"].value, cells["321081"]["invention_valid"].origin) == (
        704,
        "entered",
    )
    missing = cells["420583"]["invention_valid"]  # 枝江: not this office's registry
    assert (missing.value, missing.origin, missing.note) == (
        None,
        "missing",
        "登记簿不覆盖该区划，请录入数值",
    )
    assert cells["321081"]["case_cycle_days"].value is None


def test_the_command_prints_the_documented_json():
    patent(LUCHENG)
    out = StringIO()
    call_command("indicators", "--region", "420581", "--as-of", "2025-06-30", "--children", stdout=out)
    document = json.loads(out.getvalue())
    assert document["format"] == "zhichan.indicators/1"
    assert set(document) == {"format", "as_of", "since", "ruleset", "indicators", "regions"}
    assert document["since"] == "2025-01-01"
    first = document["regions"][0]
    assert first["code"] == "420581" and first["values"]["invention_valid"]["value"] == "1"
    assert set(first["values"]["invention_valid"]) == {"value", "numerator", "denominator", "origin", "note"}
    lucheng = next(r for r in document["regions"] if r["code"] == LUCHENG)
    assert lucheng["values"]["invention_valid"]["value"] == "1"
    out = StringIO()
    call_command("indicators", "--region", "420581", "--as-of", "2025-06-30", "--format", "csv",
                 "--indicator", "invention_valid", stdout=out)  # fmt: skip
    assert (
        out.getvalue()
        .splitlines()[1]
        .startswith("420581,宜都市,invention_valid,有效发明专利量,件,1,1,,登记簿")
    )


def test_copies_follow_a_lapse_recorded_later(django_capture_on_commit_callbacks):
    """High-value and enterprise counts read copies of the validity interval; a new event moves them."""
    holder = make_entity("宜都市丁科技有限公司", LUCHENG, serial="00000014")
    p = patent(LUCHENG, holder=holder, ipc="H04W 4/02")
    engine.classify(engine.default_ruleset())
    codes = ["high_value_per_10k", "enterprises_with_patents", "invention_valid"]
    RegionFigure.objects.create(region=region("420581"), year=2025, resident_population=10_000)
    assert values(codes, regions=("420581",))["420581"] == {
        "high_value_per_10k": 1, "enterprises_with_patents": 1, "invention_valid": 1}  # fmt: skip
    patent_event_add(patent=p, kind=EventKind.LAPSE, effective_on=date(2025, 3, 1))
    assert values(codes, regions=("420581",))["420581"] == {
        "high_value_per_10k": 0, "enterprises_with_patents": 0, "invention_valid": 0}  # fmt: skip
    assert values(codes, date(2025, 2, 28), regions=("420581",))["420581"] == {
        "high_value_per_10k": 1, "enterprises_with_patents": 1, "invention_valid": 1}  # fmt: skip


def test_a_province_board_counts_everything_below_it(settings):
    settings.HOME_REGION_CODE = "420000"
    patent(LUCHENG)
    patent(MAJIADIAN)
    patent("420102001" if Region.objects.filter(code="420102001").exists() else "420102")  # 武汉市江岸区
    got = values(["invention_valid"], regions=("420000", "420500", "420581"))
    assert got == {
        "420000": {"invention_valid": 3},
        "420500": {"invention_valid": 2},
        "420581": {"invention_valid": 1},
    }


def test_a_reimported_lapse_reaches_the_enterprise_count(tmp_path):
    from tests.assets.test_imports import write_csv
    from zhichan.assets.imports import run_import

    number = patentno.make("201910345679")
    header = [
        "申请号",
        "专利类型",
        "名称",
        "申请日",
        "授权公告日",
        "主分类号",
        "申请人",
        "第一申请人地址",
        "法律状态",
        "法律状态日",
    ]
    row = [number, "发明", "一种柑橘分选机", "2019-03-02", "2021-04-07", "A23N 15/00", "宜都市测试果业有限公司",
           "湖北省宜都市陆城街道", "有效", ""]  # fmt: skip
    run_import("patents", path=write_csv(tmp_path / "a.csv", header, [row], encoding="utf-8"))
    codes = ["enterprises_with_patents", "invention_valid"]
    assert values(codes, AS_OF, regions=("420581",))["420581"] == {
        "enterprises_with_patents": 1,
        "invention_valid": 1,
    }
    row[8:10] = ["未缴年费终止", "2025-03-01"]
    run_import("patents", path=write_csv(tmp_path / "b.csv", header, [row], encoding="utf-8"))
    assert values(codes, AS_OF, regions=("420581",))["420581"] == {
        "enterprises_with_patents": 0,
        "invention_valid": 0,
    }
    assert values(codes, date(2025, 2, 28), regions=("420581",))["420581"]["enterprises_with_patents"] == 1


def test_the_industry_figure_says_it_cannot_be_counted_without_its_table():
    """The shipped rule version has no IPC–国民经济行业 table: 专利密集型产业专利量 is no figure
    (with the reason), never 0; with the table it counts."""
    from zhichan.classify.models import ClassTable, TableKind

    patent(LUCHENG, ipc="C07C 51/42")
    ruleset = engine.default_ruleset()
    engine.classify(ruleset)
    cell = board([region("420581")], context(AS_OF), ["pi_invention"])["420581"]["pi_invention"]
    assert cell.value is None and "无法计算" in cell.note and "IPC—国民经济行业参照表" in cell.note
    assert ruleset.ipc_nic_id is None and ClassTable.objects.filter(kind=TableKind.NIC_PI).exists()


def test_pct_counts_international_applications_once_and_an_entered_official_figure_wins():
    """Two national-phase records of one PCT/CN application count once; a foreign applicant's PCT
    (PCT/US…) is not the region's; the office's own entered CNIPA figure takes precedence, with the
    registry's count beside it."""
    from zhichan.monitor.models import EnteredValue

    day = date(2025, 3, 3)
    patent(LUCHENG, filed=day, granted=None, pct="PCT/CN2025/070001")
    patent(LUCHENG, filed=day, granted=None, pct="PCT/CN2025/070001")  # a divisional of the same
    patent(LUCHENG, filed=day, granted=None, pct="PCT/CN2025/070002")
    patent(LUCHENG, filed=day, granted=None, pct="PCT/US2024/012345")  # filed abroad by a foreign firm
    patent(LUCHENG, filed=date(2024, 12, 31), granted=None, pct="PCT/CN2024/123456")  # the period before
    assert values(["pct_filed"], regions=("420581",))["420581"]["pct_filed"] == 2
    EnteredValue.objects.create(region=region("420581"), indicator="pct_filed", on=date(2025, 6, 30), value=5,
                                source="国家知识产权局统计")  # fmt: skip
    cell = board([region("420581")], context(AS_OF), ["pct_filed"])["420581"]["pct_filed"]
    assert (cell.value, cell.note) == (
        5, "录入：国家知识产权局统计（截至2025-06-30）；登记簿计 2（只含进入中国国家阶段的国际申请）"
    )  # fmt: skip
    EnteredValue.objects.filter(indicator="pct_filed").update(
        value=2
    )  # the same as the count: nothing to add
    cell = board([region("420581")], context(AS_OF), ["pct_filed"])["420581"]["pct_filed"]
    assert (cell.value, cell.note) == (2, "录入：国家知识产权局统计（截至2025-06-30）")


def test_a_region_outside_the_registry_gets_its_ratio_from_entered_parts():
    """长沙 lies outside the demo registry: an entered 有效发明专利量 and the city's population give
    每万人口发明专利拥有量 (illustrative numbers)."""
    from zhichan.monitor.models import EnteredValue
    from zhichan.regions.services import regions_load_tree

    if not Region.objects.filter(code="430100").exists():
        regions_load_tree()
    changsha = region("430100")
    RegionFigure.objects.create(region=changsha, year=2024, resident_population=2_500_000)
    EnteredValue.objects.create(region=changsha, indicator="invention_valid", on=date(2025, 6, 30),
                                value=Decimal("12345"), source="示例录入值")  # fmt: skip
    cell = board([changsha], context(AS_OF), ["invention_per_10k"])["430100"]["invention_per_10k"]
    assert (cell.value, cell.origin) == (Decimal("49.38"), "entered")
    assert cell.note == "据录入的有效发明专利量 12345（示例录入值）计算；采用2024年数据"
    assert (cell.numerator, cell.denominator) == (Decimal("12345"), 2_500_000)
    RegionFigure.objects.filter(region=changsha, year=2024).update(resident_population=None)
    cell = board([changsha], context(AS_OF), ["invention_per_10k"])["430100"]["invention_per_10k"]
    assert (cell.value, cell.origin) == (None, "missing")
    assert cell.note == "据录入的有效发明专利量 12345（示例录入值）计算；缺少常住人口数据"
    RegionFigure.objects.create(region=changsha, year=2025, resident_population=2_469_000)  # the year's own
    cell = board([changsha], context(AS_OF), ["invention_per_10k"])["430100"]["invention_per_10k"]
    assert (cell.value, cell.note) == (Decimal("50.00"), "据录入的有效发明专利量 12345（示例录入值）计算")
    # within the registry, a ratio without its denominator is no figure
    patent(LUCHENG)
    own = board([region("420581")], context(AS_OF), ["invention_per_10k"])["420581"]["invention_per_10k"]
    assert (own.value, own.origin, own.note) == (None, "missing", "缺少常住人口数据")


def test_moves_recorded_out_of_order_place_the_patent_by_their_dates():
    moved = patent(LUCHENG)  # held in Lucheng again after two transfers
    PatentEvent.objects.create(patent=moved, kind=EventKind.TRANSFER, effective_on=date(2025, 5, 1),
                               region_before=region(MAJIADIAN), region_after=region(LUCHENG))  # recorded first  # fmt: skip
    PatentEvent.objects.create(patent=moved, kind=EventKind.TRANSFER, effective_on=date(2025, 2, 1),
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    where = lambda day: {r: v["invention_valid"] for r, v in values(["invention_valid"], day).items()}  # noqa: E731
    assert where(date(2025, 1, 31)) == {"420581": 1, "420583": 0}
    assert where(date(2025, 3, 1)) == {"420581": 0, "420583": 1}
    assert where(date(2025, 5, 1)) == {"420581": 1, "420583": 0}
    cell = board([region("420581")], context(date(2025, 5, 1)), ["invention_valid"])["420581"][
        "invention_valid"
    ]
    assert (cell.value, cell.origin, cell.note) == (1, "registry", "")  # counted whole: nothing to say


def test_events_of_a_moved_patent_count_where_it_was_on_their_day():
    moved = patent(MAJIADIAN)
    licence = date(2025, 3, 3)
    PatentEvent.objects.create(patent=moved, kind=EventKind.LICENSE, effective_on=licence)
    PatentEvent.objects.create(patent=moved, kind=EventKind.TRANSFER, effective_on=date(2025, 6, 1),
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    # licensed while in Yidu, transferred to Zhijiang: one each, on the day of each
    got = values(["transfer_license"], since=date(2025, 1, 1))
    assert got == {"420581": {"transfer_license": 1}, "420583": {"transfer_license": 1}}
    # a moved patent that is not valid adds nothing to the valid count where it was
    pending = patent(MAJIADIAN, granted=None)
    PatentEvent.objects.create(patent=pending, kind=EventKind.TRANSFER, effective_on=date(2025, 6, 1),
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    assert values(["invention_valid"], date(2025, 5, 31)) == {
        "420581": {"invention_valid": 1}, "420583": {"invention_valid": 0}
    }  # fmt: skip


def test_a_board_of_one_county_still_places_patents_moved_into_it():
    # Moved out of Yidu (lower id, read first) and into it: the first is skipped, the second counted.
    out = patent(MAJIADIAN)
    PatentEvent.objects.create(patent=out, kind=EventKind.TRANSFER, effective_on=date(2025, 2, 1),
                               region_before=region(LUCHENG), region_after=region(MAJIADIAN))  # fmt: skip
    back = patent(LUCHENG)
    PatentEvent.objects.create(patent=back, kind=EventKind.TRANSFER, effective_on=date(2025, 2, 1),
                               region_before=region(MAJIADIAN), region_after=region(LUCHENG))  # fmt: skip
    assert values(["invention_valid"], date(2025, 1, 31), regions=("420583",)) == {
        "420583": {"invention_valid": 1}
    }
    assert values(["invention_valid"], date(2025, 1, 31), regions=("420581",)) == {
        "420581": {"invention_valid": 1}
    }


def test_figures_say_which_year_they_use():
    from zhichan.monitor.compute import figures_for

    yidu, city = region("420581"), region("420500")
    RegionFigure.objects.create(region=yidu, year=2025, resident_population=380_000)
    RegionFigure.objects.create(
        region=yidu, year=2027, resident_population=390_000
    )  # later: never used for 2025
    assert figures_for([yidu], {"resident_population"}, 2025)[(yidu.pk, "resident_population")] == (
        380_000,
        2025,
        "",
    )
    assert figures_for([yidu], {"resident_population"}, 2026)[(yidu.pk, "resident_population")] == (
        380_000, 2025, "采用2025年数据"
    )  # fmt: skip
    kids = list(city.children.all())
    for n, kid in enumerate(kids):
        RegionFigure.objects.create(region=kid, year=2022, resident_population=1000 + n)
    # the children's figures of 2022 are too old for 2025 (three years are tried: 2025, 2024, 2023)
    assert figures_for([city], {"resident_population"}, 2025)[(city.pk, "resident_population")] == (
        None, None, "缺少常住人口数据"
    )  # fmt: skip
    assert figures_for([city], {"resident_population"}, 2024)[(city.pk, "resident_population")] == (
        sum(1000 + n for n in range(len(kids))), 2022, f"由{len(kids)}个下级区划2022年数据合计"
    )  # fmt: skip


def test_entered_values_latest_by_date_flows_from_the_periods_first_day_and_the_registry_first(settings):
    from zhichan.monitor.models import EnteredValue

    settings.HOME_REGION_CODE = "420581"
    zhijiang = region("420583")
    EnteredValue.objects.create(region=zhijiang, indicator="invention_valid", on=date(2024, 12, 31),
                                value=Decimal("520"), source="枝江市 2024 年统计")  # fmt: skip
    EnteredValue.objects.create(region=zhijiang, indicator="invention_valid", on=date(2024, 6, 30),
                                value=Decimal("480"), source="枝江市 2024 年半年统计")  # entered later, older  # fmt: skip
    EnteredValue.objects.create(region=zhijiang, indicator="invention_valid", on=date(2025, 7, 1),
                                value=Decimal("999"), source="下一期")  # fmt: skip
    cell = board([zhijiang], context(AS_OF), ["invention_valid"])["420583"]["invention_valid"]
    assert (cell.value, cell.origin, cell.note) == (
        520,
        "entered",
        "录入：枝江市 2024 年统计（截至2024-12-31）",
    )
    EnteredValue.objects.create(region=zhijiang, indicator="pledge_count", on=date(2025, 1, 1), value=Decimal(3),
                                source="枝江市一季度统计")  # the period's first day  # fmt: skip
    flow = board([zhijiang], context(AS_OF, date(2025, 1, 1)), ["pledge_count"])["420583"]["pledge_count"]
    assert (flow.value, flow.origin) == (3, "entered")
    # Within the registry a value entered for a counted indicator gives way to the count.
    patent(LUCHENG)
    EnteredValue.objects.create(region=region("420581"), indicator="invention_valid", on=date(2024, 12, 31),
                                value=Decimal("700"), source="宜都市统计")  # fmt: skip
    own = board([region("420581")], context(AS_OF), ["invention_valid"])["420581"]["invention_valid"]
    assert (own.value, own.origin) == (1, "registry")


def test_an_entered_ratio_rounds_half_up_and_a_partly_covered_region_shows_its_entered_value(settings):
    from zhichan.monitor.models import EnteredValue

    settings.HOME_REGION_CODE = "420581"
    EnteredValue.objects.create(region=region("420583"), indicator="invention_per_10k", on=date(2024, 12, 31),
                                value=Decimal("12.345"), source="枝江市统计")  # fmt: skip
    cell = board([region("420583")], context(AS_OF), ["invention_per_10k"])["420583"]["invention_per_10k"]
    assert cell.value == Decimal("12.35")
    # 宜昌市 holds the registry's 宜都 and more: its entered figure stands, without the registry's part
    patent(LUCHENG)
    EnteredValue.objects.create(region=region("420500"), indicator="invention_valid", on=date(2024, 12, 31),
                                value=Decimal("4210"), source="宜昌市统计公报")  # fmt: skip
    city = board([region("420500")], context(AS_OF), ["invention_valid"])["420500"]["invention_valid"]
    assert (city.value, city.origin, city.note) == (4210, "entered", "录入：宜昌市统计公报（截至2024-12-31）")


def test_an_indicator_of_entered_values_only_says_when_none_is_entered(monkeypatch):
    from zhichan.monitor.indicators import BUILTIN_INDICATORS, ENTERED, Indicator
    from zhichan.monitor.models import EnteredValue

    monkeypatch.setitem(BUILTIN_INDICATORS, "plant_variety_valid", Indicator(
        "plant_variety_valid", "有效植物新品种权", "件", "品种权人在区域内的有效植物新品种权数。", "农业农村部门统计",
        "录入", None, period=ENTERED,
    ))  # fmt: skip
    cell = board([region("420581")], context(AS_OF), ["plant_variety_valid"])["420581"]["plant_variety_valid"]
    assert (cell.value, cell.origin, cell.note) == (None, "missing", "尚无录入值")
    EnteredValue.objects.create(region=region("420581"), indicator="plant_variety_valid", on=date(2024, 12, 31),
                                value=Decimal(6), source="宜都市农业农村局")  # fmt: skip
    cell = board([region("420581")], context(AS_OF), ["plant_variety_valid"])["420581"]["plant_variety_valid"]
    assert (cell.value, cell.origin) == (6, "entered")
    # an indicator without a numerator is entered-only whatever its period
    monkeypatch.setitem(BUILTIN_INDICATORS, "volunteers", Indicator(
        "volunteers", "知识产权志愿者", "人", "登记在册的志愿者人数。", "市场监管局", "录入", None,
    ))  # fmt: skip
    cell = board([region("420581")], context(AS_OF), ["volunteers"])["420581"]["volunteers"]
    assert (cell.value, cell.origin, cell.note) == (None, "missing", "尚无录入值")


def test_a_region_the_registry_covers_in_part_gets_a_partial_count_that_says_so(settings):
    settings.HOME_REGION_CODE = "420581"  # a county's registry on the city's board
    patent(LUCHENG)
    cell = board([region("420500")], context(AS_OF), ["invention_valid"])["420500"]["invention_valid"]
    assert (cell.value, cell.origin, cell.note) == (1, "partial", "登记簿未完整覆盖该区划，仅计已入库记录")
    RegionFigure.objects.create(region=region("420500"), year=2024, resident_population=3_900_000)
    ratio = board([region("420500")], context(AS_OF), ["invention_per_10k"])["420500"]["invention_per_10k"]
    assert (ratio.origin, ratio.note) == ("partial", "采用2024年数据；登记簿未完整覆盖该区划，仅计已入库记录")
