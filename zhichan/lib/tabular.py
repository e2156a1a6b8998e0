"""Reading the tables offices receive: CSV in UTF-8, GBK or GB18030, and xlsx.

Every reader yields ``(row_number, {header: value})`` with the row number as a person sees it
in Excel (the header is row 1), so that errors can be reported by row.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from openpyxl import load_workbook

from zhichan.lib.text import fold

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312.


class TableError(ValueError):
    """A file that cannot be read as a table at all (the message is in Chinese)."""


def decode(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码：请使用 UTF-8、GBK 或 GB18030 编码的 CSV 文件。")


def clean_header(value: object) -> str:
    return fold(str(value or "")).replace(" ", "")


def read_rows(source: Path | str | IO[bytes], filename: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield the data rows of a CSV or xlsx file keyed by cleaned header names."""
    name = (filename or getattr(source, "name", None) or str(source)).lower()
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield from read_rows(handle, filename=name)
        return
    if name.endswith((".xlsx", ".xlsm")):
        yield from _read_xlsx(source)
    elif name.endswith((".csv", ".txt")):
        yield from _read_csv(source.read())
    else:
        raise TableError("不支持的文件类型：请上传 .csv 或 .xlsx 文件。")


def _read_csv(raw: bytes) -> Iterator[tuple[int, dict]]:
    text = decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = None
    for number, row in enumerate(reader, start=1):
        if header is None:
            header = [clean_header(cell) for cell in row]
            if not any(header):
                raise TableError("第1行应为表头，但为空。")
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield number, {key: value.strip() for key, value in zip(header, row, strict=False) if key}


def _read_xlsx(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"无法读取 Excel 文件：{error}") from error
    try:
        sheet = book.worksheets[0]
        header = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header is None:
                header = [clean_header(cell) for cell in row]
                if not any(header):
                    raise TableError("第1行应为表头，但为空。")
                continue
            if all(cell is None or str(cell).strip() == "" for cell in row):
                continue
            yield (
                number,
                {
                    key: ("" if value is None else value if not isinstance(value, str) else value.strip())
                    for key, value in zip(header, row, strict=False)
                    if key
                },
            )
    finally:
        book.close()
