"""Streaming exports: one row iterator rendered to CSV or xlsx.

CSV streams row by row; xlsx uses openpyxl's write-only mode into a temporary file, so neither
holds the whole list in memory. Cells that a spreadsheet would run as a formula are prefixed
with an apostrophe (formula injection).
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

from zhichan.lib.text import strip_controls

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters a sheet title may not hold (Excel's rule, enforced by openpyxl).
_TITLE_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


def safe_cell(value):
    """A cell value a spreadsheet shows as text: control characters dropped (openpyxl refuses
    them), and text a spreadsheet would run as a formula (``=HYPERLINK(…)``) prefixed with an
    apostrophe (formula injection)."""
    if isinstance(value, Promise):  # lazy translations (choice labels)
        value = str(value)
    if isinstance(value, str):
        value = strip_controls(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return "" if value is None else value


def sheet_title(name: str) -> str:
    """A valid sheet title from any text: no forbidden or control characters, at most 31 long."""
    title = strip_controls(str(name)).replace("（", "(").replace("）", ")").translate(_TITLE_FORBIDDEN)
    return title.strip("'")[:31] or "-"


def append_row(sheet, values) -> None:
    """``sheet.append`` with every value made safe first (openpyxl refuses control characters
    the moment a value is set, before any later clean-up could run)."""
    sheet.append([None if v is None else safe_cell(v) for v in values])


def defuse(book: Workbook) -> Workbook:
    """Every text cell of a workbook built in memory made safe (``safe_cell``): whatever a
    record's text holds, no cell of a generated workbook is a formula or breaks the file."""
    if getattr(book, "write_only", False):
        return book  # written row by row through safe_cell
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = safe_cell(cell.value)
    return book


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    defuse(book).save(buffer)
    return buffer.getvalue()


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # so that Excel opens the UTF-8 file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.csv"
    return response


def xlsx_response(
    filename: str, header: list[str], rows: Iterable[list], title: str = "数据"
) -> FileResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    return workbook_response(book, filename)


def workbook_response(book: Workbook, filename: str) -> FileResponse:
    """A workbook built by the caller (several sheets, say) as a download."""
    handle = tempfile.TemporaryFile()
    defuse(book).save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
