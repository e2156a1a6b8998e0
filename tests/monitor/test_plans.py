"""Plans as data, progress against targets and the forecasts behind the verdicts."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count

from tests.monitor.test_compute import LUCHENG, patent, region
from zhichan.assets.models import EventKind, PatentKind
from zhichan.entities.models import OfficeTag
from zhichan.monitor import forecast
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import OfficeIndicator, Plan, Target, TargetKind
from zhichan.monitor.plans import SEED_PLANS, plans_load, progress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _office_of_the_county(settings):
    settings.HOME_REGION_CODE = "420581"


def test_the_four_seed_plans_load_whole_and_again():
    data = json.loads(SEED_PLANS.read_text(encoding="utf-8"))
    plans_load()
    plans_load()  # idempotent: targets replaced, not duplicated
    counts = {p.region.code: p.targets.count() for p in Plan.objects.all()}
    assert counts == {spec["region"]: len(spec["targets"]) for spec in data["plans"]}
    assert counts == {"420200": 6, "421300": 7, "420000": 15, "420581": 40}
    # The plans' task targets that no built-in indicator counts, on the offices' own indicators:
    # 26 of the Yidu plan, 9 of the province's, 1 of 黄石's; the province's tag they count; and
    # 宜都's 专利密集型产品认定, counted from the product filings, shown on its board without a target.
    assert OfficeIndicator.objects.count() == len(data["indicators"]) == 37
    assert dict(OfficeIndicator.objects.values_list("region__code").annotate(n=Count("pk"))) == {
        "420581": 27,
        "420000": 9,
        "420200": 1,
    }
    models = Target.objects.get(indicator="industrialization_models")
    assert (models.value, INDICATORS["industrialization_models"].period) == (500, "stock")
    assert OfficeTag.objects.get(code="patent_industrialization_model").region.code == "420000"
    # A target without a figure that says a value grows: above the year before the plan.
    growth = Target.objects.get(plan__region__code="421300", indicator="madrid_valid")
    assert (growth.kind, growth.value, growth.strict) == ("growth", 0, True)
    pools = Target.objects.get(indicator="hv_patent_pools")
    assert (pools.value, pools.plan.region.code, INDICATORS["hv_patent_pools"].period) == (
        2,
        "420581",
        "stock",  # counted from the pools and their patents in force on the day
    )
    conversions = Target.objects.get(indicator="patent_conversions")
    assert (conversions.kind, conversions.value, INDICATORS["patent_conversions"].period) == (
        "increase",
        30,
        "flow",
    )
    hubei = Plan.objects.get(region__code="420000")
    assert hubei.number == "鄂知发〔2025〕2号"
    pledge = hubei.targets.get(indicator="pledge_amount")
    assert (pledge.value, pledge.strict, pledge.quote) == (Decimal("320"), True, "知识产权质押融资超320亿元")
    cycle = Target.objects.get(plan__region__code="420581", indicator="case_cycle_days")
    assert cycle.at_most and cycle.value == 60


def _plan(**target) -> Target:
    plan = Plan.objects.create(title="测试方案", issuer="宜都市人民政府", region=region("420581"),
                               starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31))  # fmt: skip
    return Target.objects.create(plan=plan, deadline=date(2027, 12, 31), **target)


def test_a_level_target_with_the_registry_baseline():
    for _n in range(4):
        patent(LUCHENG, granted=date(2024, 6, 1))
    for month in (3, 6, 9):
        patent(LUCHENG, granted=date(2025, month, 1))
    target = _plan(indicator="invention_valid", value=Decimal("10"))
    found = progress(target, date(2025, 12, 31))
    assert (found.baseline, found.current, found.required) == (4, 7, 10)
    assert found.share == Decimal("50.0")  # 3 of the 6 asked for
    assert found.forecast is not None and found.forecast.value is not None


def test_a_target_reads_the_registry_once_for_its_value_baseline_and_trend():
    """Current value, the baseline the day before the plan and thirteen trend points: one grouped
    pass over the patents, not fifteen (a county's 规划目标 on 1,000,000 patents: 48–63 s → 28–30 s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for month in (3, 6, 9, 12):
        patent(
            LUCHENG,
            granted=date(2024, month, 1),
            filed=date(2021, month, 2),
            pct=f"PCT/CN2021/0700{month:02d}",
        )
    target = _plan(indicator="pct_filed", value=Decimal("5"))
    with CaptureQueriesContext(connection) as captured:
        found = progress(target, date(2025, 12, 31))
    passes = [
        q for q in captured.captured_queries if 'FROM "assets_patent"' in q["sql"] and "GROUP BY" in q["sql"]
    ]
    assert len(passes) == 1, [q["sql"][:120] for q in passes]
    assert found.forecast is not None and len(found.forecast.points) == 13
    alone = forecast.trend("pct_filed", region("420581"), date(2025, 12, 31), date(2027, 12, 31))
    assert found.forecast.points == alone.points  # the same figures as computed on their own


def test_an_increase_target_sums_from_the_plan_start():
    patent(LUCHENG, granted=date(2024, 12, 31))  # before the plan: not counted
    patent(LUCHENG, granted=date(2025, 1, 1))
    patent(LUCHENG, granted=date(2026, 5, 5))
    target = _plan(indicator="invention_granted", kind=TargetKind.INCREASE, value=Decimal("2"))
    found = progress(target, date(2026, 6, 30), with_forecast=False)
    assert (found.baseline, found.current, found.verdict) == (0, 2, "met")


def test_a_growth_target_compounds_from_the_baseline():
    target = _plan(indicator="trademark_valid", kind=TargetKind.GROWTH, value=Decimal("8"),
                   baseline=Decimal("3974"), baseline_on=date(2024, 10, 31))  # fmt: skip
    found = progress(target, date(2025, 6, 30), with_forecast=False)
    years = (date(2027, 12, 31) - date(2024, 10, 31)).days / 365.25
    assert found.required == (Decimal("3974") * Decimal(1.08**years)).quantize(Decimal("0.01"))
    assert 5000 < found.required < 5100  # the plan's own "达到5000件以上"


def test_a_target_that_a_value_grows_is_met_above_the_year_before_the_plan():
    """“实现扩面增量”, “稳步增长”: a growth of more than 0 % over the registry's value the day before
    the plan (granted inventions of the year: 2 in 2024, then 2 and 3 in 2025)."""
    for day in (date(2024, 3, 1), date(2024, 9, 1), date(2025, 2, 1), date(2025, 5, 1)):
        patent(LUCHENG, granted=day)
    plan = Plan.objects.create(title="2025年工作要点", issuer="宜都市市场监督管理局", region=region("420581"),
                               starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))  # fmt: skip
    target = Target.objects.create(plan=plan, indicator="invention_granted", kind=TargetKind.GROWTH,
                                   value=Decimal("0"), strict=True, deadline=date(2025, 12, 31))  # fmt: skip
    found = progress(target, date(2025, 12, 31), with_forecast=False)
    assert (found.baseline, found.required, found.current, found.verdict) == (
        2,
        2,
        2,
        "off_track",
    )  # not above
    patent(LUCHENG, granted=date(2025, 8, 1))
    found = progress(target, date(2025, 12, 31), with_forecast=False)
    assert (found.current, found.verdict) == (3, "met")


