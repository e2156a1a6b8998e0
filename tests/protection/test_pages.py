"""The protection pages as staff and the public use them: opening a case from a complaint, the
cycle table and its export, the white paper workbook, workstations and warnings, region scope."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import region
from tests.protection.test_cases import concluded, natural_person_case
from zhichan.protection import disclosure, services
from zhichan.protection.models import Case, RiskWarning, Workstation

pytestmark = pytest.mark.django_db


def test_staff_open_a_case_from_a_complaint_and_walk_it(client, roles):
    complaint = services.complaint_file(kind="complaint", region=region("420581"), phone="13800001234",
                                        subject="宜都市某商行", description="销售侵犯本公司发明专利权的产品。",
                                        name="宜都市维权测试有限公司", received_on=date(2026, 11, 2))  # fmt: skip
    client.force_login(roles["county"])
    response = client.post(
        reverse("protection:complaint_case", args=[complaint.pk]), {"kind": "adjudication"}
    )
    case = Case.objects.get()
    assert response.url == reverse("protection:case", args=[case.pk])
    url = reverse("protection:case", args=[case.pk])
    client.post(url, {"action": "move", "to": "filed", "on": "2026-11-04"})
    client.post(
        url, {"action": "move", "to": "decided", "on": "2026-11-05", "outcome": "x"}
    )  # not allowed here
    case.refresh_from_db()
    assert case.status == "filed" and case.filed_on == date(2026, 11, 4)
    page = client.get(url).content.decode()
    assert "待核对原文" in page and "宜都市某商行" in page
    client.force_login(roles["other_county"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "move", "to": "served"}).status_code == 404


def test_cycle_page_export_and_white_paper(client, roles):
    concluded(date(2026, 1, 5), date(2026, 1, 6), date(2026, 2, 15))
    case = natural_person_case()
    disclosure.disclosure_publish(case=case, on=date(2026, 5, 12), typical=True, typical_note="网售假冒专利")
    client.force_login(roles["county"])
    page = client.get(
        reverse("protection:cycle"), {"start": "2026-01-01", "end": "2026-06-30"}
    ).content.decode()
    assert "40" in page and "宜都知裁字〔2026〕1号" in page
    export = client.get(
        reverse("protection:cycle"), {"start": "2026-01-01", "end": "2026-06-30", "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert book["处理周期"]["B2"].value == 1 and book["审结案件"]["E2"].value == 40
    paper = client.get(reverse("protection:white_paper"), {"year": "2026"})
    book = load_workbook(io.BytesIO(b"".join(paper.streaming_content)))
    assert book.sheetnames == ["案件办理", "处理周期", "投诉举报", "执法信息公开", "工作站", "海外风险预警"]
    counts = {row[0]: row[1:] for row in book["案件办理"].iter_rows(min_row=3, values_only=True)}
    assert counts["专利侵权纠纷行政裁决"] == (1, 1, 1, 0) and counts["假冒专利查处"] == (1, 1, 1, 0)
    assert (
        book["执法信息公开"]["B1"].value == 1 and book["执法信息公开"]["B2"].value == 1
    )  # published, typical
    # The white paper itself (issue 23, item 5): a report with a cover, contents, numbered headings,
    # tables and figures, the same figures as the workbook, and the typical case in words.
    from docx import Document

    word = client.get(reverse("protection:white_paper"), {"year": "2026", "format": "docx"})
    document = Document(io.BytesIO(word.content))
    texts = [p.text for p in document.paragraphs]
    assert "宜都市知识产权保护状况白皮书" in texts and "（2026年）" in texts
    assert 'TOC \\o "1-2"' in document.element.body.xml  # the contents, a field Word fills in
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、案件办理", "三、处理周期", "四、投诉举报", "五、典型案例", "六、保护网络",
                        "七、海外风险预警"]  # fmt: skip
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert (
        captions[0] == "表1\u30002026年知识产权保护案件统计（件）" and "图1\u3000立案与审结（件）" in captions
    )
    cases = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in document.tables[0].rows[1:]}
    assert (
        cases["专利侵权纠纷行政裁决"]
        == ["1", "1", "1", "0"]
        == [str(v) for v in counts["专利侵权纠纷行政裁决"]]
    )
    assert "典型意义：网售假冒专利" in texts
    assert any(t.startswith("2026年，宜都市共收到知识产权保护案件请求和线索 2 件") for t in texts)


def test_workstations_and_warnings_pages(client, roles):
    client.force_login(roles["county"])
    client.post(reverse("protection:stations"), {"kind": "protection", "name": "红花套镇知识产权保护工作站",
                                                 "region": "420581100", "host": roles["yidu_firm"].pk,
                                                 "established_on": "2025-03-01"})  # fmt: skip
    station = Workstation.objects.get()
    url = reverse("protection:station", args=[station.pk])
    client.post(url, {"action": "log", "on": "2026-04-02", "kind": "consultation", "count": "5"})
    client.post(url, {"action": "review", "year": "2026", "score": "75", "comment": "台账完整"})
    assert station.reviews.get().figures["consultation"] == 5
    assert "红花套镇知识产权保护工作站" in client.get(reverse("protection:public_stations")).content.decode()
    client.post(reverse("protection:stations"), {"kind": "protection", "name": "外县工作站", "region": "420583",
                                                 "host": roles["zhijiang_firm"].pk})  # fmt: skip
    assert Workstation.objects.count() == 1  # not in the official's region
    client.post(reverse("protection:warnings"), {"title": "欧盟电池法规合规风险", "country": "欧盟", "ipc": "H01M",
                                                 "summary": "电池护照与回收要求。", "level": "high"})  # fmt: skip
    warning = RiskWarning.objects.get()
    assert warning.published_on is None
    assert "欧盟电池法规" not in client.get(reverse("protection:public_warnings")).content.decode()
    client.post(reverse("protection:warning", args=[warning.pk]), {"action": "publish"})
    assert "欧盟电池法规" in client.get(reverse("protection:public_warnings")).content.decode()
    client.post(
        reverse("protection:warning", args=[warning.pk]), {"entity": roles["zhijiang_firm"].pk, "why": "x"}
    )
    assert warning.targets.count() == 0  # outside the region: refused
    client.post(
        reverse("protection:warnings"), {"title": "坏", "country": "美国", "ipc": "XYZ", "summary": "s"}
    )
    assert RiskWarning.objects.count() == 1  # an invalid IPC is refused with a message


def test_the_limits_page_names_each_limit_without_its_internal_code(client, roles):
    from zhichan.protection.models import TimeLimit

    client.force_login(roles["county"])
    page = client.get(reverse("protection:limits")).content.decode()
    limit = TimeLimit.objects.filter(code="adj_answer").first()
    assert limit.label in page and "adj_answer" not in page and "complaint_accept" not in page
