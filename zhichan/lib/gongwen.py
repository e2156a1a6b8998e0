"""Word documents in the 党政机关公文格式 (GB/T 9704-2012): the 通报 and 报告 an office sends.

What the standard fixes and this module writes:
- A4; type area 156 mm × 225 mm with the top margin (天头) 37 mm and the binding margin (订口)
  28 mm, so right 26 mm and bottom 35 mm; 22 lines of 28 characters (lines exactly 28.95 pt,
  characters condensed by a quarter point);
- 版头: the issuing office's mark (发文机关标志) in red 小标宋, the 发文字号 (机关代字〔年份〕序号号,
  the number left blank for the registry to fill in when it is not given) and the red rule;
- title in 2号小标宋 (22 pt) centred; 主送机关 flush left with a full-width colon; body in 3号仿宋
  (16 pt) indented two characters; headings 一、 in 黑体 and （一） in 楷体;
- 发文机关署名 centred over the 成文日期, which stands four characters from the right, in Arabic
  numerals without padding (2026年1月5日);
- 版记: 抄送 and 印发机关 with the 印发日期, between rules (thick first and last, thin between);
- page numbers in 4号宋体 as "— 1 —", odd pages right and even pages left, one character in.

Fonts are named as Chinese office machines have them (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体,
黑体, 宋体); the document's font table names the stated fallback of each (仿宋, 楷体, 宋体), which
Word and LibreOffice use where the first is not installed. East Asian text gets the East Asian
font (``w:eastAsia``); digits and Latin letters Times New Roman. Numbers in tables stand right,
with thousands separators and no trailing zeros (`figure`).
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from zhichan.lib.text import strip_controls

FONTS = {"body": "仿宋_GB2312", "title": "方正小标宋简体", "h1": "黑体", "h2": "楷体_GB2312",
         "number": "宋体", "latin": "Times New Roman"}  # fmt: skip
# The fallback each font names in the document's font table (w:altName).
FALLBACK = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}
SIZE = {"title": Pt(22), "body": Pt(16), "mark": Pt(26), "note": Pt(14), "table": Pt(12)}
RED = RGBColor(0xE6, 0x00, 0x12)
LINE_PITCH = 579  # twentieths of a point: 225 mm ÷ 22 lines = 28.95 pt
CONDENSE = -5  # twentieths of a point between characters: 28 × (16 − 0.25) pt = 441 pt ≤ 156 mm
TYPE_WIDTH = Mm(156)


# The order WordprocessingML requires of a paragraph's and a run's properties (ECMA-376 §17.3.1.26,
# §17.3.2.28): an element out of order makes Word call the file damaged.
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
             "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
             "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
             "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
             "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")  # fmt: skip


def _put(parent, tag: str, order: tuple[str, ...], **attributes):
    """The child ``tag`` of ``parent`` (made, or the one there), in its place in ``order``."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def chinese_date(day: date) -> str:
    """成文日期 as the standard writes it: 2026年1月5日 (no padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def figure(value, digits: int | None = None) -> str:
    """A number for reading: thousands separators; ``digits`` fixed, else no trailing zeros
    (500.0000 → 500, 3000000.00 → 3,000,000, 12.50 → 12.5). None is a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if digits is not None:
        return f"{value:,.{digits}f}"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral():
            return f"{int(value):,}"
        return f"{value:,f}"
    return f"{value:,}"


def _fonts(element, east_asia: str, latin: str = FONTS["latin"]) -> None:
    """Set a run's or a style's fonts, the East Asian one included (python-docx sets only Latin)."""
    fonts = _put(element.get_or_add_rPr(), "w:rFonts", RPR_ORDER)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _run(paragraph, text: str, font: str, size, *, bold=False, color=None):
    run = paragraph.add_run(strip_controls(text))
    _fonts(run._r, font)
    run.font.size = size
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _rule(paragraph, *, color="E60012", size=8, where="bottom") -> None:
    """A line across the type area under (or over) a paragraph: its border."""
    borders = _put(paragraph._p.get_or_add_pPr(), "w:pBdr", PPR_ORDER)
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))  # eighths of a point
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _exact(paragraph, points: float | None = None) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if points is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(points)


def _page_number(paragraph) -> None:
    """— PAGE — in 4号宋体, the number a field Word and LibreOffice fill in."""
    _run(paragraph, "— ", FONTS["number"], SIZE["note"])
    run = _run(paragraph, "", FONTS["number"], SIZE["note"])
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    _run(paragraph, " —", FONTS["number"], SIZE["note"])


