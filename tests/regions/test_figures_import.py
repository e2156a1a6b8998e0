"""Importing yearly figures: real file formats, bad rows reported by number, nothing lost."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from zhichan.accounts.access import regions_for_user
from zhichan.lib.tabular import TableError
from zhichan.regions.models import RegionFigure
from zhichan.regions.services import figures_import

pytestmark = pytest.mark.django_db

GBK_CSV = (
    "行政区划代码,年份,常住人口（人）,市场主体数（户）,地区生产总值（万元）,备注\n"
    '420581,2024,"381,200",45210,9520000.5,统计年鉴\n'
    "420581100,2024,30100,2100,,\n"
    "999999,2024,1,1,1,不存在的区划\n"
    "420581101,二〇二四,1,1,1,年度写错\n"
    "420581102,2024,-5,1,1,负数\n"
    "420581103,2024,12.5,1,1,人口非整数\n"
    "420581,2024,1,1,1,重复行\n"
).encode("gbk")


def test_gbk_csv_with_bad_rows():
    report = figures_import(source=io.BytesIO(GBK_CSV), filename="figures.csv", user=None)
    assert report.rows_read == 7
    assert (report.created, report.updated) == (2, 0)
    rejected = {(e.row, e.column): e.message for e in report.errors}
    assert set(rejected) == {
        (4, "行政区划代码"),
        (5, "年份"),
        (6, "常住人口(人)"),
        (7, "常住人口(人)"),
        (8, "行政区划代码"),
    }
    assert "不存在" in rejected[(4, "行政区划代码")]
    assert "负数" in rejected[(6, "常住人口(人)")]
    assert "整数" in rejected[(7, "常住人口(人)")]
    assert "与第2行重复" in rejected[(8, "行政区划代码")]
    figure = RegionFigure.objects.get(region__code="420581", year=2024)
    assert figure.resident_population == 381200 and figure.market_entities == 45210
    assert figure.gdp == Decimal("9520000.50")
    assert figure.note == "统计年鉴"


def test_reimport_updates_instead_of_duplicating():
    figures_import(source=io.BytesIO(GBK_CSV), filename="figures.csv", user=None)
    again = figures_import(source=io.BytesIO(GBK_CSV), filename="figures.csv", user=None)
    assert (again.created, again.updated) == (0, 2)
    assert RegionFigure.objects.count() == 2


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsx_with_numbers_as_numbers_and_partial_update():
    figures_import(
        source=xlsx([["区划代码", "年度", "常住人口", "GDP（万元）"], [420581, 2023, 380000, 9206000]]),
        filename="f.xlsx",
        user=None,
    )
    report = figures_import(
        source=xlsx([["区划代码", "年度", "企业数"], ["420581", "2023年", 15000]]),
        filename="f.xlsx",
        user=None,
    )
    assert report.errors == [] and report.updated == 1
    figure = RegionFigure.objects.get(region__code="420581", year=2023)
    assert (figure.resident_population, figure.enterprises, figure.gdp) == (
        380000,
        15000,
        Decimal("9206000.00"),
    )


def test_rows_outside_the_users_region_are_rejected(roles):
    user = roles["county"]
    report = figures_import(
        source=xlsx([["区划代码", "年度", "常住人口"], ["420581", 2024, 1], ["420583", 2024, 2]]),
        filename="f.xlsx",
        user=user,
        allowed_regions=regions_for_user(user),
    )
    assert report.created == 1
    assert [(e.row, e.message) for e in report.errors] == [(3, "无权维护“枝江市”的数据")]
    assert not RegionFigure.objects.filter(region__code="420583").exists()


def test_missing_columns_and_unreadable_files():
    report = figures_import(source=xlsx([["名称", "人口"], ["宜都", 1]]), filename="f.xlsx", user=None)
    assert report.errors[0].row == 1 and "区划代码" in report.errors[0].message
    with pytest.raises(TableError):
        list(figures_import(source=io.BytesIO(b"PK\x03\x04broken"), filename="f.xlsx", user=None).errors)
    with pytest.raises(TableError):
        figures_import(source=io.BytesIO(b"x"), filename="f.pdf", user=None)
