"""The 双随机 draw: reproducible from the published seed and pools (a pinned draw guards the
algorithm across machines and versions), sensitive to any change of pool, stratified by credit
grade, respecting conflicts and the workload cap; the plan's workflow around it."""

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import make_entity, region
from zhichan.credit.models import CreditGrade, CreditScheme
from zhichan.inspections import draw as algorithm
from zhichan.inspections import services
from zhichan.inspections.models import Conflict, InspectionPlan, Inspector, Outcome, PlanStatus

SEED = "宜市监随〔2026〕3号|2026-03-02|福彩3D 417"
STRATA = {"A": "0.1", "B": "0.2", "C": "0.5", "D": "1", "-": "0"}


def pools(targets=None, inspectors=None, conflicts=()):
    targets = targets or [(f"91420581MA{n:08d}", f"企业{n}", "ABCD-"[n % 5]) for n in range(40)]
    inspectors = inspectors or [(f"4205810{n:02d}", f"检查员{n}") for n in range(6)]
    return algorithm.canonical(targets, inspectors, conflicts, STRATA, 2)


def summary(drawn):
    return [(r["code"], [p[0] for p in r["inspectors"]]) for r in drawn]


def test_same_seed_and_pools_give_the_same_draw_whatever_the_order():
    base = pools()
    shuffled_targets = list(base["targets"])
    random.Random(5).shuffle(shuffled_targets)
    again = algorithm.canonical(shuffled_targets, reversed(base["inspectors"]), [], STRATA, 2)
    assert summary(algorithm.draw(SEED, base)) == summary(algorithm.draw(SEED, again))
    assert algorithm.fingerprint(SEED, base) == algorithm.fingerprint(SEED, again)


def test_the_pinned_draw():
    """This exact draw is what any machine must produce; a change of algorithm shows here."""
    drawn = algorithm.draw(SEED, pools())
    assert algorithm.fingerprint(SEED, pools())[:16] == PINNED_FINGERPRINT
    assert summary(drawn) == PINNED


def test_a_changed_pool_changes_the_draw_and_the_fingerprint():
    base = pools()
    more = pools(
        targets=[*([t[0], t[1], t[2]] for t in base["targets"]), ("91420581MA99999999", "新设企业", "D")]
    )
    assert algorithm.fingerprint(SEED, base) != algorithm.fingerprint(SEED, more)
    assert summary(algorithm.draw(SEED, base)) != summary(algorithm.draw(SEED, more))
    assert summary(algorithm.draw(SEED + "x", base)) != summary(algorithm.draw(SEED, base))