def add_table(
    document,
    header: list[str],
    rows: list[list],
    widths: list[float] | None = None,
    digits: dict | None = None,
):
    """A table across the type area: header centred in bold and repeated on each page, rows never
    split, numbers right-aligned and written for reading (`figure`; ``digits``: column → fixed
    decimals), text left; ``widths`` relative (default equal)."""
    digits = digits or {}
    size = SIZE["table"] if len(header) <= 6 else Pt(10.5)  # 小四, or 五号 for a wide table
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    shares = widths or [1] * len(header)
    columns = [int(TYPE_WIDTH * share / sum(shares)) for share in shares]
    for column, width in zip(table.columns, columns, strict=True):
        column.width = width  # the table grid, which LibreOffice lays out by

    def fill(cell, value, width, *, bold=False, centre=False, places=None) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        _exact(paragraph)
        numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        text = figure(value, places) if numeric or value is None else str(value)
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER
            if centre
            else WD_ALIGN_PARAGRAPH.RIGHT
            if numeric
            else WD_ALIGN_PARAGRAPH.LEFT
        )
        _run(paragraph, text, FONTS["body"], size, bold=bold)

    for cell, text, width in zip(table.rows[0].cells, header, columns, strict=True):
        fill(cell, str(text), width, bold=True, centre=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # the header again on each page
    for row in rows:
        line = table.add_row()
        line._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        for index, (cell, value, width) in enumerate(zip(line.cells, row, columns, strict=True)):
            fill(cell, value, width, places=digits.get(index))
    return table


@dataclass
class Head:
    """Who sends the document: the office's 版头 and 版记 (catalog.Letterhead, or derived from the
    region's name where the office has set none)."""

    mark: str  # 发文机关标志, e.g. 宜都市市场监督管理局文件
    issuer: str  # 发文机关署名
    prefix: str = ""  # 机关代字 of the 发文字号, e.g. 宜市监知
    printer: str = ""  # 印发机关, e.g. 宜都市市场监督管理局办公室
    cc: str = ""  # 抄送机关


class Writer:
    """Headings, paragraphs, tables and charts in the 公文's type and sizes, written into
    ``self.document`` (a python-docx Document, or a template's sub-document)."""

    document = None

    def heading(self, text: str, level: int = 1) -> None:
        """一、 in 黑体 (level 1), （一） in 楷体 (level 2); further levels in the body's font."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True  # never the last line of a page
        font = {1: FONTS["h1"], 2: FONTS["h2"]}.get(level, FONTS["body"])
        _run(paragraph, text, font, SIZE["body"])

    def paragraph(self, text: str, *, indent: bool = True) -> None:
        paragraph = self.document.add_paragraph()
        if not indent:
            paragraph.paragraph_format.first_line_indent = Pt(0)
        _run(paragraph, text, FONTS["body"], SIZE["body"])

    def table(
        self,
        header: list[str],
        rows: list[list],
        widths: list[float] | None = None,
        digits: dict | None = None,
    ) -> None:
        add_table(self.document, header, rows, widths, digits)
        self.document.add_paragraph()

    def chart(self, chart: dict) -> None:
        from zhichan.lib import charts

        charts.docx_chart(self.document, chart, width=TYPE_WIDTH, height=Mm(75))
        caption, drawing = self.document.paragraphs[-2:]
        caption.paragraph_format.keep_with_next = True  # the caption stays with its chart
        for paragraph in (caption, drawing):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
        _exact(drawing)


class Gongwen(Writer):
    """One 公文: 版头, title, 主送, body, signature and date, 版记; `save()` gives the .docx bytes.
    ``texts`` replaces the 发文字号, the 成文日期, the 印发日期 and the 抄送 line by given text (a
    template's placeholders, `templates.py`)."""

    def __init__(self, head: Head, title: str, *, to: str = "", day: date, number: int | None = None,
                 texts: dict | None = None):  # fmt: skip
        self.head, self.title, self.day = head, title, day
        self.texts = texts or {}
        self.document = document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(22)
        self._styles()
        self._footers(section)
        self._font_table()
        if head.mark:
            mark = document.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _exact(mark)
            _run(mark, head.mark, FONTS["title"], SIZE["mark"], color=RED)
            document.add_paragraph()
            numbered = document.add_paragraph()
            numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
            numbered.paragraph_format.first_line_indent = 0
            serial = str(number) if number else "\u3000\u3000"  # left for the registry to fill in
            text = f"{head.prefix}〔{day.year}〕{serial}号" if head.prefix else ""
            text = self.texts.get("number", text)
            _run(numbered, text, FONTS["body"], SIZE["body"])
            _rule(numbered, size=12)
            document.add_paragraph()
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.first_line_indent = 0
        _exact(heading, 35)
        _run(heading, title, FONTS["title"], SIZE["title"])
        document.add_paragraph()
        if to or "to_line" in self.texts:
            addressee = document.add_paragraph()
            addressee.paragraph_format.first_line_indent = 0
            _run(addressee, self.texts.get("to_line", f"{to}："), FONTS["body"], SIZE["body"])

    # --- set-up ---------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        _fonts(normal.element, FONTS["body"])
        normal.font.size = SIZE["body"]
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH / 20)
        fmt.first_line_indent = Pt(SIZE["body"].pt * 2)
        fmt.widow_control = True
        # East Asian line breaking: no full-width punctuation at a line's start.
        ppr = normal.element.get_or_add_pPr()
        for name in ("w:kinsoku", "w:overflowPunct"):
            _put(ppr, name, PPR_ORDER, val=1)
        rpr = normal.element.get_or_add_rPr()
        # 28 characters of 3号 on a 156 mm line: 16 pt each less a quarter point (w:spacing, in
        # twentieths of a point); lines are the exact 28.95 pt of 22 to the 225 mm page.
        _put(rpr, "w:spacing", RPR_ORDER, val=CONDENSE)
        _put(rpr, "w:lang", RPR_ORDER, val="en-US", eastAsia="zh-CN")

    def _footers(self, section) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                             (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):  # fmt: skip
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = side
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            if side == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = SIZE["note"]  # one character in
            else:
                fmt.left_indent = SIZE["note"]
            _exact(paragraph)
            _page_number(paragraph)

    def _font_table(self) -> None:
        """The fonts named, each with its fallback (w:altName) and the Chinese character set."""
        table = None
        for rel in self.document.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                table = rel.target_part
        if table is None:
            return
        from docx.oxml import parse_xml

        root = parse_xml(table.blob)
        present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for name in dict.fromkeys(FONTS.values()):
            if name in present:
                continue
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            if name in FALLBACK:
                alt = OxmlElement("w:altName")
                alt.set(qn("w:val"), FALLBACK[name])
                font.append(alt)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86" if name != FONTS["latin"] else "00")
            font.append(charset)
            root.append(font)
        from lxml import etree

        table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def sign(self) -> None:
        """发文机关署名 centred over the 成文日期, which stands four characters from the right."""
        document = self.document
        document.add_paragraph()
        written = self.texts.get("date") or chinese_date(self.day)
        one = SIZE["body"].pt
        date_width = _width(written)
        for text, right in (
            (self.head.issuer, 4 + (date_width - _width(self.head.issuer)) / 2),
            (written, 4),
        ):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.right_indent = Pt(max(right, 0) * one)
            _run(paragraph, text, FONTS["body"], SIZE["body"])

    def save(self) -> bytes:
        self._record()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def _record(self) -> None:
        """版记: 抄送 and 印发机关 with the 印发日期, between a thick first and last rule."""
        head = self.head
        if not (head.cc or head.printer):
            return
        document = self.document
        document.add_paragraph()
        lines = []
        if "cc" in self.texts:
            lines.append((self.texts["cc"], ""))
        elif head.cc:
            lines.append((f"抄送：{head.cc}。", ""))
        printed = self.texts.get("printed") or f"{chinese_date(self.day)}印发"
        lines.append((head.printer or head.issuer, printed))
        for index, (left, right) in enumerate(lines):
            paragraph = document.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.left_indent = fmt.right_indent = SIZE["note"]
            _exact(paragraph, 26)
            _run(paragraph, left, FONTS["body"], SIZE["note"])
            if right:
                fmt.tab_stops.add_tab_stop(TYPE_WIDTH - SIZE["note"] * 2, alignment=WD_TAB_ALIGNMENT.RIGHT)
                _run(paragraph, "\t" + right, FONTS["body"], SIZE["note"])
            _rule(paragraph, color="000000", size=8 if index == len(lines) - 1 else 4, where="bottom")
            if index == 0:
                _rule(paragraph, color="000000", size=8, where="top")


def _width(text: str) -> float:
    """Characters as full-width units (an Arabic digit is half)."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def head_for(region) -> tuple[Head, str, str]:
    """The region's letterhead, and the offices a 通报 and a report go to; where the office has
    set none, its name as the region's 市场监督管理局 with no 机关代字."""
    from zhichan.catalog.models import Letterhead

    found = Letterhead.objects.filter(region=region).first() if region is not None else None
    if found is None:
        name = f"{region.name}市场监督管理局" if region is not None else "市场监督管理局"
        return Head(mark=name, issuer=name, printer=name), "各有关单位", ""
    head = Head(mark=found.mark, issuer=found.issuer, prefix=found.prefix, printer=found.printer or found.issuer,
                cc=found.cc)  # fmt: skip
    return head, found.bulletin_to or "各有关单位", found.report_to
