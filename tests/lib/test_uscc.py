import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.lib import uscc

# Codes in the form printed on business licences (they pass the GB 32100 check).
REAL_CODES = ["91110000802100433B", "91350100M000100Y43", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert uscc.validate(code).code == code


def test_normalizes_spacing_case_and_full_width():
    assert uscc.validate(" 9135 0100ｍ000100ｙ43 ").code == "91350100M000100Y43"


@pytest.mark.parametrize("code", REAL_CODES)
def test_any_single_character_change_is_caught(code):
    for position in range(18):
        for replacement in "0A":
            if code[position] == replacement:
                continue
            changed = code[:position] + replacement + code[position + 1 :]
            if position in range(2, 8) and not replacement.isdigit():
                continue  # covered by the region-code rule
            assert not uscc.is_valid(changed), changed


def test_letter_departments_are_accepted():
    # GB 32100 allows letters in the first two characters (e.g. N, Y); stdnum rejects them.
    code = uscc.make("N2", "420581", "MA4F1234")
    assert code.startswith("N2")
    assert uscc.is_valid(code)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "不能为空"),
        ("9142058", "应为18位"),
        ("91420581MA4F12340I", "不允许的字符"),
        ("91ABCDEFMA4F12340Q", "行政区划码"),
        ("91420581MA4F12340R", "校验位不正确"),
    ],
)
def test_errors_are_in_chinese(value, fragment):
    with pytest.raises(uscc.InvalidCreditCode) as error:
        uscc.validate(value)
    assert fragment in str(error.value)


# GB 32100-2015 §5: the weights of positions 1–17, and the check character makes the weighted sum
# of all eighteen (the check with weight 1) a multiple of 31.
STANDARD_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@given(body=st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17))
@settings(max_examples=400, derandomize=True)
def test_the_check_character_completes_a_multiple_of_31(body):
    """Every remainder, the wrap-around ones (a sum ≡ 0 gives 0, ≡ 1 gives Y) among them."""
    check = uscc.check_character(body)
    total = sum(uscc.ALPHABET.index(c) * w for c, w in zip(body, STANDARD_WEIGHTS, strict=True))
    assert (total + uscc.ALPHABET.index(check)) % 31 == 0


def test_the_two_wrap_around_check_characters_are_valid():
    ends = {}
    for serial in range(2000):
        code = uscc.make("91", "420581", f"MA{serial:06d}")
        ends.setdefault(code[-1], code)
    assert {"0", "Y"} <= set(ends)  # a sum ≡ 0 (mod 31) gives 0; ≡ 1 gives Y, the last character
    for code in (ends["0"], ends["Y"]):
        assert uscc.validate(code).code == code
        assert not uscc.is_valid(code[:-1] + ("Y" if code[-1] == "0" else "0"))


def test_separators_as_printed_or_typed_are_ignored():
    assert uscc.validate("91350100-M000100Y4-3").code == "91350100M000100Y43"
    assert uscc.validate("9135 0100 M000 100Y 43").code == "91350100M000100Y43"


# Mutation testing (docs/mutation-report.md): the whole message each refusal shows, the region
# code's own position, the organisation-code check (GB 11714) and a body of the wrong length.
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "统一社会信用代码不能为空。"),
        ("9142058", "统一社会信用代码应为18位，当前为7位。"),
        ("91420581MA4F1234OI", "统一社会信用代码含有不允许的字符：I、O（不使用I、O、S、V、Z）。"),
        ("914A0581MA4F12340Q", "统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）。"),
        ("91A20581MA4F12340Q", "统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）。"),
        ("91420581MA4F12340R", "统一社会信用代码校验位不正确：最后一位应为“Q”，实为“R”。"),
    ],
)
def test_each_refusal_says_exactly_what_is_wrong(value, message):
    with pytest.raises(uscc.InvalidCreditCode) as error:
        uscc.validate(value)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("80210043", "3"),  # the organisation codes inside REAL_CODES, as issued
        ("M000100Y", "4"),
        ("70846113", "6"),
        ("D2143569", "X"),  # a remainder of 1: 11 − 1 = 10, written X
    ],
)
def test_the_organisation_code_check_character(body, check):
    assert uscc.org_check_character(body) == check


def test_a_body_of_the_wrong_length_is_a_programming_error():
    with pytest.raises(ValueError):
        uscc.check_character("9142058")
    with pytest.raises(ValueError):
        uscc.org_check_character("8021004")
