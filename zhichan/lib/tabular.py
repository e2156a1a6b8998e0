"""Reading the tables offices receive: CSV in UTF-8, GBK or GB18030, xlsx and xls.

Every reader yields ``(row_number, {header: value})`` with the row number as a person sees it
in Excel (the header is row 1), so that errors can be reported by row.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from openpyxl import load_workbook

from zhichan.lib.text import fold, strip_controls


class TableError(ValueError):
    """A file that cannot be read as a table at all (the message is in Chinese)."""


# An xlsx is a zip of XML: refuse archives whose parts would unpack to absurd sizes (zip bombs)
# before openpyxl inflates them. A million-row export unpacks to about 1 GB at ratios of 5–30.
MAX_UNPACKED = 3 * 1024**3
MAX_RATIO, RATIO_FROM = 500, 10 * 1024**2
MAX_PARTS = 10_000


def check_xlsx(source) -> None:
    """Raise TableError for a file that is not a zip, or whose declared parts are too large or
    too compressed to be a spreadsheet (the reader never inflates more than a part declares)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise TableError(f"不是有效的 Excel（.xlsx）文件：{error}") from error
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(parts) > MAX_PARTS:
        raise TableError(f"Excel 文件包含 {len(parts)} 个部件，不像表格文件，已拒绝。")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNPACKED:
        raise TableError(
            f"Excel 文件解压后约 {total / 1024**2:,.0f} MB，超过 {MAX_UNPACKED // 1024**3} GB 上限，已拒绝。"
        )
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise TableError(
                f"Excel 文件的部件 {part.filename} 压缩比超过 {MAX_RATIO} 倍（疑似压缩炸弹），已拒绝。"
            )


def clean_header(value: object) -> str:
    return fold(str(value or "")).replace(" ", "")


def read_rows(
    source: Path | str | IO[bytes], filename: str | None = None, *, strip: bool = True, only=None, span=None
) -> Iterator[tuple[int, dict]]:
    """Yield the data rows of a CSV or xlsx file keyed by cleaned header names.

    ``strip=False`` leaves CSV cells as they are (a reader that tidies each value it uses itself
    saves a million-row file fifteen million calls). ``only`` = (choose, wanted) yields only the
    rows whose value in the column ``choose(headers)`` names satisfies ``wanted(value)``, with
    their row numbers in the file (a reader that shares a file with another process skips the
    other's rows before making them dictionaries). ``span`` = one of ``csv_spans``: of a CSV file,
    only the rows of that part (the header is read from the file's start)."""
    name = (filename or getattr(source, "name", None) or str(source)).lower()
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            yield from read_rows(handle, filename=name, strip=strip, only=only, span=span)
        return
    if name.endswith((".xlsx", ".xlsm")):
        rows = _read_xlsx(source)
    elif name.endswith(".xls"):
        rows = _read_xls(source)
    elif name.endswith((".csv", ".txt")):
        yield from _read_csv(source, strip, only, span)
        return
    else:
        raise TableError("不支持的文件类型：请上传 .csv、.xlsx 或 .xls 文件。")
    if only is None:
        yield from rows
        return
    choose, wanted = only
    column = None
    for number, row in rows:
        if column is None:
            column = choose(list(row)) or ""
        if wanted(str(row.get(column, ""))):
            yield number, row


def read_list(
    upload, columns: dict[str, list[str]], required: list[str]
) -> tuple[list[tuple[int, dict]], dict]:
    """A small list an office uploads (a roster, a list of users): its rows and, per field of
    ``columns`` (field → the header spellings read for it), the header the file uses or None.
    Raises ``TableError`` in Chinese for a file that cannot be read, has no rows, or lacks a
    ``required`` field's column."""
    rows = list(read_rows(upload, filename=upload.name))
    if not rows:
        raise TableError("文件中没有数据行。")
    headers = list(rows[0][1])
    at = {name: next((h for h in headers if h in words), None) for name, words in columns.items()}
    missing = [columns[name][0] for name in required if at[name] is None]
    if missing:
        raise TableError("缺少列：" + "、".join(f"“{m}”" for m in missing) + "。")
    return rows, at


