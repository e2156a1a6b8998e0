"""公文 from templates the office edits: each kind of document comes from a .docx whose named
placeholders the platform fills (docxtpl, Jinja in Word). The office downloads the template,
changes its 版头, 落款 or standing wording in Word, and uploads it (业务设置 → 公文模板); the
shipped template — the GB/T 9704-2012 layout of `gongwen.py` with the placeholders in place — is
the fallback. A template whose placeholders are unknown, missing or broken is refused with a
Chinese message that names the placeholder.
"""

import io
import zipfile
from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jinja2 import TemplateError, TemplateSyntaxError

from zhichan.lib.gongwen import Gongwen, Head, Writer, chinese_date, head_for

KINDS = {
    "ranking-bulletin": gettext_lazy("季度排名通报"),
    "tasks-bulletin": gettext_lazy("重点任务推进情况通报"),
    "report": gettext_lazy("监测报告（上报）"),
    "white-paper": gettext_lazy("知识产权保护状况白皮书"),
    "navigation-report": gettext_lazy("专利导航分析报告"),
}
# Reports rather than 公文: a cover, contents and numbered tables and figures (`booklet.py`).
BOOKLETS = {"white-paper", "navigation-report"}
# The placeholders a template may use, and what the platform puts there.
FIELDS = {
    "发文机关标志": gettext_lazy("版头的红色机关名称（公文版头设置）"),
    "发文字号": gettext_lazy("机关代字〔年份〕序号号，序号空出由文书填写"),
    "标题": gettext_lazy("文件标题"),
    "主送机关": gettext_lazy("主送机关（公文版头设置）"),
    "正文": gettext_lazy("平台生成的正文：各节标题、段落、表格和图表（须单独成段，写作 {{p 正文 }}）"),
    "署名": gettext_lazy("发文机关署名"),
    "成文日期": gettext_lazy("成文日期，如 2026年1月5日"),
    "抄送": gettext_lazy("抄送机关（无则为空）"),
    "印发机关": gettext_lazy("印发机关"),
    "印发日期": gettext_lazy("印发日期"),
    "统计日": gettext_lazy("数据截至的日期"),
    "副标题": gettext_lazy("报告封面的副标题（白皮书、导航报告）"),
    "目录": gettext_lazy("报告的目录：各节标题（白皮书、导航报告；Word 打开时更新页码）"),
    "年度": gettext_lazy("年度"),
    "季度": gettext_lazy("季度（一、二、三、四）"),
}
REQUIRED = ("正文",)
# Standing wording after the generated body, which the office may rewrite in its template.
CLOSING = {
    "ranking-bulletin": [("h", "三、下步要求"),
                         ("p", "请各单位对照年度目标，聚焦排名靠后指标，压实责任、补齐短板，确保完成全年目标任务。")],
    "tasks-bulletin": [("p", "请相关单位对照任务目标加快推进，逾期事项于下季度首月10日前书面说明原因及整改措施。")],
    "report": [],
    "white-paper": [],
    "navigation-report": [],
}  # fmt: skip
MAX_BYTES = 5 * 1024 * 1024


class TemplateRefused(ValueError):
    pass


def shipped(kind: str, region) -> bytes:
    """The platform's template of ``kind``: the 公文 layout with the placeholders in place (the
    signature's indent reckoned for the region's own office name)."""
    head, _to, _report_to = head_for(region)
    if kind in BOOKLETS:
        from zhichan.lib.booklet import Booklet

        paper = Booklet("{{ 标题 }}", subtitle="{{ 副标题 }}", issuer="{{ 署名 }}", day=date.today(),
                        texts={"date": "{{ 成文日期 }}", "contents": "{{ 目录 }}"})  # fmt: skip
        paper.paragraph("{{p 正文 }}")
        return paper.save()
    placeholders = Head(
        mark="{{ 发文机关标志 }}", issuer=head.issuer, prefix="x", printer="{{ 印发机关 }}", cc="x"
    )
    texts = {"number": "{{ 发文字号 }}", "date": "{{ 成文日期 }}", "printed": "{{ 印发日期 }}印发",
             "cc": "{% if 抄送 %}抄送：{{ 抄送 }}。{% endif %}",
             "to_line": "{% if 主送机关 %}{{ 主送机关 }}：{% endif %}"}  # fmt: skip
    doc = Gongwen(placeholders, "{{ 标题 }}", day=date.today(), texts=texts)
    doc.paragraph("{{p 正文 }}")
    for what, text in CLOSING[kind]:
        (doc.heading if what == "h" else doc.paragraph)(text)
    doc.sign()
    # The signature line carries the office's name: make it the placeholder as well.
    for paragraph in doc.document.paragraphs:
        if paragraph.text == head.issuer and paragraph.runs:
            paragraph.runs[0].text = "{{ 署名 }}"
    return doc.save()


