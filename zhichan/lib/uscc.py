"""统一社会信用代码 (GB 32100-2015) validation.

The code is 18 characters over the alphabet below (no I, O, S, V, Z): 登记管理部门代码 (1),
机构类别代码 (1), 登记管理机关行政区划码 (6 digits), 主体标识码 (9, the old organisation
code with its own check character), and a check character over the first 17.
python-stdnum's ``stdnum.cn.uscc`` refuses codes whose first characters are letters, which
valid codes may have (e.g. "N2…" for some 农业 bodies, "Y1…"), so the check is done here.
"""

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, …
# The organisation-code part (GB 11714) has its own check character over 8 characters; the
# demo generator uses it so that generated codes look like real ones.
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x41 + i) for i in range(26)}
)


class InvalidCreditCode(ValueError):
    """Raised with a Chinese message saying what is wrong with the code."""


@dataclass(frozen=True)
class CreditCode:
    code: str

    @property
    def department(self) -> str:
        return self.code[0]

    @property
    def region_code(self) -> str:
        """登记管理机关行政区划码: the registering authority's GB/T 2260 code."""
        return self.code[2:8]


def normalize(value: str) -> str:
    """Upper-case, half-width, without spaces and separators."""
    return "".join(value.translate(FULLWIDTH).upper().split()).replace("-", "")


def check_character(body: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_check_character(body: str) -> str:
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate(value: str) -> CreditCode:
    """Return the normalized code, or raise InvalidCreditCode with the reason in Chinese."""
    code = normalize(value or "")
    if not code:
        raise InvalidCreditCode("统一社会信用代码不能为空。")
    if len(code) != 18:
        raise InvalidCreditCode(f"统一社会信用代码应为18位，当前为{len(code)}位。")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise InvalidCreditCode(
            "统一社会信用代码含有不允许的字符：" + "、".join(bad) + "（不使用I、O、S、V、Z）。"
        )
    if not code[2:8].isdecimal():
        raise InvalidCreditCode("统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）。")
    # The organisation-code part carries a GB 11714 check character too, but codes issued to
    # 个体工商户 and some others do not follow it; only the code's own check is mandatory.
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidCreditCode(f"统一社会信用代码校验位不正确：最后一位应为“{expected}”，实为“{code[17]}”。")
    return CreditCode(code)


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except InvalidCreditCode:
        return False
    return True


def make(prefix: str, region_code: str, org_body: str) -> str:
    """Build a valid code from its parts (used by the demo generator and tests).

    ``prefix`` is the two department/category characters, ``org_body`` the 8 characters of
    the organisation code before its own check character.
    """
    org = org_body + org_check_character(org_body)
    body = prefix + region_code + org
    return body + check_character(body)
