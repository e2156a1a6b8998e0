"""The monitoring report of a region for a month or a quarter: Word (with native, editable charts),
PDF (vector charts) and an xlsx data pack (with Excel charts), built from the same data; the
charts and tables are drawn by `zhichan.lib.charts`.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from zhichan.lib import charts
from zhichan.lib.booklet import numeral
from zhichan.lib.export import append_row, sheet_title, workbook_bytes
from zhichan.lib.gongwen import chinese_date, figure
from zhichan.lib.pdf import docx_to_pdf
from zhichan.lib.templates import compose, letter_fields
from zhichan.monitor import dashboard
from zhichan.monitor.compute import board_regions, cached_board, context
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
    regions = board_regions(region)
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


_number = charts.number


def _board_rows(data: ReportData, *, words: bool = False) -> list[list]:
    """Indicator, unit, value, note: the value as a number (for Word, which formats it) or in words
    (for the PDF and the pack's text), rounded as the indicator's digits say."""
    region = data.region
    rows = []
    for code, i in INDICATORS.items():
        cell = data.cells[region.code][code]
        if i.period == "entered" and cell["value"] is None:
            continue  # an entered figure this region has not entered (another office's indicator)
        value = _value(cell["value"], i.digits)
        rows.append([str(i.name), str(i.unit), figure(value, i.digits) if words else value, cell["note"]])
    return rows


def _value(value, digits: int | None):
    """A board value as a Decimal with the indicator's digits (the board keeps them as text)."""
    if value is None:
        return None
    number = Decimal(str(value))
    return number.quantize(Decimal(1).scaleb(-digits)) if digits else number


def _progress_rows(data: ReportData) -> list[list]:
    rows = []
    for p in data.progress:
        digits = INDICATORS[p.target.indicator].digits
        forecast = None
        if p.forecast and p.forecast.value is not None:
            forecast = f"{figure(_value(p.forecast.value, digits))}（{figure(_value(p.forecast.low, digits))}–{figure(_value(p.forecast.high, digits))}）"
        rows.append([
            p.target.plan.title, str(INDICATORS[p.target.indicator].name), p.target.quote,
            _value(p.current, digits), _value(p.required, digits),
            f"{figure(p.share)}%" if p.share is not None else None, forecast, p.verdict_label,
        ])  # fmt: skip
    return rows


PROGRESS_HEADER = ["规划", "指标", "原文", "当前", "目标", "完成度", "到期预测（95%区间）", "判断"]


def report_docx(data: ReportData, *, day: date | None = None) -> bytes:
    """The report to the level above as a 公文 (GB/T 9704-2012) from the region's letterhead."""
    day = day or timezone.localdate()
    fields = letter_fields(data.region, data.title, day, upward=True) | {
        "统计日": chinese_date(data.as_of), "年度": str(data.as_of.year),
    }  # fmt: skip

    def build(doc) -> None:
        doc.paragraph(
            _("统计日：%(d)s。数据来源：知产平台登记簿（按国家知识产权局统计口径计算，可追溯至每条记录）；"
              "录入值注明来源。") % {"d": chinese_date(data.as_of)}
        )  # fmt: skip
        doc.heading(_("一、主要指标"))
        doc.table(["指标", "单位", "数值", "说明"], _board_rows(data), widths=[3.2, 1.2, 1.6, 4])
        if data.progress:
            doc.heading(_("二、目标进度与预测"))
            rows = _progress_rows(data)
            plans = list(dict.fromkeys(row[0] for row in rows))
            for number, plan in enumerate(plans, start=1):
                if len(plans) > 1:
                    doc.heading(f"（{numeral(number)}）{plan}", level=2)
                doc.table(PROGRESS_HEADER[1:], [row[1:] for row in rows if row[0] == plan],
                          widths=[1.7, 2.6, 1.1, 1.2, 1, 2.1, 1])  # fmt: skip
        doc.heading(_("三、图表") if data.progress else _("二、图表"))
        for number, chart in enumerate(_chart_sections(data), start=1):
            doc.chart(chart | {"title": _("图%(n)s  %(t)s") % {"n": number, "t": chart["title"]}})

    return compose("report", data.region, fields, build)


# ---------------------------------------------------------------------------------------------
# PDF


def report_pdf(data: ReportData, *, day: date | None = None) -> bytes:
    """The Word report's own pages as PDF/A with its fonts embedded (LibreOffice, `lib/pdf.py`);
    drawn by reportlab where LibreOffice is missing."""
    return docx_to_pdf(report_docx(data, day=day)) or pdf_drawn(data)


def pdf_drawn(data: ReportData) -> bytes:
    """The report drawn by reportlab, in the Song CID font the reader supplies."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    body, heading, title = charts.pdf_styles()
    paragraph = charts.pdf_paragraph  # plain text, escaped

    def table(header, rows, widths=None):
        return charts.pdf_table(header, rows, body, widths)

    drawing = charts.pdf_chart

    story = [paragraph(data.title, title), Spacer(1, 6),
             paragraph(_("统计日：%(d)s。数据来源：知产平台登记簿；录入值注明来源。") % {"d": data.as_of}, body),
             paragraph(_("一、主要指标"), heading),
             table(["指标", "单位", "数值", "说明"], _board_rows(data, words=True), [5 * cm, 1.5 * cm, 2.5 * cm, 8 * cm])]  # fmt: skip
    if data.progress:
        story += [paragraph(_("二、目标进度与预测"), heading), table(PROGRESS_HEADER, _progress_rows(data))]
    story.append(paragraph(_("三、图表"), heading))
    for chart in _chart_sections(data):
        legend = "；".join(s["name"] for s in chart["series"])
        story += [paragraph(f"{chart['title']}（{legend}）", body), drawing(chart)]
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
    append_row(sheet, ["区划代码", "区划", *[f"{INDICATORS[c].name}（{INDICATORS[c].unit}）" for c in codes]])
    for region in data.regions:
        append_row(
            sheet, [region.code, region.name, *[_number(data.cells[region.code][c]["value"]) for c in codes]]
        )
    notes = book.create_sheet("口径")
    append_row(notes, ["指标代码", "指标", "单位", "定义", "公式", "来源"])
    for code, i in INDICATORS.items():
        append_row(notes, [code, str(i.name), str(i.unit), str(i.definition), str(i.formula), str(i.source)])
    if data.progress:
        progress = book.create_sheet("目标进度")
        append_row(progress, PROGRESS_HEADER)
        for row in _progress_rows(data):
            append_row(progress, [_number(v) if isinstance(v, Decimal) else v for v in row])
    for chart in _chart_sections(data):
        target = book.create_sheet(sheet_title(chart["title"])[:28])
        append_row(target, ["", *[s["name"] for s in chart["series"]]])
        for index, category in enumerate(chart["categories"]):
            append_row(target, [category, *[_number(s["data"][index]) for s in chart["series"]]])
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
    return workbook_bytes(book)
