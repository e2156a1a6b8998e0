"""The navigation report, following the structure of GB/T 39551 专利导航指南 (需求 → 范围与检索 →
数据 → 分析 → 结论与运用): one list of blocks rendered to Word (native charts), PDF (vector charts)
and the xlsx holding the data of every table and chart."""

import io

from openpyxl import Workbook

from zhichan.assets.models import PatentKind
from zhichan.lib import charts
from zhichan.lib.export import append_row, safe_cell, sheet_title, workbook_bytes
from zhichan.lib.text import strip_controls
from zhichan.navigation.models import Run

KINDS = dict(PatentKind.choices)


def _criteria_lines(c: dict) -> list[str]:
    lines = []
    if c["ipc"]:
        lines.append("IPC：" + "；".join(c["ipc"]))
    if c["keywords"]:
        lines.append("关键词（名称或摘要含任一）：" + "、".join(c["keywords"]))
    if c["sei"]:
        lines.append("战略性新兴产业：" + "、".join(c["sei"]))
    if c["pi"]:
        lines.append("专利密集型产业大类：" + "、".join(str(p) for p in c["pi"]))
    if c["applicants"]:
        lines.append("申请人（含）：" + "、".join(c["applicants"]))
    lines.append("地域：" + (c["area_name"] or "登记簿全部专利"))
    if c["filed_from"] or c["filed_to"]:
        lines.append(f"申请日：{c['filed_from'] or '不限'} 至 {c['filed_to'] or '不限'}")
    if c["kinds"]:
        lines.append("专利类型：" + "、".join(str(KINDS.get(k, k)) for k in c["kinds"]))
    return lines


def blocks(run: Run) -> list[tuple]:
    """("h1"|"h2"|"p", text) | ("table", title, header, rows) | ("chart", chart)."""
    f, c, scope = run.figures, run.criteria, run.scope
    out: list[tuple] = [("title", f"{scope.name}专利导航分析报告")]
    out += [("h1", "一、项目概述"), ("h2", "（一）导航需求"), ("p", scope.purpose or "（未填写）"),
            ("h2", "（二）导航范围与检索策略")]  # fmt: skip
    out += [("p", line) for line in _criteria_lines(c)]
    out += [("h2", "（三）数据来源与说明"),
            ("p", f"数据来源：知产平台专利登记簿，统计日 {run.as_of}；纳入分析的专利 {run.patent_count} 件。"
                  f"产业分类按规则版本“{f.get('ruleset') or '无'}”。发明专利申请自申请日起约18个月公开，"
                  "最近两年的申请量尚不完整，趋势判断不计这两年。每个数字可在平台上追溯到所计专利。")]  # fmt: skip
    t = f["trends"]
    out += [("h1", "二、专利总体态势"), ("h2", "（一）申请与授权趋势"), ("chart", t["chart"]),
            ("table", "申请与授权趋势", t["header"], t["table"])]  # fmt: skip
    lg = f["legal"]
    out += [("h2", "（二）法律状态与寿命"), ("chart", lg["chart"]), ("table", "法律状态", lg["header"], lg["table"]),
            ("table", "失效专利寿命", lg["life_header"], lg["lifetimes"])]  # fmt: skip
    tech = f["technology"]
    out += [("h1", "三、技术构成与演进"), ("h2", "（一）技术构成"), ("chart", tech["chart"]),
            ("p", f"以 {tech['middle']} 年为界比较前后两期各小类的占比，反映技术重心的迁移。"),
            ("table", "技术构成（IPC 小类）", tech["header"], tech["table"]), ("h2", "（二）产业分布"),
            ("table", "战略性新兴产业分布", tech["industry_header"], tech["industries"]) if tech["industries"]
            else ("p", "未载入分类规则或范围内专利不属于战略性新兴产业。"),
            ("h2", "（三）新兴技术主题"), ("p", f"按专利名称分词，比较 {f['topics']['since']} 年起与此前各词所占比例的变化。"),
            ("table", "新兴主题", f["topics"]["header"], f["topics"]["table"])]  # fmt: skip
    a, n = f["applicants"], f["network"]
    out += [("h1", "四、创新主体"), ("h2", "（一）主要申请人"), ("table", "主要申请人", a["header"], a["table"]),
            ("chart", a["chart"]), ("h2", "（二）合作网络"),
            ("p", f"合作申请 {n['joint']} 件，形成 {n['pairs']} 对合作关系。"),
            ("table", "主要合作关系", n["header"], n["table"]), ("h2", "（三）产学研合作"),
            ("p", f"院校、科研院所与企业共同申请 {n['academic_patents']} 件。"),
            ("table", "产学研合作", n["academic_header"], n["academic"])]  # fmt: skip
    g, p = f["geography"], f["position"]
    out += [("h1", "五、区域布局与定位"), ("h2", "（一）地域分布"), ("chart", g["chart"]),
            ("table", "地域分布（省份）", g["header"], g["table"]), ("table", "地域分布（地市）", ["地市", "专利数"], g["cities"]),
            ("h2", "（二）本区域定位"),
            ("p", f"{g['home']}拥有 {g['home_count']} 件，占范围的 {g['home_share']}%。"), ("chart", p["chart"]),
            ("table", "本区域与比较区域", p["header"], p["table"])]  # fmt: skip
    k = f["key"]
    out += [("h1", "六、重点专利"),
            ("p", f"有海外同族 {k['with_family']} 件、转让 {k['transferred']} 件、许可 {k['licensed']} 件、质押 {k['pledged']} 件、"
                  f"获奖 {k['awarded']} 件、高价值 {k['high_value']} 件。{k['citations']}"),
            ("table", "重点专利", k["header"], k["table"])]  # fmt: skip
    out += [("h1", "七、导航结论与建议")] + [("p", f"{i}. {line}") for i, line in enumerate(f["findings"], 1)]
    out += [("p", "附：本报告全部图表的数据见同名 xlsx 数据表。")]
    return out


