import csv
import itertools

import pytest
from openpyxl import Workbook

from zhichan.lib.tabular import count_rows, csv_spans, read_rows


def test_count_rows_matches_what_is_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("申请号,名称\n" + "".join(f"{n},一种装置{n}\n" for n in range(250)), encoding="gbk")
    assert count_rows(path) == 250 == sum(1 for _ in read_rows(path))
    book = Workbook()
    for n in range(11):
        book.active.append([n, "x"])
    book.save(tmp_path / "t.xlsx")
    assert count_rows(tmp_path / "t.xlsx") == 10


def _whole(path, encoding="utf-8"):
    """What the csv module reads from the whole text at once, control characters dropped."""
    import csv
    import io
    import re

    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", path.read_text(encoding=encoding))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    return [(n, dict(zip(header, r, strict=False))) for n, r in enumerate(rows, start=1) if n > 1 and any(r)]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_rows_read_a_block_at_a_time_are_the_rows_of_the_file(tmp_path, newline):
    """Cells with line breaks and control characters, rows cut by the reader's blocks of a million
    characters (one cell near the csv module's limit), every line-end convention: the same rows,
    the same row numbers as reading the text whole."""
    rows = [["申请号", "名称", "摘要"]]
    for n in range(6000):
        abstract = "本发明涉及\x07一种磷化工装置，" * (n % 40) + ("\n第二段。" if n % 7 == 0 else "")
        rows.append([f"CN2020{n:08d}", f"一种装置{n}", abstract])
    rows.insert(3000, ["CN202099999999", "长摘要", "很长" * 60_000])
    path = tmp_path / "blocks.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        # (a writer ending lines with "\r" alone must quote cells that hold "\n")
        quoting = csv.QUOTE_ALL if newline == "\r" else csv.QUOTE_MINIMAL
        csv.writer(handle, lineterminator=newline, quoting=quoting).writerows(rows)
    read = list(read_rows(path, strip=False))
    assert read == _whole(path) and len(read) == 6001
    assert "\x07" not in read[5][1]["摘要"] and read[7][1]["摘要"].endswith("\n第二段。")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_file_shared_by_two_readers_is_read_whole_between_them(tmp_path, suffix):
    header = ["申请号", "名称"]
    data = [[f"CN2021{n:07d}.{n % 10}", f"一种装置{n}"] for n in range(400)]
    path = tmp_path / f"t.{suffix}"
    if suffix == "csv":
        with open(path, "w", encoding="gb18030", newline="") as handle:
            csv.writer(handle).writerows([header, *data])
    else:
        book = Workbook()
        for row in [header, *data]:
            book.active.append(row)
        book.save(path)

    def part(k):
        return list(read_rows(path, only=(lambda headers: "申请号", lambda value: hash(value) % 2 == k)))

    halves = part(0), part(1)
    assert all(len(h) > 100 for h in halves)
    assert sorted(halves[0] + halves[1]) == list(read_rows(path))


@pytest.mark.parametrize(("encoding", "newline", "parts"), [("utf-8-sig", "\r\n", 2), ("gb18030", "\n", 3)])
def test_a_csv_file_cut_in_byte_ranges_is_read_whole_between_its_readers(tmp_path, encoding, newline, parts):
    """Each of several readers reads one range of the file (the header from its start): together
    the rows of the file, once each, with their row numbers; quoted cells (commas, quotes) on one
    line do not stop the cut."""
    header = ["申请号", "标题", "申请人", "摘要"]
    data = [
        [f"CN2021{n:07d}.{n % 10}", f"一种装置{n}", "宜都市测试化工有限公司; 张三",
         f"本发明涉及一种“{n}”型装置, 包括\"底座\"和支架。" if n % 3 else ""]
        for n in range(3000)
    ]  # fmt: skip
    data.insert(1500, ["", "", "", ""])  # a blank row keeps its number
    path = tmp_path / "t.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator=newline).writerows([header, *data])
    spans = csv_spans(path, parts)
    assert len(spans) == parts and spans[0][0] == 0 and spans[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    read = [list(read_rows(path, strip=False, span=span)) for span in spans]
    assert all(len(rows) > 900 for rows in read)
    assert [row for rows in read for row in rows] == list(read_rows(path, strip=False))
    assert read[1][0][0] == spans[1][2] and read[-1][-1][0] == 3002


def test_a_csv_file_whose_cells_run_over_lines_is_not_cut(tmp_path):
    """A line end inside a quoted cell cannot be told from a row's end without reading from the
    start: no ranges (each reader then reads the whole file), nor for lines ending in a bare CR."""
    rows = [["申请号", "摘要"]] + [
        [f"CN2021{n:07d}.1", "第一段。\n第二段。" if n == 700 else "一段。"] for n in range(1000)
    ]
    path = tmp_path / "lines.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert csv_spans(path, 2) is None
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r").writerows([r for r in rows if "\n" not in r[1]])
    assert csv_spans(path, 2) is None
    assert csv_spans(tmp_path / "lines.csv", 1) is None


def test_an_exported_list_calculates(tmp_path):
    """xlsx_response: numbers (Decimal too) as numbers with thousands formats, dates as dates, text
    as text (a formula-looking one defused), widths from the first rows, hidden code columns."""
    import io
    from datetime import date
    from decimal import Decimal

    from openpyxl import load_workbook

    from zhichan.lib.export import xlsx_response

    response = xlsx_response("测试", ["代码", "名称", "金额（元）", "占比", "日期"], [
        ["invention_valid", "=HYPERLINK(\"x\")", Decimal("3000000.00"), Decimal("46.90"), date(2026, 1, 5)],
        ["b", "宜都市红花套镇陆城街道测试单位名称很长", 12, Decimal("0.125"), None],
    ], hidden=["代码"])  # fmt: skip
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    first, second = list(sheet.iter_rows(min_row=2))
    assert (first[2].value, first[2].number_format) == (3000000, "#,##0")
    assert (first[3].value, first[3].number_format) == (46.9, "#,##0.0")
    assert (second[3].value, second[3].number_format) == (0.125, "#,##0.000")
    assert first[4].is_date and first[4].number_format == "yyyy-mm-dd"
    assert first[1].value.startswith("'=")  # text that looks like a formula stays text
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].width > 30
    assert sheet.auto_filter.ref == "A1:E3"
