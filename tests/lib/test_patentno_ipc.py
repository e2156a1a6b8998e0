import pytest

from zhichan.lib import ipc, patentno


@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        ("201710601862.3", "201710601862.3", "invention"),  # CNIPA's worked example
        ("CN201710601862.3", "201710601862.3", "invention"),
        ("ZL 2017106018623", "201710601862.3", "invention"),
        ("ＣＮ２０１７１０６０１８６２．３", "201710601862.3", "invention"),
        ("97101765.4", "97101765.4", "invention"),  # old form, check character given
        ("97101765", "97101765.4", "invention"),  # old form without it
        ("95115608.X", "95115608.X", "invention"),  # remainder 10 is written X
        ("202120002286.2", "202120002286.2", "utility"),
        ("202330001040.3", None, "design"),
    ],
)
def test_application_numbers_normalize_and_carry_their_kind(raw, expected, kind):
    parsed = patentno.parse(raw if expected else patentno.make(raw[:12]))
    assert parsed.kind == kind
    if expected:
        assert parsed.number == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("201710601862.4", "校验位错误：应为 3"),
        ("201710601862", "缺少校验位"),
        ("201750601862.0", "专利类型"),
        ("abc", "不是有效的中国专利申请号"),
        ("", "为空"),
    ],
)
def test_bad_application_numbers_are_refused_in_chinese(raw, message):
    with pytest.raises(patentno.InvalidApplicationNumber, match=message):
        patentno.parse(raw)


def test_pct_national_phase_numbers_are_marked():
    assert patentno.parse(patentno.make("202180012345")).pct is True
    assert patentno.parse(patentno.make("202110012345")).pct is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H01M 10/0525", "H01M 10/0525"),
        ("H01M10/0525(2010.01)I", "H01M 10/0525"),
        ("h01m  10/0525", "H01M 10/0525"),
        ("Ｈ０１Ｍ１０／０５２５", "H01M 10/0525"),
        ("A61K", "A61K"),
        ("C07D 401/12", "C07D 401/12"),
    ],
)
def test_ipc_symbols_normalize(raw, expected):
    assert ipc.normalize(raw) == expected


@pytest.mark.parametrize("raw", ["X01M 10/05", "H01M 10", "14-03", "专利", "H1M 10/0525"])
def test_non_ipc_is_rejected(raw):
    with pytest.raises(ipc.InvalidIPC, match="不是有效的国际专利分类号"):
        ipc.normalize(raw)


def test_ipc_lists_split_on_the_separators_found_in_exports():
    assert ipc.split("H01M 10/0525; H01M 4/36、C01B 25/32 | G06F 16/27") == [
        "H01M 10/0525",
        "H01M 4/36",
        "C01B 25/32",
        "G06F 16/27",
    ]
