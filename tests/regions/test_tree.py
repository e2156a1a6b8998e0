"""The division tree loaded whole from its sources (see zhichan/regions/data/PROVENANCE.md)."""

import csv

from zhichan.regions.models import Level, Region
from zhichan.regions.services import HUBEI_TOWNSHIPS, regions_load_townships, regions_load_tree


def test_tree_loaded_whole(db):
    assert Region.objects.filter(level=Level.PROVINCE).count() == 34
    # 333 prefecture-level units plus 9 GB/T 2260 containers (市辖区, 县, 省直辖县级行政区划).
    assert Region.objects.filter(level=Level.CITY).count() == 342
    assert Region.objects.filter(level=Level.COUNTY).count() == 2846
    assert not Region.objects.filter(level__in=[Level.CITY, Level.COUNTY], parent__isnull=True).exists()


def test_every_code_sits_under_its_parent(db):
    for region in Region.objects.filter(level__gt=Level.PROVINCE).select_related("parent"):
        assert region.prefix.startswith(region.parent.prefix), region


def test_hubei_townships_loaded_whole(db):
    with open(HUBEI_TOWNSHIPS, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1475
    loaded = Region.objects.filter(level=Level.TOWNSHIP, code__startswith="42").count()
    # 11 NBS statistical units (荆州开发区 421071, 龙感湖管理区 421171) have no GB/T 2260 county.
    missing = {r["county_code"] for r in rows} - set(Region.objects.values_list("code", flat=True))
    assert missing == {"421071", "421171"}
    assert loaded == len([r for r in rows if r["county_code"] not in missing]) == 1464


def test_yidu_has_its_eleven_units(db):
    yidu = Region.objects.get(code="420581")
    names = set(yidu.children.values_list("name", flat=True))
    assert len(names) == 11
    assert {"陆城街道", "红花套镇", "潘家湾土家族乡", "松宜矿区管理委员会"} <= names
    assert yidu.parent.code == "420500" and yidu.parent.parent.code == "420000"
    assert yidu.full_name == "湖北省宜昌市宜都市"


def test_subtree_is_prefix_based(db):
    yichang = Region.objects.get(code="420500")
    codes = set(yichang.subtree().values_list("code", flat=True))
    assert {"420500", "420581", "420581100"} <= codes
    assert "420100" not in codes and "429004" not in codes


def test_reload_is_idempotent(db):
    before = Region.objects.count()
    report = regions_load_tree()
    again = regions_load_townships()
    assert report.created == 0 and again.created == 0
    assert Region.objects.count() == before


def test_direct_administered_counties(db):
    xiantao = Region.objects.get(code="429004")
    assert xiantao.name == "仙桃市"
    assert xiantao.parent.name == "省直辖县级行政区划"
    assert Region.objects.get(code="110105").parent.name == "市辖区"
