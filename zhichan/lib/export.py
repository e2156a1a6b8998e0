"""Streaming exports: one row iterator rendered to CSV or xlsx.

CSV streams row by row; xlsx uses openpyxl's write-only mode into a temporary file, so neither
holds the whole list in memory. Cells that a spreadsheet would run as a formula are prefixed
with an apostrophe (formula injection).
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain, islice
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


def tidy(book: Workbook) -> Workbook:
    """A workbook built in memory made for reading: on each sheet the header row bold and frozen,
    columns as wide as their text, numbers with a thousands format (decimals as they have them)
    where the builder set none."""
    if getattr(book, "write_only", False):
        return book  # xlsx_response formats as it writes
    for sheet in book.worksheets:
        if sheet.max_row < 1 or sheet.max_column < 1:
            continue
        if sheet.freeze_panes is None and sheet.max_row > 1:
            sheet.freeze_panes = "A2"
        widths: dict[str, float] = {}
        for number, row in enumerate(sheet.iter_rows(max_row=min(sheet.max_row, SAMPLE_ROWS)), start=1):
            for cell in row:
                if number == 1 and cell.value is not None and not cell.font.bold:
                    cell.font = BOLD
                widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), _width(cell.value))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                value = cell.value
                if (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and cell.number_format == "General"
                ):
                    cell.number_format = _number_format(value)
        for letter, width in widths.items():
            if sheet.column_dimensions[letter].width in (None, 13.0):  # openpyxl's default: not set
                sheet.column_dimensions[letter].width = min(max(width + 2, 6), 60)
    return book


def _number_format(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return "#,##0"
    places = min(len(repr(float(value)).split(".")[1].split("e")[0]), 4)
    return "#,##0." + "0" * places


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    tidy(defuse(book)).save(buffer)
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
    filename: str, header: list[str], rows: Iterable[list], title: str = "数据", hidden: Iterable[str] = ()
) -> FileResponse:
    """A list as a worksheet one calculates with: numbers as numbers (Decimal too) with a number
    format, dates as dates, the header bold, frozen and filtered, columns as wide as their first
    rows need; ``hidden`` names header columns machines need and readers do not (codes)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    rows = iter(rows)
    first = [list(row) for row in islice(rows, SAMPLE_ROWS)]
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        widths = [_width(name), *(_width(row[index - 1]) for row in first if index <= len(row))]
        sheet.column_dimensions[letter].width = min(max(widths) + 2, 60)
        if name in hidden:
            sheet.column_dimensions[letter].hidden = True
    sheet.freeze_panes = "A2"
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = BOLD
        heading.append(cell)
    sheet.append(heading)
    count = 0
    for row in chain(first, rows):
        sheet.append([_typed(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{count + 1}"
    return workbook_response(book, filename)


SAMPLE_ROWS = 200
BOLD = Font(bold=True)


def _width(value) -> float:
    """About how many character widths a cell's text takes (a Chinese character counts two)."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text[:80])


def _typed(sheet, value):
    """A cell: Decimal and numbers with a thousands format (decimals as the value has them),
    dates with a date format; text made safe (`safe_cell`)."""
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        cell = WriteOnlyCell(sheet, value=int(value) if places == 0 else float(value))
        cell.number_format = "#,##0" if places == 0 else "#,##0." + "0" * min(places, 6)
        return cell
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0"
        return cell
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return None if value is None else safe_cell(value)


def workbook_response(book: Workbook, filename: str) -> FileResponse:
    """A workbook built by the caller (several sheets, say) as a download."""
    handle = tempfile.TemporaryFile()
    tidy(defuse(book)).save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
