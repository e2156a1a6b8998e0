"""Charts and tables in generated documents: native Word charts (editable, with their data),
reportlab vector charts and tables for PDF, in the shape {"key", "title", "categories",
"series": [{"name", "data"}]} that the monitoring and navigation reports share.

Word charts are written as DrawingML chart parts: python-pptx produces the chart XML and its
embedded workbook (the same parts PowerPoint uses), attached here to the Word package, so the
office can edit a chart's data in Word. The PDF uses reportlab's built-in Song typeface (STSong-
Light, a CID font the reader supplies) so that Chinese needs no font file on the server.
"""

from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE

from zhichan.lib.text import strip_controls

PDF_FONT = "STSong-Light"


def number(value) -> float | None:
    return None if value is None else float(value)


CHART_WIDTH, CHART_HEIGHT = Cm(15), Cm(7.5)


def docx_chart(document, chart: dict, width=CHART_WIDTH, height=CHART_HEIGHT) -> None:
    """A native Word chart (column, or line for trends) in a paragraph of its own."""
    chart_data = CategoryChartData()
    chart_data.categories = chart["categories"]
    for series in chart["series"]:
        chart_data.add_series(series["name"], [number(v) for v in series["data"]])
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


def pdf_styles():
    """(body, heading, title) paragraph styles in the Song CID font, registered once."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=9, leading=13, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=8)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1)
    return body, heading, title


def pdf_paragraph(value, style, *, bold: bool = False):
    """A reportlab paragraph of plain text. reportlab reads a paragraph as markup (``<img src>``
    would read a file from the server's disk, ``<a href>`` make a link): every text is escaped
    here, and control characters dropped, so that a name or a title is only ever text."""
    from reportlab.platypus import Paragraph

    text = escape(strip_controls(str(value)))
    return Paragraph(f"<b>{text}</b>" if bold else text, style)


def pdf_table(header, rows, body, widths=None):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [[pdf_paragraph(h, body) for h in header]]
    cells += [[pdf_paragraph("—" if v is None else v, body) for v in row] for row in rows]
    found = Table(cells, colWidths=widths, repeatRows=1)
    found.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))  # fmt: skip
    return found


def pdf_chart(chart: dict):
    """A column chart (or lines for key "trend") as a reportlab drawing 16 × 7 cm."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    shape = Drawing(16 * cm, 7 * cm)
    line = chart["key"] == "trend"
    plot = HorizontalLineChart() if line else VerticalBarChart()
    plot.x, plot.y, plot.width, plot.height = 1.5 * cm, 1.6 * cm, 14 * cm, 4.8 * cm
    plot.data = [[number(v) or 0 for v in s["data"]] for s in chart["series"]]
    plot.categoryAxis.categoryNames = [strip_controls(str(c))[-10:] for c in chart["categories"]]
    plot.categoryAxis.labels.fontName = PDF_FONT
    plot.categoryAxis.labels.fontSize = 6
    plot.categoryAxis.labels.angle = 30
    plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0  # counts: bars start from zero
    palette = [colors.HexColor(c) for c in ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1")]
    for index in range(len(plot.data)):
        if line:
            plot.lines[index].strokeColor = palette[index % len(palette)]
        else:
            plot.bars[index].fillColor = palette[index % len(palette)]
    shape.add(plot)
    if len(chart["series"]) > 1:
        from reportlab.graphics.charts.legends import Legend

        legend = Legend()
        legend.x, legend.y, legend.fontName, legend.fontSize = 15.8 * cm, 6.8 * cm, PDF_FONT, 6
        legend.alignment, legend.boxAnchor, legend.columnMaximum = "right", "ne", 6
        legend.colorNamePairs = [
            (palette[i % len(palette)], strip_controls(str(s["name"]))[:12])
            for i, s in enumerate(chart["series"])
        ]
        shape.add(legend)
    return shape
