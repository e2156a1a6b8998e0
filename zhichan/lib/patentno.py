"""Chinese patent application numbers (专利申请号) and their check character.

Since 2003-10-01 an application number has 12 digits — year (4), kind (1: 发明, 2: 实用新型,
3: 外观设计, 8: PCT 发明 entering the national phase, 9: PCT 实用新型), serial (7) — and a check
character after a dot; before that, 8 digits (year 2, kind 1, serial 5) and a check character.
The check character is the weighted sum of the digits (weights 2, 3, …, 9, 2, 3, 4, 5) modulo
11, with 10 written "X" (CNIPA's numbering standard; worked example 201710601862.3).

Numbers arrive as "CN201710601862.3", "ZL 201710601862.3", "201710601862３", "2017106018623",
"97101765.4" or the old form without its check character; ``normalize`` returns the canonical
"201710601862.3" / "97101765.4" or raises ``InvalidApplicationNumber`` with a Chinese reason.
"""

import operator
import re
import unicodedata
from typing import NamedTuple

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
KINDS = {"1": "invention", "2": "utility", "3": "design", "8": "invention", "9": "utility"}
_JUNK = re.compile(r"[\s.·。,，]")
_PREFIX = re.compile(r"^(?:CN-|ZL-|CN|ZL)+")  # the longer first: "CN-" is not "CN" then "-"


class InvalidApplicationNumber(ValueError):
    """The message says, in Chinese, what is wrong with the number."""


class ApplicationNumber(NamedTuple):  # a tuple: a million are made per import
    number: str  # canonical, with the dot before the check character
    year: int
    kind: str  # invention / utility / design
    pct: bool
    checked: bool  # False for an old number given without its check character


def check_character(digits: str) -> str:
    total = sum(map(operator.mul, map(int, digits), WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


_CANONICAL = re.compile(r"(?:CN|ZL)?(\d{12})\.?([\dX])")
_SHAPE = re.compile(r"\d{8}|\d{8}[\dX]|\d{12}[\dX]?")


def parse(value: str) -> ApplicationNumber:
    match = _CANONICAL.fullmatch(value) if type(value) is str else None
    if match:  # the common, already clean form: skip Unicode folding
        text = match[1] + match[2]
    else:
        raw = unicodedata.normalize("NFKC", str(value or "")).upper().strip()
        text = _PREFIX.sub("", _JUNK.sub("", raw))
    if not text:
        raise InvalidApplicationNumber("申请号为空。")
    if not _SHAPE.fullmatch(text):
        raise InvalidApplicationNumber(
            f"“{value}”不是有效的中国专利申请号（应为12位数字加校验位，或旧式8位）。"
        )
    if len(text) in (12, 13):
        body, given = text[:12], text[12:]
        year, kind_digit = int(body[:4]), body[4]
        if not 2003 <= year <= 2100:
            raise InvalidApplicationNumber(f"申请号“{value}”的年份 {year} 不合理。")
    else:
        body, given = text[:8], text[8:]
        year, kind_digit = 1900 + int(body[:2]) if int(body[:2]) >= 85 else 2000 + int(body[:2]), body[2]
        if year > 2003:  # the 12-digit form began on 2003-10-01
            raise InvalidApplicationNumber(f"旧式申请号“{value}”的年份不合理（旧式编号用于2003年及以前）。")
    if kind_digit not in KINDS:
        raise InvalidApplicationNumber(
            f"申请号“{value}”第{5 if len(body) == 12 else 3}位（专利类型）应为1、2、3、8或9。"
        )
    if len(body) == 12 and not given:
        raise InvalidApplicationNumber(f"申请号“{value}”缺少校验位（应为“{body}.{check_character(body)}”）。")
    expected = check_character(body)
    if given and given != expected:
        raise InvalidApplicationNumber(f"申请号“{value}”校验位错误：应为 {expected}，实为 {given}。")
    return ApplicationNumber(
        number=f"{body}.{expected}",
        year=year,
        kind=KINDS[kind_digit],
        pct=kind_digit in "89",
        checked=bool(given),
    )


def key(value) -> str:
    """The digits and check character of a number as written, unchecked ("CN201910000107.9",
    "201910000107.9" and "ZL 2019 1 0000107.9" give one key): for grouping the rows of one
    application before each is parsed."""
    match = _CANONICAL.fullmatch(value) if type(value) is str else None
    if match:
        return match[1] + match[2]
    return _PREFIX.sub("", _JUNK.sub("", unicodedata.normalize("NFKC", str(value or "")).upper().strip()))


def normalize(value: str) -> str:
    return parse(value).number


def make(body: str) -> str:
    """The canonical number for 12 (or old 8) digits, check character appended."""
    return f"{body}.{check_character(body)}"
