import pytest

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
