"""Parsing the cell values of official exports: dates, numbers, flags, addresses."""

import re
from datetime import date, datetime

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
        self.cache: dict = {}

    def __call__(self, value, label: str) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return self.cache[value]
        except KeyError:
            pass
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
