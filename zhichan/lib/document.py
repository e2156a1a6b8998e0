"""Plain Word tables for reports that are not 公文 (the navigation report); 公文 are `gongwen.py`."""

from zhichan.lib.text import strip_controls


def add_table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = strip_controls(str(text))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = strip_controls(str(text))
    return table
