import pytest
from django.core.management import call_command

from zhichan.accounts.models import User
from zhichan.assets.models import Patent
from zhichan.demo.generator import generate, load_villages
from zhichan.demo.services import demo_load, demo_present
from zhichan.entities.models import Entity
from zhichan.lib import uscc
from zhichan.regions.models import Region, RegionFigure
from zhichan.regions.resolve import AddressResolver

pytestmark = pytest.mark.django_db


def yidu_townships():
    return dict(Region.objects.filter(parent__code="420581").values_list("code", "name"))


def yidu_args(count: int) -> dict:
    return {
        "county_code": "420581",
        "county_name": "宜都市",
        "city_name": "宜昌市",
        "province_name": "湖北省",
        "townships": yidu_townships(),
        "count": count,
        "villages": load_villages(),
    }


def test_generator_is_deterministic_and_plausible():
    args = yidu_args(300)
    first, second = generate(**args), generate(**args)
    assert [e.name for e in first] == [e.name for e in second]
    assert len({e.name for e in first}) == 300
    codes = [e.credit_code for e in first if e.credit_code]
    assert all(uscc.is_valid(c) and c[2:8] == "420581" for c in codes)
    assert len(set(codes)) == len(codes)
    assert generate(**(args | {"seed": 7}))[0].name != first[0].name


def test_generated_addresses_resolve_to_their_township():
    resolver = AddressResolver.from_db()
    wrong = [
        (e.address, e.township_code, resolver.resolve(e.address).code)
        for e in generate(**yidu_args(200))
        if resolver.resolve(e.address).code != e.township_code
    ]
    assert wrong == []


def test_load_demo_is_idempotent(capsys, settings, tmp_path):
    from zhichan.market import search

    settings.VAR_DIR = tmp_path
    (tmp_path / "search").mkdir()
    other = Patent.objects.create(number="202410000999.3", kind="invention", title="一种别处的装置",
                                  filed_on="2024-01-02", applicants="某公司")  # fmt: skip
    search.index_build(workers=1)  # an index of another registry left in var/
    other.delete()
    call_command("load_demo", entities=50, patents=300)
    assert search.current().meta["documents"] == Patent.everything.count() == 300  # rebuilt for the demo
    assert "导入模拟专利 300" in capsys.readouterr().out
    demo_entities = set(Entity.objects.filter(credit_code__isnull=False).values_list("pk", flat=True))
    counts = (
        Entity.objects.count(),
        User.objects.count(),
        RegionFigure.objects.count(),
        Patent.objects.count(),
    )
    # make run's start: a whole load is there, so nothing is loaded again (seconds, not a minute).
    call_command("load_demo", entities=50, patents=300, if_missing=True)
    assert "已载入，跳过" in capsys.readouterr().out
    assert demo_present(patent_count=300)
    settings.VAR_DIR = tmp_path / "elsewhere"  # no index: the load stopped before its last step
    assert not demo_present(patent_count=300)
    settings.VAR_DIR = tmp_path
    report = demo_load(entity_count=50, patent_count=300)
    assert report.entities_created == 0 and report.patents_created == 0
    assert (
        Entity.objects.count(),
        User.objects.count(),
        RegionFigure.objects.count(),
        Patent.objects.count(),
    ) == counts
    assert len(demo_entities) >= 45  # the generated entities (individuals have no credit code)
    # The synthetic export names the demo entities with their credit codes, so most patents link to them.
    linked = Patent.objects.filter(first_applicant__in=demo_entities).count()
    assert linked > counts[3] * 0.6
    yidu = User.objects.get(username="yidu")
    assert yidu.region.code == "420581" and yidu.check_password("zhichan-demo")
    from zhichan.protection.models import Case, Disclosure, Workstation

    # Protection: stations once (idempotent), concluded adjudications behind the cycle indicator,
    # a published typical case without the natural person's name.
    assert Workstation.objects.count() == 3 and Case.objects.filter(cycle_days__isnull=False).count() >= 5
    typical = Disclosure.objects.get(typical=True)
    assert "王某" in typical.body["parties"] and "王小明" not in str(typical.body)
    county = RegionFigure.objects.get(region__code="420581", year=2024)
    townships = RegionFigure.objects.filter(region__parent__code="420581", year=2024)
    assert sum(f.resident_population for f in townships) == county.resident_population == 357944
    assert RegionFigure.objects.get(region__code="420581", year=2023).gdp == 9206000
