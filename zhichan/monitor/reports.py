"""The monitoring report of a region for a month or a quarter: Word (with native, editable charts),
PDF (vector charts) and an xlsx data pack (with Excel charts), built from the same data.

Word charts are written as DrawingML chart parts: python-pptx produces the chart XML and its
embedded workbook (the same parts PowerPoint uses), attached here to the Word package, so the
office can edit a chart's data in Word. The PDF uses reportlab's built-in Song typeface (STSong-
Light, a CID font the reader supplies) so that Chinese needs no font file on the server.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE

from zhichan.monitor import dashboard
from zhichan.monitor.compute import cached_board, context
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import Target
from zhichan.monitor.plans import cached_progress

MONTH, QUARTER = "month", "quarter"


def period_end(kind: str, year: int, number: int) -> date:
    """The last day of a month (1–12) or a quarter (1–4)."""
    month = number if kind == MONTH else number * 3
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


@dataclass
class ReportData:
    region: object
    as_of: date
    title: str
    regions: list
    cells: dict
    progress: list = field(default_factory=list)
    charts: list = field(default_factory=list)


def report_data(region, kind: str, year: int, number: int) -> ReportData:
    as_of = period_end(kind, year, number)
    label = f"{year}年{number}月" if kind == MONTH else f"{year}年第{'一二三四'[number - 1]}季度"
    regions = [region, *region.children.order_by("code")]
    ctx = context(as_of)
    targets = Target.objects.filter(plan__region=region, deadline__gte=as_of).select_related("plan__region")
    return ReportData(
        region=region,
        as_of=as_of,
        title=_("%(r)s知识产权监测报告（%(p)s）") % {"r": region.name, "p": label},
        regions=regions,
        cells=cached_board(regions, ctx),
        progress=[cached_progress(t, as_of) for t in targets],
        charts=dashboard.charts(region, ctx),
    )


def _number(value) -> float | None:
    return None if value is None else float(value)


def _chart_sections(data: ReportData) -> list[dict]:
    """The charts of the report: the subdivisions on the per-capita indicator, then the board's."""
    charts = []
    if len(data.regions) > 1:
        code = "invention_per_10k"
        charts.append({
            "key": "children", "title": f"{INDICATORS[code].name}（{INDICATORS[code].unit}）",
            "categories": [r.name for r in data.regions[1:]],
            "series": [{"name": str(INDICATORS[code].name),
                        "data": [data.cells[r.code][code]["value"] for r in data.regions[1:]]}],
        })  # fmt: skip
    return [c for c in charts + data.charts if c["categories"]]  # no classes loaded: no such chart


# ---------------------------------------------------------------------------------------------
# Word


CHART_WIDTH, CHART_HEIGHT = Cm(15), Cm(7.5)


