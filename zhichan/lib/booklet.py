"""Reports that are not 公文 (the protection white paper; the navigation report may follow): A4 in
the 公文's type area, a cover, a table of contents, headings numbered as Chinese documents number
them (一、 （一）), tables numbered 表1 with the caption above, charts numbered 图1 with the caption
below, page numbers centred from the first page after the cover. Fonts and the number style are
those of `gongwen.py`.

The contents are a Word TOC field over the two heading levels: Word fills in the page numbers when
the file is opened (the document asks it to update its fields); until then, and in LibreOffice,
the field shows the headings themselves.
"""

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from zhichan.lib import gongwen
from zhichan.lib.gongwen import FONTS, SIZE, TYPE_WIDTH, _exact, _fonts, _page_number, _run, add_table
from zhichan.lib.text import strip_controls

CHINESE = "一二三四五六七八九十"
BODY = Pt(14)  # 4号 for a report's body; 1.5 lines


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (headings go no further)."""
    if n <= 10:
        return CHINESE[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE[tens - 1] if tens > 1 else "") + "十" + (CHINESE[ones - 1] if ones else "")


class BookletWriter:
    """A report's numbered headings, paragraphs, tables (表N) and charts (图N), written into
    ``document`` (the report itself, or a template's sub-document); ``headings`` for the contents."""

    def __init__(self, document=None):
        self.document, self.headings, self.figures, self.tables = document, [], 0, 0
        self.levels = [0, 0]

    def heading(self, text: str, level: int = 1, *, numbered: bool = True) -> str:
        """A numbered heading: 一、 at level 1, （一） at level 2 (numbered within its level 1);
        ``numbered=False`` for a text that carries its number already."""
        if not numbered:
            numbered_text = text
        elif level == 1:
            self.levels = [self.levels[0] + 1, 0]
            numbered_text = f"{numeral(self.levels[0])}、{text}"
        else:
            self.levels[1] += 1
            numbered_text = f"（{numeral(self.levels[1])}）{text}"
        paragraph = self.document.add_paragraph(style=f"Heading {level}")
        _run(paragraph, numbered_text, FONTS["h1"] if level == 1 else FONTS["h2"], SIZE["body"])
        self.headings.append((level, strip_controls(numbered_text)))
        return numbered_text

    def paragraph(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        _run(paragraph, text, FONTS["body"], BODY)

    def table(
        self,
        caption: str,
        header: list[str],
        rows: list[list],
        widths=None,
        digits=None,
        empty: str = "（本年无）",
    ) -> None:
        """表N, its caption above the table; ``empty`` where it has no rows (a yearly report's
        “none this year” by default)."""
        self.tables += 1
        paragraph = self.document.add_paragraph(style="Caption")
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, f"表{self.tables}\u3000{caption}", FONTS["h1"], Pt(12))
        if rows:
            add_table(self.document, header, rows, widths, digits)
        else:
            none = self.document.add_paragraph()
            none.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(none, empty, FONTS["body"], Pt(12))
        self.document.add_paragraph()

    def chart(self, chart: dict) -> None:
        """图N, its caption below the chart."""
        from zhichan.lib import charts

        if not chart["categories"]:
            return
        self.figures += 1
        charts.docx_chart(self.document, chart, width=TYPE_WIDTH, height=Mm(75))
        blank, drawing = self.document.paragraphs[-2:]
        blank._p.getparent().remove(blank._p)  # docx_chart's own title line: the caption goes below
        drawing.alignment = WD_ALIGN_PARAGRAPH.CENTER
        drawing.paragraph_format.first_line_indent = Pt(0)
        drawing.paragraph_format.keep_with_next = True
        caption = self.document.add_paragraph(style="Caption")
        _run(caption, f"图{self.figures}\u3000{chart['title']}", FONTS["h1"], Pt(12))


class Booklet(BookletWriter):
    """The whole report: page, cover, contents and the body written through `BookletWriter`.
    ``texts`` replaces the cover's date (a template's placeholder, `templates.py`)."""

    def __init__(self, title: str, *, subtitle: str = "", issuer: str, day: date, texts: dict | None = None):
        super().__init__()
        self.title, self.texts = title, texts or {}
        self.document = document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(22)
        self._styles()
        self._cover(title, subtitle, issuer, day)
        self._contents()
        body = document.add_section(WD_SECTION.NEW_PAGE)
        body.footer.is_linked_to_previous = False
        footer = body.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.paragraph_format.first_line_indent = Pt(0)
        _exact(footer)
        _page_number(footer)
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), "1")
        body._sectPr.append(number_type)

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        _fonts(normal.element, FONTS["body"])
        normal.font.size = BODY
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        fmt.first_line_indent = Pt(BODY.pt * 2)
        for level, font in ((1, FONTS["h1"]), (2, FONTS["h2"])):
            style = styles[f"Heading {level}"]
            _fonts(style.element, font)
            style.font.size, style.font.bold, style.font.italic = SIZE["body"], False, False
            style.font.color.rgb = RGBColor(0, 0, 0)
            heading = style.paragraph_format
            heading.first_line_indent = Pt(0)
            heading.space_before, heading.space_after = Pt(12), Pt(6)
            heading.keep_with_next = True
        caption = styles["Caption"]
        _fonts(caption.element, FONTS["h1"])
        caption.font.size, caption.font.bold, caption.font.italic = Pt(12), False, False
        caption.font.color.rgb = RGBColor(0, 0, 0)
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.first_line_indent = Pt(0)

    def _cover(self, title: str, subtitle: str, issuer: str, day: date) -> None:
        document = self.document
        for _n in range(6):
            document.add_paragraph()
        for text, size, font in ((title, Pt(26), FONTS["title"]), (subtitle, SIZE["body"], FONTS["h2"])):
            if text:
                paragraph = document.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.space_after = Pt(18)
                _run(paragraph, text, font, size)
        for _n in range(12):
            document.add_paragraph()
        for text in (issuer, self.texts.get("date") or gongwen.chinese_date(day)):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
            _run(paragraph, text, FONTS["body"], SIZE["body"])
        document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def _contents(self) -> None:
        document = self.document
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.first_line_indent = Pt(0)
        _run(heading, "目\u3000\u3000录", FONTS["h1"], SIZE["body"])
        self.toc = document.add_paragraph()
        self.toc.paragraph_format.first_line_indent = Pt(0)
        settings = document.settings.element
        update = OxmlElement("w:updateFields")  # Word fills the contents' page numbers on opening
        update.set(qn("w:val"), "true")
        settings.append(update)

    def _fill_contents(self) -> None:
        """The TOC field, its shown result the headings themselves (until Word updates it)."""
        run = self.toc.add_run()
        for kind, text in (("begin", None), ("instr", ' TOC \\o "1-2" \\h \\z \\u '), ("separate", None)):
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        if "contents" in self.texts:  # a template: the contents come with the body
            run.add_text(self.texts["contents"])
        for level, text in self.headings:
            run.add_break()
            run.add_text(("\u3000\u3000" if level == 2 else "") + text)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(end)

    def save(self) -> bytes:
        self._fill_contents()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
