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


# Mutation testing (docs/mutation-report.md) found these rules unasserted: the whole message a
# user reads, the year each form may carry, the old form's century and its check character.
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "申请号为空。"),
        ("  ", "申请号为空。"),
        (
            "2017106018623456",
            "“2017106018623456”不是有效的中国专利申请号（应为12位数字加校验位，或旧式8位）。",
        ),
        ("200210601862.5", "申请号“200210601862.5”的年份 2002 不合理。"),
        ("210110601862.0", "申请号“210110601862.0”的年份 2101 不合理。"),
        ("04100001.1", "旧式申请号“04100001.1”的年份不合理（旧式编号用于2003年及以前）。"),
        ("09100001", "旧式申请号“09100001”的年份不合理（旧式编号用于2003年及以前）。"),
        ("84100001", "旧式申请号“84100001”的年份不合理（旧式编号用于2003年及以前）。"),
        ("201750601862.0", "申请号“201750601862.0”第5位（专利类型）应为1、2、3、8或9。"),
        ("97501765.4", "申请号“97501765.4”第3位（专利类型）应为1、2、3、8或9。"),
        ("201710601862", "申请号“201710601862”缺少校验位（应为“201710601862.3”）。"),
        ("201710601862.4", "申请号“201710601862.4”校验位错误：应为 3，实为 4。"),
        ("97101765.5", "申请号“97101765.5”校验位错误：应为 4，实为 5。"),
    ],
)
def test_each_refusal_says_exactly_what_is_wrong(raw, message):
    with pytest.raises(patentno.InvalidApplicationNumber) as refused:
        patentno.parse(raw)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("body", "year", "kind"),
    [
        ("85100001", 1985, "invention"),  # the first year of the Patent Law: 1900 + 85
        ("86200001", 1986, "utility"),
        ("99300001", 1999, "design"),
        ("00100001", 2000, "invention"),  # below 85: 2000 + the two digits
        ("03200001", 2003, "utility"),
        ("200310000001", 2003, "invention"),
        ("210080000001", 2100, "invention"),
    ],
)
def test_the_year_and_kind_come_from_the_number(body, year, kind):
    parsed = patentno.parse(patentno.make(body))
    assert (parsed.year, parsed.kind, parsed.checked) == (year, kind, True)
    bare = patentno.parse(body[:8]) if len(body) == 8 else None
    if bare is not None:  # an old number may come without its check character
        assert (bare.number, bare.checked) == (patentno.make(body), False)


def test_key_groups_the_spellings_of_one_number_unchecked():
    spellings = ["CN201910000107.9", "201910000107.9", "ZL 2019 1 0000107.9", "ＣＮ２０１９１００００１０７．９",
                 "cn-201910000107.9", "2019100001079"]  # fmt: skip
    assert {patentno.key(s) for s in spellings} == {"2019100001079"}
    assert patentno.key("201910000107.8") == "2019100001078"  # not checked: a wrong one keeps its own key
    assert patentno.key(None) == "" and patentno.key(2019100001079) == "2019100001079"
    assert patentno.normalize("ZL 2019 1 0000107.9") == "201910000107.9"


def test_a_cell_that_is_not_text_is_read_as_text():
    """Spreadsheet cells arrive as numbers or empty (None): a number is read as its digits."""
    assert patentno.parse(2017106018623).number == "201710601862.3"
    with pytest.raises(patentno.InvalidApplicationNumber) as refused:
        patentno.parse(None)
    assert str(refused.value) == "申请号为空。"
