"""公文 read back (issue 23, items 1, 2 and 6): the 通报 and the report to the level above in the
GB/T 9704-2012 layout — A4 and its type area, the East Asian fonts and sizes of title and body,
版头 with 发文字号, 主送, signature and date, 版记, page numbers — numbers in tables right-aligned and
written for reading; and, through LibreOffice, the same pages with the board's figures."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.conftest import region
from zhichan.catalog.models import Letterhead
from zhichan.lib.gongwen import Gongwen, Head, chinese_date, figure

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None and __import__("os").environ.get("ZHICHAN_REQUIRE_OFFICE") != "1",
    reason="LibreOffice 未安装（.ci/run 会安装 libreoffice-writer-nogui）",
)


def east_asian(paragraph) -> set[str]:
    return {run._r.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs if run.text.strip()}


def test_figures_and_dates_are_written_for_reading():
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"  # no padding
    assert [figure(Decimal("500.0000")), figure(Decimal("3000000.00")), figure(Decimal("12.50")), figure(None),
            figure(1234567), figure(Decimal("70"), 2), figure(0.1)] == [
        "500", "3,000,000", "12.5", "—", "1,234,567", "70.00", "0.1"]  # fmt: skip


def test_a_document_has_the_standards_page_fonts_head_and_record():
    head = Head(mark="宜都市市场监督管理局文件", issuer="宜都市市场监督管理局", prefix="宜市监知",
                printer="宜都市市场监督管理局办公室", cc="宜昌市市场监督管理局")  # fmt: skip
    doc = Gongwen(head, "关于测试的通报", to="各乡镇人民政府", day=date(2026, 3, 9), number=12)
    doc.heading("一、总体情况")
    doc.paragraph("正文第一段。")
    doc.heading("（一）分项", level=2)
    doc.table(
        ["单位", "数值", "占比（%）"], [["陆城街道", Decimal("12345.6700"), Decimal("33.3")]], digits={2: 1}
    )
    doc.sign()
    document = Document(io.BytesIO(doc.save()))
    section = document.sections[0]
    mm = [round(length.mm, 1) for length in (section.page_width, section.page_height, section.top_margin,
                                             section.left_margin, section.right_margin, section.bottom_margin)]  # fmt: skip
    assert mm == [210, 297, 37, 28, 26, 35]  # A4; type area 156 × 225 mm
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)  # 3号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28.95)  # 22 lines on 225 mm
    texts = [p.text for p in document.paragraphs]
    mark = document.paragraphs[0]
    assert mark.text == "宜都市市场监督管理局文件" and mark.runs[0].font.color.rgb is not None
    assert "宜市监知〔2026〕12号" in texts
    title = next(p for p in document.paragraphs if p.text == "关于测试的通报")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].font.size == Pt(22)
    assert east_asian(title) == {"方正小标宋简体"}
    assert "各乡镇人民政府：" in texts
    assert east_asian(next(p for p in document.paragraphs if p.text == "一、总体情况")) == {"黑体"}
    assert east_asian(next(p for p in document.paragraphs if p.text == "（一）分项")) == {"楷体_GB2312"}
    assert texts.index("宜都市市场监督管理局") + 1 == texts.index("2026年3月9日")  # 署名 over the date
    assert any(t.startswith("抄送：宜昌市市场监督管理局") for t in texts)
    assert any("宜都市市场监督管理局办公室" in t and t.endswith("2026年3月9日印发") for t in texts)
    cells = document.tables[0].rows[1].cells
    assert [c.text for c in cells] == ["陆城街道", "12,345.67", "33.3"]
    assert cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    # Page numbers: a PAGE field, odd pages right and even pages left.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert "PAGE" in odd._p.xml and (odd.alignment, even.alignment) == (
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    # The font table names each font's fallback.
    table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert (
        b'w:name="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"><w:altName w:val="\xe4\xbb\xbf\xe5\xae\x8b"/>'
        in table.blob
    )


@pytest.fixture
def scheme(db):
    from zhichan.monitor.models import RankingScheme

    return RankingScheme.objects.create(name="乡镇季度排名", region=region("420581"),
                                        weights=[{"indicator": "invention_valid", "weight": 100}])  # fmt: skip


def test_the_bulletin_comes_from_the_offices_letterhead(scheme):
    from zhichan.monitor import rankings

    Letterhead.objects.create(region=region("420581"), mark="宜都市市场监督管理局文件", issuer="宜都市市场监督管理局",
                              prefix="宜市监知", bulletin_to="各乡镇人民政府、街道办事处", printer="宜都市市场监督管理局办公室")  # fmt: skip
    content = rankings.bulletin(scheme, 2026, 3, office=region("420581"), day=date(2026, 10, 9))
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert texts[0] == "宜都市市场监督管理局文件"
    assert "各乡镇人民政府、街道办事处：" in texts and "2026年10月9日" in texts
    assert any("截至2026年9月30日" in t for t in texts)  # not 2026年09月30日
    # Without a letterhead: the region's 市场监督管理局, no 机关代字.
    plain = rankings.bulletin(scheme, 2026, 3, office=region("420583"), day=date(2026, 10, 9))
    assert Document(io.BytesIO(plain)).paragraphs[0].text == "枝江市市场监督管理局"


@needs_office
def test_libreoffice_lays_the_report_out_on_a4_with_the_boards_figures(tmp_path, settings):
    """The report to the level above through LibreOffice: A4 pages, the county's figures as the
    board has them, with thousands separators; the body in a Chinese font (embedded)."""
    from tests.monitor.test_compute import LUCHENG, patent
    from zhichan.monitor import reports
    from zhichan.monitor.compute import board, context

    settings.HOME_REGION_CODE = "420581"
    for _n in range(3):
        patent(LUCHENG, granted=date(2025, 6, 1))
    data = reports.report_data(region("420581"), reports.QUARTER, 2026, 3)
    source = tmp_path / "报告.docx"
    source.write_bytes(reports.report_docx(data, day=date(2026, 10, 9)))
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    pdf = tmp_path / "报告.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    valid = board([region("420581")], context(date(2026, 9, 30)), ["invention_valid"])["420581"][
        "invention_valid"
    ]
    assert valid.value == 3
    line = next(t for t in text.splitlines() if "有效发明专利量" in t and "件" in t)
    assert line.split()[-1] == "3"
    assert "宜都市知识产权监测报告（2026年第三季度）" in text.replace(" ", "")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [row for row in fonts.splitlines()[2:] if "CJK" in row or "Song" in row or "Fang" in row]
    assert cjk and all(" yes " in row for row in cjk)  # embedded


@needs_office
def test_the_reports_pdf_is_the_word_files_pages_as_pdf_a_with_fonts_embedded(tmp_path, settings):
    """PDF from the report's own Word file (LibreOffice): PDF/A-2b, every font embedded, the
    same title; the job's three files carry it."""
    from zhichan.monitor import reports

    settings.HOME_REGION_CODE = "420581"
    data = reports.report_data(region("420581"), reports.QUARTER, 2026, 3)
    pdf = reports.report_pdf(data, day=date(2026, 10, 9))
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf and b"STSong" not in pdf
    target = tmp_path / "报告.pdf"
    target.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "宜都市知识产权监测报告（2026年第三季度）" in text.replace(" ", "")