def test_a_lower_is_better_target_without_a_value_cannot_be_judged():
    target = _plan(indicator="case_cycle_days", value=Decimal("60"), at_most=True)
    found = progress(target, date(2025, 6, 30))
    assert found.current is None and found.verdict == "unknown"


def test_the_trend_fits_a_straight_line():
    # One patent granted at each quarter-end: a perfectly linear stock.
    points = forecast.quarter_ends(date(2025, 6, 30))
    for day in points:
        patent(LUCHENG, granted=day, filed=date(2018, 1, 1))
    found = forecast.trend("invention_valid", region("420581"), date(2025, 6, 30), date(2026, 6, 30))
    assert found.value == len(points) + 4  # four quarters more
    assert found.low == found.high == found.value  # no scatter, no band


def test_the_pipeline_weighs_pending_applications_and_lapses():
    # History: 40 applications decided within five years, 30 granted after ~2 years, 10 rejected.
    for n in range(30):
        patent(LUCHENG, filed=date(2020, 1, 1 + n % 28), granted=date(2022, 1, 1 + n % 28))
    for n in range(10):
        patent(
            LUCHENG,
            filed=date(2020, 2, 1 + n),
            granted=None,
            events=[(EventKind.REJECTION, date(2022, 3, 1))],
        )
    # Pending: 8 filed two years before the as-of date, 2 filed the day before.
    for n in range(8):
        patent(LUCHENG, filed=date(2023, 7, 1 + n), granted=None)
    for _n in range(2):
        patent(LUCHENG, filed=date(2025, 6, 29), granted=None)
    patent(LUCHENG, kind=PatentKind.UTILITY, filed=date(2024, 1, 1), granted=None)  # not an invention
    found = forecast.pipeline("invention_valid", region("420581"), date(2025, 6, 30), date(2027, 12, 31))
    detail = found.detail
    assert detail["grant_rate"] == 75.0 and detail["pending"] == 10 and detail["valid"] == 30
    # Every pendency seen is about two years: the 8 older ones are past most of it, so each is
    # expected with the grant rate; the 2 new ones will reach two years before the deadline too.
    assert detail["expected_grants"] == pytest.approx(7.5, abs=0.01)
    assert detail["expected_lapses"] == 0
    assert found.value == Decimal("38") and found.low < found.value < found.high
    assert detail["entities"][0]["pending"] == 10