def test_strata_conflicts_and_workload():
    base = pools(conflicts=[("420581000", "91420581MA00000003")])
    drawn = algorithm.draw(SEED, base)
    by_grade = {g: sum(1 for r in drawn if r["grade"] == g) for g in "ABCD-"}
    # 8 targets in each grade: ⌈8×0.1⌉=1, ⌈8×0.2⌉=2, ⌈8×0.5⌉=4, all 8 of D, none ungraded
    assert by_grade == {"A": 1, "B": 2, "C": 4, "D": 8, "-": 0}
    conflicted = next(r for r in drawn if r["code"] == "91420581MA00000003")
    assert "420581000" not in [p[0] for p in conflicted["inspectors"]]
    load = {}
    for r in drawn:
        assert len({p[0] for p in r["inspectors"]}) == 2
        for p in r["inspectors"]:
            load[p[0]] = load.get(p[0], 0) + 1
    assert max(load.values()) <= -(-len(drawn) * 2 // 6)
    with pytest.raises(algorithm.NotEnoughInspectors):
        algorithm.draw(SEED, pools(inspectors=[("1", "甲")]))


def test_the_package_re_runs_outside_the_platform(tmp_path):
    base = pools()
    package = {"seed": SEED, **base}
    path = tmp_path / "复核包.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    script = Path(algorithm.__file__)
    out = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert algorithm.fingerprint(SEED, base) in out
    for code, _inspectors in summary(algorithm.draw(SEED, base)):
        assert code in out


@pytest.mark.django_db
def test_plan_workflow(client, roles):
    county = region("420581")
    firms = [make_entity(f"宜都市抽查测试{n}有限公司", "420581100", serial=f"0000070{n}") for n in range(5)]
    scheme = CreditScheme.objects.get(is_current=True)
    for n, firm in enumerate(firms):
        CreditGrade.objects.create(entity=firm, scheme=scheme, score=100, computed_grade="BCDDD"[n], grade="BCDDD"[n],
                                   computed_on=date(2026, 1, 1))  # fmt: skip
    # Badges no random token holds (a CSRF token may well contain "E0").
    people = [Inspector.objects.create(name=f"检查员{n}", badge=f"执法证{n}", unit="宜都市市场监督管理局", region=county)
              for n in range(3)]  # fmt: skip
    Conflict.objects.create(inspector=people[0], entity=firms[2], reason="曾任职")
    plan = InspectionPlan.objects.create(name="专利标识抽查", region=county, basis="专利法", seed=SEED,
                                         strata={"D": "1", "B": "0", "C": "0", "A": "0", "-": "0"})  # fmt: skip
    services.plan_draw(plan=plan)
    assert plan.status == PlanStatus.DRAWN and services.plan_verify(plan)
    drawn = {t.entity for t in plan.targets.all()}
    assert drawn >= {firms[2], firms[3], firms[4]} and firms[0] not in drawn  # all D drawn, B not
    target = plan.targets.get(entity=firms[2])
    assert "执法证0" not in [p[0] for p in target.inspectors]
    with pytest.raises(ValidationError, match="重抽"):
        services.plan_draw(plan=plan)
    with pytest.raises(ValidationError, match="未录入"):
        services.plan_publish(plan=plan, published_on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="检查情况"):
        services.result_record(
            target=target, outcome=Outcome.RECTIFY, finding="", checked_on=date(2026, 3, 20)
        )
    client.force_login(roles["county"])
    for t in plan.targets.all():
        client.post(reverse("inspections:plan", args=[plan.pk]),
                    {"action": "result", "target": t.pk, "outcome": "clean", "checked_on": "2026-03-20"})  # fmt: skip
    public = Client()  # nobody signed in: the portal's 双随机 公示
    assert public.get(reverse("portal:inspection", args=[plan.pk])).status_code == 404  # not yet published
    assert "专利标识抽查" not in public.get(reverse("portal:inspections")).content.decode()
    client.post(reverse("inspections:plan", args=[plan.pk]), {"action": "publish"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    listing = public.get(reverse("portal:inspections")).content.decode()
    assert "专利标识抽查" in listing and reverse("portal:inspection", args=[plan.pk]) in listing
    page = public.get(reverse("portal:inspection", args=[plan.pk])).content.decode()
    assert plan.fingerprint in page and SEED in page and "未发现问题" in page
    assert all(t.entity.name in page and t.code in page for t in plan.targets.select_related("entity"))
    assert "检查员" not in page and "执法证" not in page  # the inspectors' names and badges stay inside
    assert (
        reverse("portal:inspection", args=[plan.pk])
        in client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    )
    package = client.get(reverse("inspections:plan", args=[plan.pk]), {"format": "json"}).json()
    assert package["fingerprint"] == plan.fingerprint and package["seed"] == SEED
    # Someone who changes a frozen pool no longer verifies.
    InspectionPlan.objects.filter(pk=plan.pk).update(targets_pool=plan.targets_pool[1:])
    plan.refresh_from_db()
    assert not services.plan_verify(plan)
    client.force_login(roles["other_county"])
    assert client.get(reverse("inspections:plan", args=[plan.pk])).status_code == 404


PINNED_FINGERPRINT = "28b81426e182bf5e"
# Recorded on 2026-11-23 when the algorithm was published; any machine must reproduce it.
PINNED = [
    ("91420581MA00000032", ["420581000", "420581002"]),
    ("91420581MA00000016", ["420581001", "420581002"]),
    ("91420581MA00000033", ["420581000", "420581004"]),
    ("91420581MA00000011", ["420581005", "420581002"]),
    ("91420581MA00000025", ["420581003", "420581000"]),
    ("91420581MA00000017", ["420581001", "420581004"]),
    ("91420581MA00000003", ["420581004", "420581000"]),
    ("91420581MA00000023", ["420581002", "420581003"]),
    ("91420581MA00000008", ["420581005", "420581001"]),
    ("91420581MA00000007", ["420581004", "420581001"]),
    ("91420581MA00000018", ["420581000", "420581005"]),
    ("91420581MA00000013", ["420581005", "420581002"]),
    ("91420581MA00000027", ["420581003", "420581001"]),
    ("91420581MA00000028", ["420581003", "420581005"]),
    ("91420581MA00000038", ["420581004", "420581003"]),
]


def test_the_office_keeps_its_inspectors_conflicts_and_inspection_list_on_pages(client, roles):
    """业务设置: an inspector and the firm he must not inspect, an item of the 随机抽查事项清单; a new
    plan carries out the item (its basis taken from the list), and the drawn firm never meets him."""
    from tests.conftest import make_user
    from zhichan.inspections.models import InspectionItem

    admin = make_user("t_yidu_inspections_admin", region_code="420581", office_admin=True)
    client.force_login(admin)
    firm = make_entity("宜都市回避测试有限公司", "420581100", serial="00000711")
    new = reverse("setup:new", args=["inspectors"])
    response = client.post(new, {"name": "张检查", "badge": "42058100123", "unit": "宜都市市场监督管理局",
                                 "region": region("420581").pk, "active": "on"})  # fmt: skip
    inspector = Inspector.objects.get(badge="42058100123")
    assert response.status_code == 302
    conflict = reverse("setup:new", args=["conflicts"])
    assert (
        client.post(
            conflict, {"parent": inspector.pk, "entity": firm.credit_code, "reason": "配偶任职"}
        ).status_code
        == 302
    )
    assert Conflict.objects.get(inspector=inspector).entity == firm
    outside = make_entity("枝江市回避测试有限公司", "420583", serial="00000712")
    refused = client.post(conflict, {"parent": inspector.pk, "entity": outside.credit_code, "reason": "x"})
    assert refused.status_code == 200 and Conflict.objects.filter(entity=outside).count() == 0
    item = {"name": "专利标识标注情况检查", "region": region("420581").pk, "basis": "《专利法》第六十八条；《专利标识标注办法》",
            "subjects": "标注专利标识的生产经营者", "method": "现场检查", "department": "宜都市市场监督管理局", "active": "on"}  # fmt: skip
    assert client.post(reverse("setup:new", args=["inspection-items"]), item).status_code == 302
    listed = InspectionItem.objects.get()
    page = client.get(reverse("inspections:plans")).content.decode()
    assert "专利标识标注情况检查（标注专利标识的生产经营者）" in page
    client.post(reverse("inspections:plans"), {"name": "2026年专利标识抽查", "item": listed.pk, "basis": "",
                                               "seed": SEED, "ratio_A": "100", "ratio_B": "100", "ratio_C": "100",
                                               "ratio_D": "100", "ratio_-": "100", "per_target": "1"})  # fmt: skip
    plan = InspectionPlan.objects.get(name="2026年专利标识抽查")
    assert (
        plan.item == listed
        and plan.basis == "专利标识标注情况检查：《专利法》第六十八条；《专利标识标注办法》"
    )
    Inspector.objects.create(
        name="李检查", badge="42058100124", unit="宜都市市场监督管理局", region=region("420581")
    )
    services.plan_draw(plan=plan)
    target = plan.targets.get(entity=firm)
    assert [p[0] for p in target.inspectors] == ["42058100124"]  # never the one with the conflict
    client.post(reverse("inspections:plans"), {"name": "无依据", "seed": SEED})
    assert not InspectionPlan.objects.filter(name="无依据").exists()
