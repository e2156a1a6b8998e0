"""Parsing the cell values of official exports: dates, numbers, flags, addresses."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_DATE = re.compile(
    r"^(\d{4})\s*[-./年]?\s*(\d{1,2})\s*[-./月]?\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_POSTCODE = re.compile(r"^\d{6}\s*")
_TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "有"}


class ValueProblem(ValueError):
    pass


class DateParser:
    """Dates as written in exports ("2023-01-05", "2023.1.5", "20230105", "2023年1月5日", Excel
    date cells); results are cached, since a file repeats the same few thousand dates."""

    def __init__(self):
        self.cache: dict = {"": None, None: None}

    def __call__(self, value, label: str) -> date | None:
        try:
            return self.cache[value]  # empty cells and the dates seen before: most of them
        except KeyError:
            pass
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE.match(str(value).strip())  # cached per raw value, so stripping here is cheap
        if not match:
            raise ValueProblem(f"{label}“{value}”不是有效日期（示例：2023-01-05）。")
        try:
            parsed = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as error:
            raise ValueProblem(f"{label}“{value}”不是有效日期。") from error
        self.cache[value] = parsed
        return parsed


def first_address(value) -> str:
    """The first applicant's address: the first of a list, without a leading postcode."""
    text = str(value or "").strip()
    for separator in (";", "；", "|", "\n"):
        text = text.split(separator)[0]
    return _POSTCODE.sub("", text.strip())


def flag(value) -> bool:
    return str(value or "").strip().upper() in _TRUE


def text(value, limit: int) -> str:
    if type(value) is str:
        return value.strip()[:limit]
    return str(value if value is not None else "").strip()[:limit]


_MONEY = re.compile(r"^(?:人民币|RMB|￥|¥)?\s*([0-9][0-9,，]*(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?$")
_MONEY_UNITS = {"亿元": 100_000_000, "亿": 100_000_000, "万元": 10_000, "万": 10_000, "元": 1, None: 1}


def money(value, default_unit: str = "元") -> Decimal | None:
    """An amount in 元 from "500万元", "5,000,000", "0.5亿元", "¥1200000"; empty → None.

    A bare number is taken in ``default_unit`` (a column headed “金额（万元）” says 万元)."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
        unit = default_unit
    else:
        match = _MONEY.match(str(value).strip().replace(" ", ""))
        if not match:
            raise ValueProblem(f"“{value}”不是可识别的金额（示例：500万元、5000000）。")
        text, unit = match[1].replace(",", "").replace("，", ""), match[2] or default_unit
    try:
        return (Decimal(text) * _MONEY_UNITS[unit]).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValueProblem(f"“{value}”不是可识别的金额。") from error