def scan_column(path: Path | str, filename: str | None, choose) -> Iterator[str]:
    """The values of one column, for a quick first pass over a file: ``choose`` gets the
    cleaned headers and names the column (None: the file has none, nothing is yielded)."""
    path = Path(path)
    name = (filename or path.name).lower()
    if not name.endswith((".csv", ".txt")):
        header = None
        for _number, row in read_rows(path, filename=name):
            if header is None:
                header = choose(list(row))
                if header is None:
                    return
            yield str(row.get(header, ""))
        return
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
        handle.seek(0)
        encoding = _sniff_encoding(head)
        try:
            dialect = csv.Sniffer().sniff(head[:8192].decode(encoding, errors="ignore"), delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(text, dialect)
        header = [clean_header(cell) for cell in next(reader, [])]
        column = choose(header)
        if column is None:
            return
        index = header.index(column)
        for row in reader:
            if len(row) > index:
                yield row[index]


def count_rows(path: Path | str) -> int:
    """About how many data rows a file holds (line breaks for CSV, the sheet's dimension for
    xlsx): for a progress bar, in a fraction of a second even for a million rows."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            check_xlsx(path)
            book = load_workbook(path, read_only=True)
            try:
                return max(0, (book.worksheets[0].max_row or 1) - 1)
            finally:
                book.close()
        except Exception:  # a damaged file: the import itself will say what is wrong
            return 0
    if path.suffix.lower() == ".xls":
        try:
            import xlrd

            book = xlrd.open_workbook(path, on_demand=True)
            try:
                return max(0, book.sheet_by_index(0).nrows - 1)
            finally:
                book.release_resources()
        except Exception:
            return 0
    lines = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(0, lines - 1)


def _sniff_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) if the first megabyte decodes as such, else GB18030."""
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":  # not merely a character cut at the end of the sample
            return "gb18030"
    return "utf-8-sig"


def csv_spans(path: Path | str, parts: int) -> list[tuple[int, int, int]] | None:
    """A CSV file cut into ``parts`` byte ranges of about equal size at line ends, so that as many
    processes can each read one (``read_rows(span=...)``) instead of all reading the whole file:
    ``(start, end, row number of the first line)`` per part. None where a line end may fall inside
    a quoted cell (a line with an odd number of quotes: a cell that runs over lines), or where
    lines end in a bare ``\r``: there only a reader from the start knows where rows begin."""
    path = Path(path)
    size = path.stat().st_size
    if parts < 2 or not size:
        return None
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
        if b"\n" not in head or head.count(b"\r") > head.count(b"\r\n"):
            return None
        handle.seek(0)
        # Blocks without a quote need no look at their lines (bytes.count runs at memory speed).
        for block in iter(lambda: handle.read(1 << 22), b""):
            if b'"' in block and any(line.count(b'"') & 1 for line in _whole_lines(block, handle)):
                return None
        cuts, newlines, position = [(0, 1)], 0, 0
        handle.seek(0)
        for k in range(1, parts):
            target = size * k // parts
            newlines += handle.read(target - position).count(b"\n")
            rest = handle.readline()  # to the end of the line the target falls in
            position = target + len(rest)
            newlines += rest.endswith(b"\n")
            if position >= size or position <= cuts[-1][0]:
                return None
            cuts.append((position, newlines + 1))
    ends = [start for start, _line in cuts[1:]] + [size]
    return [(start, end, line) for (start, line), end in zip(cuts, ends, strict=True)]


def _whole_lines(block: bytes, handle: IO[bytes]) -> list[bytes]:
    """The lines of ``block``, its last one completed from ``handle`` (which moves on)."""
    if not block.endswith(b"\n"):
        block += handle.readline()
    return block.split(b"\n")


def _read_csv(handle: IO[bytes], strip: bool = True, only=None, span=None) -> Iterator[tuple[int, dict]]:
    """Stream a CSV file: the encoding is decided on the first megabyte, then rows are read lazily
    (of ``span``, a part of the file from ``csv_spans``, only that part's)."""
    start, end, first_line = span if span is not None else (0, None, 1)
    head = handle.read(1 << 20)
    encoding = _sniff_encoding(head)
    rest = handle
    if end is not None and start == 0:
        head = head[:end]
        rest = _Limited(handle, max(0, end - len(head)))
    stream = io.BufferedReader(_Prefixed(head, rest)) if head else io.BytesIO(b"")
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        sample = text.read(4096)
    except UnicodeDecodeError as error:
        raise TableError("无法识别文件编码：请使用 UTF-8、GBK 或 GB18030 编码的 CSV 文件。") from error
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = enumerate(csv.reader(_chain(sample, text), dialect), start=1)
    try:
        first = next(rows, None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise _unreadable(error, 0, encoding) from error
    if first is None:  # an empty file
        return
    header = [clean_header(cell) for cell in first[1]]
    if not any(header):
        raise TableError("第1行应为表头，但为空。")
    column, wanted = -1, None
    if only is not None:
        choose, wanted = only
        chosen = choose(header)
        column = header.index(chosen) if chosen in header else len(header)
    if start > 0:  # the header was the file's; the rows are the span's
        handle.seek(start)
        text = io.TextIOWrapper(
            io.BufferedReader(_Limited(handle, end - start)), encoding=encoding, newline=""
        )
        rows = enumerate(csv.reader(_chain("", text), dialect), start=first_line)
    number = 1
    try:
        for number, row in rows:
            if wanted is not None and not wanted(row[column] if column < len(row) else ""):
                continue
            if not any(row) or not any(cell.strip() for cell in row):
                continue
            if strip:
                yield number, {key: value.strip() for key, value in zip(header, row, strict=False) if key}
            else:
                yield number, dict(zip(header, row, strict=False))
    except (UnicodeDecodeError, csv.Error) as error:
        raise _unreadable(error, number, encoding) from error


def _unreadable(error: Exception, number: int, encoding: str) -> TableError:
    """What is wrong near the row after ``number``, in Chinese."""
    if isinstance(error, UnicodeDecodeError):
        return TableError(f"第{number + 1}行附近的编码无效：文件中混有非 {encoding} 编码的内容。")
    return TableError(f"第{number + 1}行附近无法按 CSV 读取：{error}")


class _Limited(io.RawIOBase):
    """A raw stream of the next ``remaining`` bytes of a handle."""

    def __init__(self, handle: IO[bytes], remaining: int):
        self.handle = handle
        self.remaining = remaining

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(min(len(buffer), self.remaining))
        self.remaining -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _Prefixed(io.RawIOBase):
    """A raw stream that replays bytes already read, then reads on from the handle."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head = memoryview(head)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _chain(sample: str, text: IO[str]) -> Iterator[str]:
    """Lines of ``sample`` + the rest of ``text`` (csv.reader wants an iterator of lines), with
    control characters dropped (``strip_controls``): no cell means one, PostgreSQL cannot store
    NUL, and Word and Excel refuse the others when the record reaches a document.

    The text is read and cleaned a megabyte at a time and split into lines by ``io.StringIO``
    (line ends kept as they are, ``\\r`` and ``\\r\\n`` included): a million-row file then costs a few
    hundred Python steps here instead of one per line."""
    tail = sample
    while True:
        block = text.read(1 << 20)
        data = strip_controls(tail + block) if block or tail else ""
        if not block:
            if data:
                yield from io.StringIO(data, newline="")
            return
        # A line cut by the block's end waits for the next block (a file with only "\r" line ends
        # is cut at one that is not the block's last character: it may be half of a "\r\n").
        cut = (data.rfind("\n") + 1) or (data.rfind("\r", 0, len(data) - 1) + 1)
        tail = data[cut:]
        if cut:
            yield from io.StringIO(data[:cut], newline="")


def _read_xlsx(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    check_xlsx(handle)
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
                    key: (
                        ""
                        if value is None
                        else value
                        if not isinstance(value, str)
                        else strip_controls(value).strip()
                    )
                    for key, value in zip(header, row, strict=False)
                    if key
                },
            )
    finally:
        book.close()


def _read_xls(handle: IO[bytes]) -> Iterator[tuple[int, dict]]:
    """Excel 97–2003 (.xls), as vendors and older office systems still export it (xlrd)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=handle.read(), on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as error:  # xlrd raises several kinds for a damaged file
        raise TableError(f"无法读取 Excel 97–2003（.xls）文件：{error}") from error
    try:
        header = None
        for index in range(sheet.nrows):
            cells = sheet.row(index)
            if header is None:
                header = [clean_header(_xls_value(c, book.datemode)) for c in cells]
                if not any(header):
                    raise TableError("第1行应为表头，但为空。")
                continue
            values = [_xls_value(c, book.datemode) for c in cells]
            if all(v == "" for v in values):
                continue
            yield index + 1, {key: value for key, value in zip(header, values, strict=False) if key}
    finally:
        book.release_resources()


def _xls_value(cell, datemode: int):
    """A cell as the xlsx reader gives it: text stripped, dates as dates, whole numbers as int."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode).date()
        except (ValueError, OverflowError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return strip_controls(str(cell.value)).strip()


def read_grid(path: Path | str, filename: str | None = None) -> list[tuple[int, list[str]]]:
    """Every non-empty row of the first sheet as text cells, numbered as Excel shows them.

    For small reference tables whose header need not be on row 1 (a title row above it, say);
    reads CSV, xlsx and the old .xls format (xlrd).
    """
    path = Path(path)
    name = (filename or path.name).lower()
    rows: list[tuple[int, list]] = []
    if name.endswith(".xls"):
        import xlrd

        try:
            sheet = xlrd.open_workbook(path).sheet_by_index(0)
        except Exception as error:  # xlrd raises several kinds for a damaged file
            raise TableError(f"无法读取 Excel 97–2003 文件：{error}") from error
        rows = [(n + 1, sheet.row_values(n)) for n in range(sheet.nrows)]
    elif name.endswith((".xlsx", ".xlsm")):
        check_xlsx(path)
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:
            raise TableError(f"无法读取 Excel 文件：{error}") from error
        try:
            rows = [(n, list(r)) for n, r in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)]
        finally:
            book.close()
    elif name.endswith((".csv", ".txt")):
        with open(path, "rb") as handle:
            encoding = _sniff_encoding(handle.read(1 << 20))
        with open(path, encoding=encoding, newline="") as handle:
            rows = list(enumerate(csv.reader(handle), 1))
    else:
        raise TableError("不支持的文件类型：请提供 .xls、.xlsx 或 .csv 文件。")
    grid = []
    for number, cells in rows:
        texts = [_cell_text(cell) for cell in cells]
        if any(texts):
            grid.append((number, texts))
    return grid


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # xlrd gives numbers as floats: an industry code 1311 reads 1311.0
    return strip_controls(str(cell)).strip()