def _clean(block: tuple) -> tuple:
    """The block with its text free of control characters (Word's XML cannot hold them)."""
    return (block[0], strip_controls(block[1]), *block[2:]) if isinstance(block[1], str) else block


def report_docx(run: Run) -> bytes:
    """The report in the report layout (`lib/booklet.py`): cover, contents, numbered tables and figures."""
    from django.utils import timezone

    from zhichan.lib.gongwen import chinese_date, head_for
    from zhichan.lib.templates import compose

    parts = list(map(_clean, blocks(run)))
    head, _to, _report_to = head_for(run.scope.office)
    fields = {"标题": parts[0][1], "副标题": f"（统计日：{chinese_date(run.as_of)}）", "署名": head.issuer,
              "成文日期": chinese_date(timezone.localdate()), "统计日": chinese_date(run.as_of)}  # fmt: skip

    def build(paper) -> None:
        for block in parts[1:]:
            kind = block[0]
            if kind in ("h1", "h2"):
                paper.heading(block[1], 1 if kind == "h1" else 2, numbered=False)
            elif kind == "p":
                paper.paragraph(block[1])
            elif kind == "table":
                rows = block[3]
                if block[2] and block[2][0] == "年份":  # a year reads 2009, not 2,009
                    rows = [[str(row[0]), *row[1:]] for row in rows]
                paper.table(block[1], block[2], rows)
            elif kind == "chart":
                paper.chart(block[1])

    return compose("navigation-report", run.scope.office, fields, build)


def report_pdf(run: Run) -> bytes:
    """The Word report's own pages as PDF/A with its fonts embedded (LibreOffice, `lib/pdf.py`);
    drawn by reportlab where LibreOffice is missing."""
    from zhichan.lib.pdf import docx_to_pdf

    return docx_to_pdf(report_docx(run)) or pdf_drawn(run)


def pdf_drawn(run: Run) -> bytes:
    """The report drawn by reportlab, in the Song CID font the reader supplies."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    body, heading, title = charts.pdf_styles()
    paragraph = charts.pdf_paragraph
    story = []
    for block in blocks(run):
        kind = block[0]
        if kind == "title":
            story += [paragraph(block[1], title), Spacer(1, 8)]
        elif kind in ("h1", "h2"):
            story.append(paragraph(block[1], heading))
        elif kind == "p":
            story.append(paragraph(block[1], body))
        elif kind == "table":
            story += [paragraph(block[1], body, bold=True), charts.pdf_table(block[2], block[3] or [["—"] * len(block[2])], body),
                      Spacer(1, 4)]  # fmt: skip
        elif kind == "chart" and block[1]["categories"]:
            story += [paragraph(block[1]["title"], body), charts.pdf_chart(block[1])]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=strip_controls(run.scope.name), leftMargin=1.5 * cm, rightMargin=1.5 * cm
    ).build(story)
    return buffer.getvalue()


def report_xlsx(run: Run) -> bytes:
    """One sheet per table and per chart's data, in the report's order."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()

    def sheet(name: str):
        base = sheet_title(name)[:28]
        label, n = base, 2
        while label in used:
            label, n = f"{base[:26]}{n}", n + 1
        used.add(label)
        return book.create_sheet(label)

    notes = sheet("说明")
    append_row(notes, ["范围", run.scope.name])
    append_row(notes, ["统计日", run.as_of.isoformat()])
    append_row(notes, ["专利数", run.patent_count])
    for line in _criteria_lines(run.criteria):
        append_row(notes, ["条件", line])
    for block in blocks(run):
        if block[0] == "table":
            target = sheet(block[1])
            append_row(target, block[2])
            for row in block[3]:
                append_row(target, [safe_cell(v) for v in row])
        elif block[0] == "chart" and block[1]["categories"]:
            chart = block[1]
            target = sheet("图-" + chart["title"])
            append_row(target, ["", *[s["name"] for s in chart["series"]]])
            for i, category in enumerate(chart["categories"]):
                append_row(target, [category, *[s["data"][i] for s in chart["series"]]])
    return workbook_bytes(book)