@needs_office
def test_libreoffice_lays_out_the_bulletin_and_the_white_paper_with_the_boards_figures(
    tmp_path, settings, scheme
):
    """The ranking 通报 and the protection white paper through LibreOffice: A4, and the 通报's
    township figure equal to the board's for the quarter's end."""
    from tests.monitor.test_compute import LUCHENG, patent
    from zhichan.monitor import rankings
    from zhichan.monitor.compute import board, context
    from zhichan.protection import stats

    settings.HOME_REGION_CODE = "420581"
    for _n in range(1234):  # enough for a thousands separator
        patent(LUCHENG, granted=date(2025, 6, 1))
    files = {"通报.docx": rankings.bulletin(scheme, 2026, 3, office=region("420581"), day=date(2026, 10, 9)),
             "白皮书.docx": stats.white_paper_docx(region("420581"), 2026, day=date(2027, 1, 20))}  # fmt: skip
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *(str(tmp_path / n) for n in files)], check=True, capture_output=True, timeout=300)  # fmt: skip
    for name in files:
        info = subprocess.run(["pdfinfo", str(tmp_path / name.replace(".docx", ".pdf"))], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "(A4)" in info, name
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "通报.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    valid = board([region(LUCHENG)], context(date(2026, 9, 30)), ["invention_valid"])[LUCHENG][
        "invention_valid"
    ]
    assert valid.value == 1234
    line = next(t for t in text.splitlines() if "陆城街道" in t)
    assert "1,234" in line.split()  # the township's figure as the board has it, for reading
    white = subprocess.run(["pdftotext", str(tmp_path / "白皮书.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    assert "知识产权保护状况白皮书" in white.replace(" ", "") and "目" in white
