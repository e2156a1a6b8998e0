"""公文 templates the office edits (issue 23, item 3): 宜都's administrator downloads the shipped
template of the ranking 通报, rewrites its standing wording in Word, uploads it, and the next 通报
carries it; templates with unknown, missing or broken placeholders are refused naming them."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from tests.conftest import make_user, region
from zhichan.catalog.models import DocumentTemplate
from zhichan.monitor import rankings
from zhichan.monitor.models import RankingScheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, roles):
    user = make_user("t_yidu_templates", region_code="420581", office_admin=True)
    client.force_login(user)
    return user


def _docx(document) -> io.BytesIO:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "宜都通报模板.docx"
    return buffer


def _upload(client, document, kind="ranking-bulletin"):
    return client.post(reverse("setup:templates"), {"kind": kind, "file": _docx(document)}, follow=True)


def test_the_office_rewrites_its_bulletin_and_the_next_one_carries_it(client, admin):
    scheme = RankingScheme.objects.create(name="乡镇季度排名", region=region("420581"),
                                          weights=[{"indicator": "invention_valid", "weight": 100}])  # fmt: skip
    shipped = client.get(reverse("setup:template_download", args=["ranking-bulletin", "current"]))
    template = Document(io.BytesIO(shipped.content))
    texts = [p.text for p in template.paragraphs]
    assert (
        "{{ 发文机关标志 }}" in texts
        and "{{ 标题 }}" in texts
        and "{{p 正文 }}" in texts
        and "{{ 署名 }}" in texts
    )
    # The office's own wording of 下步要求, in Word: the paragraph's runs replaced.
    standing = next(p for p in template.paragraphs if p.text.startswith("请各单位对照年度目标"))
    standing.runs[0].text = "请各乡镇对照年度目标任务，于{{ 季度 }}季度末前报送整改措施。"
    for run in standing.runs[1:]:
        run.text = ""
    page = _upload(client, template).content.decode()
    assert "已改用本单位模板" in page
    content = rankings.bulletin(scheme, 2026, 3, office=region("420581"), day=date(2026, 10, 9))
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "请各乡镇对照年度目标任务，于三季度末前报送整改措施。" in texts
    assert "关于2026年第三季度宜都市各单位知识产权重点指标排名情况的通报" in texts
    assert (
        "一、综合排名" in texts
        and "2026年10月9日" in texts
        and len(Document(io.BytesIO(content)).tables) == 1
    )
    # Another county still gets the shipped one.
    other = rankings.bulletin(scheme, 2026, 3, office=region("420583"), day=date(2026, 10, 9))
    assert not any("请各乡镇对照" in p.text for p in Document(io.BytesIO(other)).paragraphs)
    # Back to the shipped template.
    client.post(reverse("setup:templates"), {"kind": "ranking-bulletin", "action": "revert"})
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.add_paragraph("{{ 落款单位 }}"), "不认识的占位符：{{ 落款单位 }}"),
        (lambda d: d.add_paragraph("{{ 标题 }"), "占位符写法有误"),
        (lambda d: _drop(d, "{{p 正文 }}"), "缺少占位符 {{p 正文 }}"),
    ],
)
def test_a_broken_template_is_refused_naming_what_is_wrong(client, admin, change, message):
    template = Document(
        io.BytesIO(client.get(reverse("setup:template_download", args=["report", "current"])).content)
    )
    change(template)
    page = _upload(client, template, kind="report").content.decode()
    assert "模板未保存" in page and message in page.replace("&#x27;", "'")
    assert not DocumentTemplate.objects.exists()


def _drop(document, text: str) -> None:
    paragraph = next(p for p in document.paragraphs if p.text == text)
    paragraph._p.getparent().remove(paragraph._p)


def test_a_file_that_is_not_a_docx_is_refused(client, admin):
    fake = io.BytesIO(b"PK\x03\x04 not really a zip")
    fake.name = "通报模板.docx"
    page = client.post(
        reverse("setup:templates"), {"kind": "report", "file": fake}, follow=True
    ).content.decode()
    assert "不是 Word 文档（.docx）" in page and not DocumentTemplate.objects.exists()
    page = client.get(reverse("setup:templates")).content.decode()
    assert "{{ 发文机关标志 }}" in page and "系统模板" in page


def test_a_report_template_too_keeps_its_cover_contents_and_the_offices_words(client, admin):
    """The white paper's template: cover and contents around {{p 正文 }}; the office adds a line."""
    from zhichan.protection import stats

    template = Document(
        io.BytesIO(client.get(reverse("setup:template_download", args=["white-paper", "current"])).content)
    )
    texts = [p.text for p in template.paragraphs]
    assert "{{ 标题 }}" in texts and "{{ 副标题 }}" in texts and "{{p 正文 }}" in texts
    template.add_paragraph("本白皮书由{{ 署名 }}编制，数据截至{{ 年度 }}年底。")
    assert "已改用本单位模板" in _upload(client, template, kind="white-paper").content.decode()
    paper = Document(io.BytesIO(stats.white_paper_docx(region("420581"), 2026, day=date(2027, 1, 20))))
    texts = [p.text for p in paper.paragraphs]
    assert "宜都市知识产权保护状况白皮书" in texts and "（2026年）" in texts and "2027年1月20日" in texts
    assert "本白皮书由宜都市市场监督管理局编制，数据截至2026年底。" in texts
    assert next(p.text for p in paper.paragraphs if p.style.name == "Heading 1") == "一、总体情况"
    assert "七、海外风险预警" in paper.element.body.xml  # the contents list the headings
