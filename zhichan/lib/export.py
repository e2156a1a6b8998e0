"""Streaming exports: one row iterator rendered to CSV or xlsx.

CSV streams row by row; xlsx uses openpyxl's write-only mode into a temporary file, so neither
holds the whole list in memory. Cells that a spreadsheet would run as a formula are prefixed
with an apostrophe (formula injection).
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, Promise):  # lazy translations (choice labels)
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


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
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    return workbook_response(book, filename)


def workbook_response(book: Workbook, filename: str) -> FileResponse:
    """A workbook built by the caller (several sheets, say) as a download."""
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