def check(content: bytes) -> None:
    """Refuse a template that is not a .docx, is too large, or whose placeholders are unknown,
    missing or written wrongly — naming the placeholder."""
    from docxtpl import DocxTemplate

    if len(content) > MAX_BYTES:
        raise TemplateRefused(_("模板文件超过 5 MB。"))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            if "word/document.xml" not in package.namelist():
                raise zipfile.BadZipFile
            if sum(item.file_size for item in package.infolist()) > 20 * MAX_BYTES:
                raise TemplateRefused(_("模板文件解压后过大。"))
    except zipfile.BadZipFile:
        raise TemplateRefused(
            _("不是 Word 文档（.docx）：请在 Word 或 WPS 中另存为 .docx 后上传。")
        ) from None
    try:
        template = DocxTemplate(io.BytesIO(content))
        used = template.get_undeclared_template_variables()
    except TemplateSyntaxError as error:
        raise TemplateRefused(
            _("占位符写法有误（%(e)s）：占位符写作 {{ 名称 }}，正文写作 {{p 正文 }}，花括号须成对。")
            % {"e": _near(error)}
        ) from None
    except (TemplateError, KeyError, ValueError) as error:
        raise TemplateRefused(_("无法读取模板：%(e)s") % {"e": error}) from None
    unknown = sorted(set(used) - set(FIELDS))
    if unknown:
        raise TemplateRefused(
            _("不认识的占位符：%(u)s。可用的占位符：%(k)s。")
            % {"u": "、".join(f"{{{{ {name} }}}}" for name in unknown), "k": "、".join(FIELDS)}
        )
    missing = [name for name in REQUIRED if name not in used]
    if missing:
        raise TemplateRefused(_("缺少占位符 {{p 正文 }}：平台生成的正文、表格和图表放在这里，须单独成段。"))


def _near(error: TemplateSyntaxError) -> str:
    """Jinja's message in words an office reads, with the text near the error."""
    message = str(error.message or "")
    if "unexpected '}'" in message or "unexpected end" in message:
        return _("花括号不成对")
    if "expected token" in message:
        return _("名称中有空格或标点")
    return message


def template_for(kind: str, region) -> bytes:
    from zhichan.catalog.models import DocumentTemplate

    own = DocumentTemplate.objects.filter(kind=kind, region=region).first() if region is not None else None
    return bytes(own.content) if own is not None else shipped(kind, region)


def compose(kind: str, region, fields: dict, build: Callable[[Writer], None]) -> bytes:
    """The document of ``kind`` for ``region``'s office: its template with ``fields`` filled and
    the body ``build`` writes (headings, paragraphs, tables, charts) in place of {{p 正文 }}."""
    from docxtpl import DocxTemplate, Listing

    from zhichan.lib.booklet import BookletWriter

    template = DocxTemplate(io.BytesIO(template_for(kind, region)))
    if kind in BOOKLETS:
        body = BookletWriter(template.new_subdoc())
    else:
        body = Writer()
        body.document = template.new_subdoc()
    build(body)
    if kind in BOOKLETS:  # the contents: the headings the body wrote
        fields = fields | {"目录": Listing("\n".join(("\u3000\u3000" if level == 2 else "") + text
                                                    for level, text in body.headings))}  # fmt: skip
    template.render({name: "" for name in FIELDS} | fields | {"正文": body.document}, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def letter_fields(region, title: str, day: date, *, upward: bool = False) -> dict:
    """The letterhead's fields of a document sent on ``day`` (`head_for`): a 通报 goes to the
    office's units, a report (``upward``) to the level above."""
    head, bulletin_to, report_to = head_for(region)
    to = report_to if upward else bulletin_to
    number = f"{head.prefix}〔{day.year}〕\u3000\u3000号" if head.prefix else ""
    return {
        "发文机关标志": head.mark, "发文字号": number, "标题": title, "主送机关": to, "署名": head.issuer,
        "成文日期": chinese_date(day), "抄送": head.cc, "印发机关": head.printer or head.issuer,
        "印发日期": chinese_date(day),
    }  # fmt: skip