def test_a_target_whose_deadline_passed_without_any_figure_cannot_be_judged():
    """No value at all (nothing entered, nothing the registry counts): 无法判断, not 难以完成,
    also once the deadline has passed."""
    target = _plan(indicator="case_cycle_days", value=Decimal("60"), at_most=True)
    Target.objects.filter(pk=target.pk).update(deadline=date(2025, 12, 31))
    target.refresh_from_db()
    found = progress(target, date(2026, 6, 30), with_forecast=False)
    assert (found.current, found.verdict, found.verdict_label) == (None, "unknown", "无法判断")


def test_a_passed_deadline_is_judged_on_the_value_that_day():
    """Met on the deadline, lapsed since: the target was met (today's figure is not the test)."""
    for _n in range(3):
        patent(LUCHENG, granted=date(2024, 6, 1), events=[(EventKind.LAPSE, date(2026, 2, 1))])
    target = _plan(indicator="invention_valid", value=Decimal("3"))
    Target.objects.filter(pk=target.pk).update(deadline=date(2025, 12, 31))
    target.refresh_from_db()
    found = progress(target, date(2026, 6, 30), with_forecast=False)
    assert (found.current, found.verdict) == (3, "met")


def test_completion_stays_between_the_baseline_and_the_target():
    """Below the baseline is 0 % with a note, never −400 %."""
    for _n in range(5):
        patent(LUCHENG, granted=date(2024, 6, 1), events=[(EventKind.LAPSE, date(2025, 3, 1))])
    patent(LUCHENG, granted=date(2024, 6, 1))
    target = _plan(indicator="invention_valid", value=Decimal("7"))  # baseline: 6 on 2024-12-31
    found = progress(target, date(2025, 6, 30), with_forecast=False)
    assert (found.baseline, found.current, found.share) == (6, 1, Decimal("0.0"))
    assert any("低于基期值" in n for n in found.notes)


def test_a_provincial_target_is_not_set_against_the_county_the_registry_holds():
    """The province's 23万件 against a registry that holds 宜都 only: no figure of the province's
    own, so 无法判断 with what to enter; an entered provincial figure is judged."""
    from zhichan.monitor.models import EnteredValue

    patent(LUCHENG, granted=date(2024, 6, 1))
    plan = Plan.objects.create(title="全省工作要点", issuer="湖北省知识产权局", region=region("420000"),
                               starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))  # fmt: skip
    target = Target.objects.create(plan=plan, indicator="invention_valid", value=Decimal("230000"), strict=True,
                                   deadline=date(2025, 12, 31))  # fmt: skip
    found = progress(target, date(2025, 6, 30), with_forecast=False)
    assert (found.current, found.verdict) == (None, "unknown")
    assert any("只覆盖湖北省的一部分" in n for n in found.notes)
    EnteredValue.objects.create(region=region("420000"), indicator="invention_valid", on=date(2025, 6, 30),
                                value=Decimal("231000"), source="湖北省知识产权局")  # fmt: skip
    found = progress(target, date(2025, 6, 30), with_forecast=False)
    assert (found.current, found.verdict) == (Decimal("231000"), "met")


def test_the_targets_command_gives_each_target_its_values_and_verdict():
    """`zhichan targets` after the deadline: a registry count (4 inventions valid before the plan,
    3 granted during it, against 10: 50 % of the way, not reached) and an entered figure (5 PCT
    applications entered for the year, against 3: reached), judged on the deadline's values."""
    from io import StringIO

    from django.core.management import call_command

    from zhichan.monitor.models import EnteredValue

    for _n in range(4):
        patent(LUCHENG, granted=date(2024, 6, 1))
    for month in (3, 6, 9):
        patent(LUCHENG, granted=date(2025, month, 1))
    plan = Plan.objects.create(title="测试方案", issuer="宜都市人民政府", region=region("420581"),
                               starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))  # fmt: skip
    Target.objects.create(plan=plan, indicator="invention_valid", value=10, deadline=date(2025, 12, 31))
    Target.objects.create(plan=plan, indicator="pct_filed", value=3, deadline=date(2025, 12, 31))
    EnteredValue.objects.create(region=region("420581"), indicator="pct_filed", on=date(2025, 6, 30), value=5,
                                source="国家知识产权局统计")  # fmt: skip
    out = StringIO()
    call_command("targets", region="420581", as_of="2026-01-10", format="json", stdout=out)
    document = json.loads(out.getvalue())
    assert (document["format"], document["as_of"], document["region"]["name"]) == (
        "zhichan.targets/1", "2026-01-10", "宜都市")  # fmt: skip
    got = {t["indicator"]["code"]: (t["baseline"], t["required"], t["current"], t["share_percent"], t["verdict"])
           for t in document["targets"]}  # fmt: skip
    assert got == {
        "invention_valid": ("4", "10", "7", "50", "off_track"),
        "pct_filed": ("0", "3", "5", "100", "met"),
    }
    assert all(t["forecast"] is None for t in document["targets"])  # the deadline has passed
    table = StringIO()
    call_command("targets", region="420581", as_of="2026-01-10", stdout=table)
    assert (
        "有效发明专利量：目标 10件，期限 2025-12-31；基期 4，当前 7，进度 50%，判断：难以完成"
        in table.getvalue()
    )
