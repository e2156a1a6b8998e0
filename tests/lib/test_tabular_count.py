from openpyxl import Workbook

from zhichan.lib.tabular import count_rows, read_rows


def test_count_rows_matches_what_is_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("申请号,名称\n" + "".join(f"{n},一种装置{n}\n" for n in range(250)), encoding="gbk")
    assert count_rows(path) == 250 == sum(1 for _ in read_rows(path))
    book = Workbook()
    for n in range(11):
        book.active.append([n, "x"])
    book.save(tmp_path / "t.xlsx")
    assert count_rows(tmp_path / "t.xlsx") == 10
