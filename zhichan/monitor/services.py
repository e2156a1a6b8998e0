"""Writes of the monitoring system: entered indicator values imported from a table."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from zhichan.lib.stamp import changes_data
from zhichan.lib.tabular import clean_header, read_rows
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import EnteredValue
from zhichan.regions.models import Region
from zhichan.regions.services import FigureImportReport, RowError

VALUE_HEADERS = {
    "region": ["区划代码", "行政区划代码", "代码"],
    "indicator": ["指标代码", "指标"],
    "on": ["截至日期", "统计日", "日期", "年度"],
    "value": ["数值", "值"],
    "source": ["来源", "数据来源"],
    "note": ["备注"],
}


def indicator_code(raw: str) -> str | None:
    """An indicator's code from its code or its name (built-in or office-defined)."""
    if raw in INDICATORS:
        return raw
    return next((code for code, i in INDICATORS.items() if str(i.name) == raw), None)


def _date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip().removesuffix(".0").removesuffix("年")
    if text.isdecimal() and len(text) == 4:
        return date(int(text), 12, 31)  # a year's figure stands at its end
    return date.fromisoformat(text.replace("/", "-").replace(".", "-")[:10])


@changes_data
def entered_values_import(
    *, source, filename: str, user, allowed_codes: set[str] | None = None
) -> FigureImportReport:
    """Validate every row (区划代码, 指标代码 or 指标, 截至日期 or 年度, 数值, 来源), then write the
    valid ones; a value for the same region, indicator and date replaces the earlier one."""
    report = FigureImportReport()
    parsed = []
    header: dict[str, str] | None = None
    seen: dict[tuple, int] = {}
    regions: dict[str, Region | None] = {}
    for number, row in read_rows(source, filename=filename):
        report.rows_read += 1
        if header is None:
            present = [clean_header(h) for h in row]
            header = {}
            for key, spellings in VALUE_HEADERS.items():
                found = next((s for s in spellings if s in present), None)
                if found:
                    header[key] = found
            missing = [
                VALUE_HEADERS[k][0]
                for k in ("region", "indicator", "on", "value", "source")
                if k not in header
            ]
            if missing:
                report.errors.append(RowError(1, "", "缺少必需的列：" + "、".join(missing)))
                return report
        before = len(report.errors)
        code = str(row.get(header["region"], "")).strip().removesuffix(".0")
        if code not in regions:
            regions[code] = Region.objects.filter(code=code).first()
        region = regions[code]
        if region is None:
            report.errors.append(RowError(number, header["region"], f"区划代码“{code}”不存在"))
        elif allowed_codes is not None and code not in allowed_codes:
            report.errors.append(RowError(number, header["region"], f"无权录入“{region.name}”的数值"))
        raw_indicator = str(row.get(header["indicator"], "")).strip()
        indicator = indicator_code(raw_indicator)
        if indicator is None:
            report.errors.append(RowError(number, header["indicator"], f"未知指标“{raw_indicator}”"))
        try:
            on = _date(row.get(header["on"]))
        except ValueError:
            on = None
            report.errors.append(
                RowError(number, header["on"], f"日期“{row.get(header['on'])}”无效（应为 YYYY-MM-DD 或年份）")
            )
        try:
            value = Decimal(str(row.get(header["value"], "")).replace(",", "").strip())
        except InvalidOperation:
            value = None
            report.errors.append(RowError(number, header["value"], f"数值“{row.get(header['value'])}”无效"))
        origin = str(row.get(header["source"], "")).strip()
        if not origin:
            report.errors.append(RowError(number, header["source"], "必须注明来源"))
        note = str(row.get(header["note"], "")).strip() if "note" in header else ""
        if len(report.errors) == before:
            key = (code, indicator, on)
            if key in seen:
                report.errors.append(RowError(number, header["region"], f"与第{seen[key]}行重复"))
                continue
            seen[key] = number
            parsed.append((region, indicator, on, value, origin[:300], note[:500]))
    with transaction.atomic():
        for region, indicator, on, value, origin, note in parsed:
            _value, created = EnteredValue.objects.update_or_create(
                region=region, indicator=indicator, on=on,
                defaults={"value": value, "source": origin, "note": note, "entered_by": user},
            )  # fmt: skip
            report.created += created
            report.updated += not created
    return report


def ranking_scheme_save(*, region: Region, name: str, weights: dict[str, Decimal], scheme=None):
    """Create or change a ranking scheme: indicators with positive weights, in registry order."""
    from django.core.exceptions import ValidationError

    from zhichan.monitor.models import RankingScheme

    name = name.strip()
    if not name:
        raise ValidationError("请填写方案名称。")
    chosen = []
    for code, weight in weights.items():
        if code not in INDICATORS:
            raise ValidationError(f"未知指标：{code}")
        if weight < 0:
            raise ValidationError(f"{INDICATORS[code].name}的权重不能为负。")
        if weight > 0:
            chosen.append({"indicator": code, "weight": float(weight) if weight % 1 else int(weight)})
    if not chosen:
        raise ValidationError("至少为一个指标设置大于 0 的权重。")
    chosen.sort(key=lambda w: list(INDICATORS).index(w["indicator"]))
    scheme = scheme or RankingScheme(region=region)
    scheme.name, scheme.weights = name[:100], chosen
    scheme.save()
    return scheme
