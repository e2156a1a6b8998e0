"""Address resolution on real-format applicant addresses across provinces."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from zhichan.regions.models import Level, Region
from zhichan.regions.resolve import AddressResolver

CORPUS = Path(__file__).with_name("addresses.tsv")


def load_corpus() -> list[tuple[str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        address, expected = line.split("\t")
        rows.append((address, expected))
    return rows


def expected_code(expected: str) -> str | None:
    """Turn a name path ("湖北省|宜昌市|宜都市") into the code the tree gives it."""
    if expected == "unknown":
        return None
    _kind, _, path = expected.rpartition(":")
    names = path.split("|")
    node = None
    for depth, name in enumerate(names):
        queryset = Region.objects.filter(name=name, level=depth + 1)
        queryset = queryset.filter(parent=node) if node else queryset
        node = queryset.get()
    return node.code


@pytest.fixture(scope="module")
def resolver(django_db_blocker):
    with django_db_blocker.unblock():
        return AddressResolver.from_db()


@pytest.mark.django_db
def test_corpus_is_large_and_varied():
    corpus = load_corpus()
    assert len(corpus) >= 200
    provinces = {e.split("|")[0].split(":")[-1] for _, e in corpus if e != "unknown"}
    assert len(provinces) >= 20


@pytest.mark.django_db
def test_corpus_resolves(resolver):
    corpus = load_corpus()
    wrong, county_total, county_right = [], 0, 0
    for address, expected in corpus:
        want = expected_code(expected)
        got = resolver.resolve(address)
        if want is not None and len(want) >= 6 and not want.endswith("00"):
            county_total += 1
            county_right += got.code is not None and got.code[:6] == want[:6]
        if got.code != want:
            wrong.append((address, want, got.code, got.reason))
    # Every address in the corpus is resolved exactly as expected, down to the township.
    assert wrong == []
    assert county_right / county_total >= 0.98


@pytest.mark.django_db
def test_never_a_wrong_code_where_unknown_is_right(resolver):
    for address in ["朝阳区建国路88号", "鼓楼区中山路", "中关村大街1号", "某某科技有限公司", "", "美国加州"]:
        assert resolver.resolve(address).code is None, address


@pytest.mark.django_db
def test_street_named_like_a_county_is_not_that_county(resolver):
    # 宜都路 in 宜昌 is a street; 长兴路 in 朝阳区 too.
    assert resolver.resolve("宜昌市宜都路5号").code == "420500"
    assert resolver.resolve("北京市朝阳区长兴路1号").code == "110105"


@pytest.mark.django_db
def test_retired_county_with_old_year_falls_back_to_city(resolver):
    result = resolver.resolve("浙江省杭州市下城区体育场路", year=2015)
    assert result.code == "330100"
    assert "已撤销" in result.reason


@pytest.mark.django_db
def test_levels_reported(resolver):
    assert resolver.resolve("湖北省宜都市红花套镇").level == Level.TOWNSHIP
    assert resolver.resolve("湖北省宜都市清江大道").level == Level.COUNTY
    zone = resolver.resolve("武汉市东湖新技术开发区高新大道")
    assert zone.level == Level.CITY and "开发区" in zone.reason


@pytest.mark.django_db
def test_region_of_command_text_and_json(capsys):
    call_command("region_of", "湖北省宜都市陆城街道园林大道1号", "无此地")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("420581001\t陆城街道")
    assert lines[1].startswith("unknown")
    call_command("region_of", "仙桃市沙嘴街道", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data[0]["code"] == "429004001" and data[0]["level"] == 4


@pytest.mark.django_db
def test_an_address_is_read_for_its_year(resolver):
    """襄樊市 became 襄阳市 and its 襄阳区 became 襄州区 (420607) in 2010: a 2009 address names
    today's 襄州区, though read with today's names it proves only the city."""
    assert resolver.resolve("湖北省襄樊市襄阳区张湾镇1号").code == "420600"
    assert resolver.resolve("湖北省襄樊市襄阳区张湾镇1号", year=2009).code[:6] == "420607"


@pytest.mark.django_db(transaction=True)
def test_records_are_placed_again_when_the_townships_arrive(committed_tree, tmp_path):
    """Imported while the tree had no townships, the patents stand at county level; loading the
    townships places them again (`zhichan load_townships` runs the re-resolution, a job does too)."""
    from io import StringIO

    from zhichan.assets.imports import run_import
    from zhichan.assets.models import Patent
    from zhichan.lib import patentno

    townships = list(Region.objects.filter(level=Level.TOWNSHIP, parent__code="420581").values())
    Region.objects.filter(level=Level.TOWNSHIP, parent__code="420581").delete()
    from zhichan.regions.resolve import reset_resolver

    reset_resolver()
    path = tmp_path / "p.csv"
    path.write_text(
        "申请号,名称,申请日,申请人,第一申请人地址\n"
        f"{patentno.make('202410000401')},一种装置,2024-02-01,宜都市丁公司,湖北省宜都市红花套镇渔洋溪村\n",
        encoding="utf-8",
    )
    run_import("patents", path=path, parallel=False)
    assert Patent.objects.get().region.code == "420581"
    Region.objects.bulk_create([Region(**row) for row in townships])
    out = StringIO()
    from zhichan.regions.management.commands.load_regions import relocate

    relocate(out, len(townships))
    assert Patent.objects.get().region.code == "420581100"  # 红花套镇
    assert "归属区划改变：patents 1" in out.getvalue()
    call_command("relocate", stdout=out)  # nothing left to move
    assert "patents 0" in out.getvalue().splitlines()[-1]


def test_only_the_system_administrator_starts_the_re_resolution(client, roles, django_user_model):
    from django.urls import reverse

    from zhichan.jobs.models import Job

    client.force_login(roles["county"])
    assert client.post(reverse("regions:reresolve")).status_code == 403
    admin = django_user_model.objects.create_superuser("root2", password="x-long-password-1")
    client.force_login(admin)
    answer = client.post(reverse("regions:reresolve"))
    job = Job.objects.get(kind="assets.reresolve")
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[job.pk])