def _add_chart(document, chart: dict, width=CHART_WIDTH, height=CHART_HEIGHT) -> None:
    """A native Word chart (column, or line for trends) in a paragraph of its own."""
    chart_data = CategoryChartData()
    chart_data.categories = chart["categories"]
    for series in chart["series"]:
        chart_data.add_series(series["name"], [_number(v) for v in series["data"]])
    kind = XL_CHART_TYPE.LINE_MARKERS if chart["key"] == "trend" else XL_CHART_TYPE.COLUMN_CLUSTERED
    package = document.part.package
    chart_part = Part(
        package.next_partname("/word/charts/chart%d.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
        b"",
        package,
    )
    workbook = Part(
        PackURI(package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx")),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        chart_data.xlsx_blob,
        package,
    )
    workbook_rid = chart_part.relate_to(workbook, RT.PACKAGE)
    xml = ChartXmlWriter(kind, chart_data).xml
    xml = xml.replace(
        "</c:chartSpace>",
        f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>',
    )
    if 'xmlns:r="' not in xml.split(">", 2)[1]:
        xml = xml.replace(
            "<c:chartSpace ",
            '<c:chartSpace xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
            1,
        )
    chart_part._blob = xml.encode("utf-8")
    rid = document.part.relate_to(chart_part, RT.CHART)
    shape_id = len(document.inline_shapes) + 1000 + int(chart_part.partname.idx or 0)
    document.add_paragraph(chart["title"]).runs[0].bold = True
    paragraph = document.add_paragraph()
    paragraph.add_run()._r.append(parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    ))  # fmt: skip


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "—" if value is None else str(value)


def _board_rows(data: ReportData) -> list[list]:
    region = data.region
    return [
        [
            str(i.name),
            str(i.unit),
            data.cells[region.code][code]["value"],
            data.cells[region.code][code]["note"],
        ]
        for code, i in INDICATORS.items()
    ]


def _progress_rows(data: ReportData) -> list[list]:
    return [
        [p.target.plan.title, str(INDICATORS[p.target.indicator].name), p.target.quote, p.current, p.required,
         f"{p.share}%" if p.share is not None else None,
         f"{p.forecast.value}（{p.forecast.low}–{p.forecast.high}）" if p.forecast and p.forecast.value is not None else None,
         p.verdict_label]
        for p in data.progress
    ]  # fmt: skip


PROGRESS_HEADER = ["规划", "指标", "原文", "当前", "目标", "完成度", "到期预测（95%区间）", "判断"]


def report_docx(data: ReportData) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(data.title)
    run.bold, run.font.size = True, Pt(16)
    document.add_paragraph(
        _("统计日：%(d)s。数据来源：知产平台登记簿（按国家知识产权局统计口径计算，可追溯至每条记录）；"
          "录入值注明来源。") % {"d": data.as_of}
    )  # fmt: skip
    document.add_heading(_("一、主要指标"), level=2)
    _table(document, ["指标", "单位", "数值", "说明"], _board_rows(data))
    if data.progress:
        document.add_heading(_("二、目标进度与预测"), level=2)
        _table(document, PROGRESS_HEADER, _progress_rows(data))
    document.add_heading(_("三、图表"), level=2)
    for chart in _chart_sections(data):
        _add_chart(document, chart)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF


def report_pdf(data: ReportData) -> bytes:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=8)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1)

    def table(header, rows, widths=None):
        cells = [[Paragraph(str(h), body) for h in header]]
        cells += [[Paragraph("—" if v is None else str(v), body) for v in row] for row in rows]
        found = Table(cells, colWidths=widths, repeatRows=1)
        found.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))  # fmt: skip
        return found

    def drawing(chart):
        shape = Drawing(16 * cm, 7 * cm)
        line = chart["key"] == "trend"
        plot = HorizontalLineChart() if line else VerticalBarChart()
        plot.x, plot.y, plot.width, plot.height = 1.5 * cm, 1.6 * cm, 14 * cm, 4.8 * cm
        plot.data = [[_number(v) or 0 for v in s["data"]] for s in chart["series"]]
        plot.categoryAxis.categoryNames = [str(c)[-10:] for c in chart["categories"]]
        plot.categoryAxis.labels.fontName = font
        plot.categoryAxis.labels.fontSize = 6
        plot.categoryAxis.labels.angle = 30
        plot.categoryAxis.labels.boxAnchor = "ne"
        plot.valueAxis.labels.fontSize = 7
        palette = [colors.HexColor(c) for c in ("#0d6efd", "#dc3545", "#198754", "#fd7e14")]
        for index in range(len(plot.data)):
            if line:
                plot.lines[index].strokeColor = palette[index % 4]
            else:
                plot.bars[index].fillColor = palette[index % 4]
        shape.add(plot)
        return shape

    story = [Paragraph(data.title, title), Spacer(1, 6),
             Paragraph(_("统计日：%(d)s。数据来源：知产平台登记簿；录入值注明来源。") % {"d": data.as_of}, body),
             Paragraph(_("一、主要指标"), heading),
             table(["指标", "单位", "数值", "说明"], _board_rows(data), [5 * cm, 1.5 * cm, 2.5 * cm, 8 * cm])]  # fmt: skip
    if data.progress:
        story += [Paragraph(_("二、目标进度与预测"), heading), table(PROGRESS_HEADER, _progress_rows(data))]
    story.append(Paragraph(_("三、图表"), heading))
    for chart in _chart_sections(data):
        legend = "；".join(s["name"] for s in chart["series"])
        story += [Paragraph(f"{chart['title']}（{legend}）", body), drawing(chart)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=data.title, leftMargin=1.5 * cm, rightMargin=1.5 * cm).build(
        story
    )
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# xlsx data pack


def report_xlsx(data: ReportData) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    codes = list(INDICATORS)
    sheet.append(["区划代码", "区划", *[f"{INDICATORS[c].name}（{INDICATORS[c].unit}）" for c in codes]])
    for region in data.regions:
        sheet.append(
            [region.code, region.name, *[_number(data.cells[region.code][c]["value"]) for c in codes]]
        )
    notes = book.create_sheet("口径")
    notes.append(["指标代码", "指标", "单位", "定义", "公式", "来源"])
    for code, i in INDICATORS.items():
        notes.append([code, str(i.name), str(i.unit), str(i.definition), str(i.formula), str(i.source)])
    if data.progress:
        progress = book.create_sheet("目标进度")
        progress.append(PROGRESS_HEADER)
        for row in _progress_rows(data):
            progress.append([v if isinstance(v, (str, int, float)) or v is None else str(v) for v in row])
    for chart in _chart_sections(data):
        target = book.create_sheet(
            chart["title"][:28].replace("（", "(").replace("）", ")").replace("/", "-")
        )
        target.append(["", *[s["name"] for s in chart["series"]]])
        for index, category in enumerate(chart["categories"]):
            target.append([category, *[_number(s["data"][index]) for s in chart["series"]]])
        drawn = LineChart() if chart["key"] == "trend" else BarChart()
        drawn.title = chart["title"]
        rows = len(chart["categories"]) + 1
        drawn.add_data(
            Reference(target, min_col=2, max_col=1 + len(chart["series"]), min_row=1, max_row=rows),
            titles_from_data=True,
        )
        drawn.set_categories(Reference(target, min_col=1, min_row=2, max_row=rows))
        drawn.width, drawn.height = 18, 8
        target.add_chart(drawn, "E2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
