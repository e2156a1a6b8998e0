"""Issue 29's findings replayed, with variations: each must fail now.

Reading another county's files through a report, writing outside MEDIA_ROOT through a name,
writing another region's records through an import, taking a complaint to read its personal
data, dangerous attachments, personal data in the audit log, formulas and control characters in
documents, bad page numbers, lost edits, a missing Content Security Policy."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.assets.test_imports import write_csv
from tests.conftest import make_entity, make_user, region
from zhichan.assets.imports import run_import
from zhichan.assets.models import Patent, PatentApplicant, PatentKind
from zhichan.jobs.services import job_execute
from zhichan.lib import attachments, patentno
from zhichan.navigation import services as navigation
from zhichan.navigation import tasks
from zhichan.navigation.models import Scope
from zhichan.protection import services as protection
from zhichan.protection.models import Case, CaseKind, Complaint, ComplaintStep

pytestmark = pytest.mark.django_db

# What a hostile user types into any text that reaches a document.
NASTY = [
    '<img src="var/media/complaints/2026/05/身份证.png"/>',
    "<b>粗体</b> & <font size=40>大字</font> < 未闭合",
    "../../../../x-",
    "/etc/zhichan-",
    '=HYPERLINK("http://evil.example/","点击")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "控制\x01字符\x07与\x1b退格\x08",
    "C:\\Windows\\x-",
]


def _patent(number: str, title: str, holder, kind=PatentKind.INVENTION) -> Patent:
    patent = Patent.objects.create(number=patentno.make(number), kind=kind, title=title, filed_on=date(2021, 3, 2),
                                   main_ipc="C04B 11/26", ipc_codes="C04B 11/26", applicants=holder.name,
                                   first_applicant=holder, region=holder.region)  # fmt: skip
    PatentApplicant.objects.create(patent=patent, position=1, name=holder.name, entity=holder)
    return patent


@pytest.mark.parametrize("nasty", NASTY)
def test_report_texts_are_only_text(nasty, roles, tmp_path, settings):
    """Finding 1, 2 and 11: a scope's name and purpose, a patent's title and an applicant's name
    reach the Word, PDF and Excel report as text: no image read from the server's disk, no file
    outside its folder, no formula, no failure."""
    settings.MEDIA_ROOT = tmp_path / "media"
    secret = tmp_path / "media" / "complaints" / "2026" / "05" / "身份证.png"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    firm = make_entity(f"测试新材{nasty}有限公司", "420581", serial="00000042")
    _patent("202110345678", f"一种磷石膏{nasty}材料", firm)
    scope = navigation.scope_save(Scope(name=f"导航{nasty}", office=region("420581"), home=region("420581"),
                                        ipc="C04B", purpose=nasty, keywords=""))  # fmt: skip
    run = navigation.report_start(scope=scope, as_of=date(2026, 12, 1), user=roles["county"])
    result = job_execute(job_id=run.job.pk, handler=tasks._navigate)
    folder = tasks.report_folder(run.pk)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and p != secret)
    assert written == [folder.relative_to(tmp_path) / f"report.{f}" for f in ("docx", "pdf", "xlsx")]
    pdf = (folder / "report.pdf").read_bytes()
    assert b"/Subtype /Image" not in pdf and b"/XObject" not in pdf  # no picture of any file
    text = "\n".join(p.text for p in Document(folder / "report.docx").paragraphs)
    assert "\x01" not in text and f"导航{nasty}".replace("\x01", "")[:2] in text
    book = load_workbook(folder / "report.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "@")), cell.value
    # The download is named after the scope, but only as a header.
    client_for = Client()
    client_for.force_login(roles["county"])
    answer = client_for.get(reverse("navigation:run_file", args=[run.pk, result["files"][0]["name"]]))
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    assert (
        client_for.get(reverse("navigation:run_file", args=[run.pk, "..%2F..%2Fsecret"])).status_code == 404
    )


def test_an_import_cannot_overwrite_another_regions_record(roles, tmp_path):
    """Finding 3: 枝江's official imports a row with a 宜都 patent's number, an 枝江 address and
    全部无效: refused by row, the patent untouched; a new 枝江 row in the same file goes in."""
    yidu = _patent("202110345678", "一种磷石膏基胶凝材料", roles["yidu_firm"])
    header = ["申请号", "发明名称", "申请日", "申请（专利权）人", "地址", "法律状态"]
    rows = [
        [f"CN{yidu.number}", "被篡改的名称", "2021-03-02", "枝江市测试酒业有限公司", "湖北省枝江市马家店街道", "全部无效"],
        [f"CN{patentno.make('202410000301')}", "一种白酒酿造装置", "2024-02-01", "枝江市测试酒业有限公司",
         "湖北省枝江市马家店街道", "审中"],
    ]  # fmt: skip
    batch = run_import("patents", path=write_csv(tmp_path / "f.csv", header, rows), user=roles["other_county"],
                       within=roles["other_county"].region)  # fmt: skip
    yidu.refresh_from_db()
    assert (
        yidu.title == "一种磷石膏基胶凝材料"
        and yidu.region == roles["yidu_firm"].region
        and not yidu.events.exists()
    )
    assert batch.created == 1 and batch.rejected == 1 and batch.errors[0]["row"] == 2
    assert "管辖范围" in batch.errors[0]["message"]
    # The office that holds it may update it.
    batch = run_import("patents", path=write_csv(tmp_path / "g.csv", header, rows[:1]), user=roles["county"],
                       within=roles["county"].region)  # fmt: skip
    assert batch.rejected == 1  # the row's 枝江 address is outside 宜都: the move itself is refused
    batch = run_import("patents", path=write_csv(tmp_path / "h.csv", header, rows[:1]), user=roles["province"],
                       within=roles["province"].region)  # fmt: skip
    yidu.refresh_from_db()
    assert batch.updated == 1 and yidu.title == "被篡改的名称"


def _complaint(**extra) -> Complaint:
    data = dict(kind="complaint", region=region("420581"), phone="13900001111", subject="某某贸易公司",
                description="王小明（身份证420581199001011234，电话13900001111）投诉该公司销售假冒专利产品。",
                name="王小明")  # fmt: skip
    return protection.complaint_file(**(data | extra))


def test_only_the_receiving_office_assigns_a_handler(client, roles):
    """Finding 7: a city official cannot make himself the handler of a county's complaint; the
    county's official can, recorded as a step and in the audit trail."""
    complaint = _complaint()
    client.force_login(roles["city"])
    client.post(reverse("protection:complaint", args=[complaint.pk]), {"action": "take"})
    complaint.refresh_from_db()
    assert complaint.handler is None
    page = client.get(reverse("protection:complaint", args=[complaint.pk])).content.decode()
    assert "13900001111" not in page and "420581199001011234" not in page and "由我承办" not in page
    client.force_login(roles["county"])
    client.post(reverse("protection:complaint", args=[complaint.pk]), {"action": "take"})
    complaint.refresh_from_db()
    assert complaint.handler == roles["county"]
    assert ComplaintStep.objects.filter(
        complaint=complaint, note__contains="指定承办人", by=roles["county"]
    ).exists()
    entries = [
        e
        for e in LogEntry.objects.get_for_object(complaint).filter(action=LogEntry.Action.UPDATE)
        if "handler" in (e.changes_dict or {})
    ]
    assert [e.actor for e in entries] == [roles["county"]]
    # Nor can the handler be someone of another office.
    with pytest.raises(ValidationError, match="在职工作人员"):
        protection.handler_assign(record=complaint, handler=roles["city"], by=roles["county"])


def test_cases_too_and_the_audit_log_redacts_what_the_case_page_redacts(client, roles):
    """Findings 7 and 8: the same rule for cases; the audit log shows a case's summary redacted
    to all but its handler."""
    case = Case.objects.create(kind=CaseKind.ADJUDICATION, region=region("420581"), title="专利侵权纠纷",
                               requested_on=date(2026, 11, 2), number="宜都知裁字〔2026〕1号")  # fmt: skip
    client.force_login(roles["city"])
    client.post(reverse("protection:case", args=[case.pk]), {"action": "take"})
    case.refresh_from_db()
    assert case.handler is None
    protection.handler_assign(record=case, handler=roles["county"], by=roles["county"])
    case.summary = "当事人王小明（电话13900001111，身份证420581199001011234）称……"
    case.save()
    client.force_login(make_user("t_yidu2", region_code="420581"))
    log = client.get(reverse("audit:list"), {"model": "case"}).content.decode()
    assert "13900001111" not in log and "420581199001011234" not in log and "＊＊＊" in log
    client.force_login(roles["county"])  # the handler
    assert "13900001111" in client.get(reverse("audit:list"), {"model": "case"}).content.decode()


def test_complaint_text_is_redacted_for_all_but_the_handler(client, roles):
    complaint = _complaint()
    client.force_login(roles["county"])
    page = client.get(reverse("protection:complaint", args=[complaint.pk])).content.decode()
    assert "420581199001011234" not in page and "投诉该公司销售假冒专利产品" in page


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("证据.hta", b"%PDF-1.4 <script>"),
        ("证据.jar", _zip({"META-INF/MANIFEST.MF": b"Main-Class: x", "[Content_Types].xml": b"<x/>"})),
        ("证据.docx", _zip({"META-INF/MANIFEST.MF": b"Main-Class: x", "[Content_Types].xml": b"<x/>"})),
        ("证据.pdf", b"MZ\x90\x00 an executable"),
        ("证据.png", b"%PDF-1.4 not an image"),
        ("证据.svg", b"<svg onload=alert(1)>"),
        ("证据.html", b"<html>"),
        ("证据", b"%PDF-1.4"),
    ],
)
def test_dangerous_attachments_are_refused(name, content):
    """Finding 9: the type must be on the list and the content must be that type."""
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        attachments.check(SimpleUploadedFile(name, content), 10 << 20)


def test_attachments_are_stored_under_random_names_and_served_typed(client, roles, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    word = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    complaint = _complaint(files=[SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 id card"),
                                  SimpleUploadedFile("合同.docx", word)])  # fmt: skip
    stored = [a.file.name for a in complaint.attachments.all()]
    assert all("身份证" not in n and "合同" not in n and len(Path(n).stem) == 32 for n in stored), stored
    protection.handler_assign(record=complaint, handler=roles["county"], by=roles["county"])
    client.force_login(roles["county"])
    pdf = complaint.attachments.get(name="身份证.pdf")
    answer = client.get(reverse("protection:attachment", args=[complaint.pk, pdf.pk]))
    assert answer["Content-Type"] == "application/pdf" and answer["Content-Disposition"].startswith(
        "attachment"
    )


def test_bad_page_numbers_are_not_found(client, roles):
    client.force_login(roles["county"])
    for page in ["9" * 40, "-1", "0", "abc", "1e9", "1000001"]:
        assert client.get(reverse("assets:patents"), {"page": page}).status_code == 404, page
    assert client.get(reverse("assets:patents"), {"page": "2"}).status_code in (200, 404)


def test_every_page_carries_a_content_security_policy(client, roles):
    client.force_login(roles["county"])
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert (
        "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
        and "unsafe-inline" not in policy.split("style-src")[0]
    )
    body = response.content.decode()
    inline = [t.split(">")[0] for t in body.split("<script")[1:] if "src=" not in t.split(">")[0]]
    inline = [t for t in inline if "application/json" not in t]  # data, not run
    assert inline and all(f'nonce="{nonce}"' in t for t in inline), inline
    assert "onsubmit=" not in body and "onclick=" not in body


def test_a_second_edit_over_a_change_is_refused(client, roles):
    """Finding 12: two people edit one entity; the second save is told the record changed."""
    firm = roles["yidu_firm"]
    client.force_login(roles["county"])
    form = client.get(reverse("entities:edit", args=[firm.pk])).context["form"]
    seen = {k: v for k, v in form.initial.items() if v is not None}
    first = seen | {"address": "宜都市红花套镇 1 号", "region_code": "420581100"}
    assert client.post(reverse("entities:edit", args=[firm.pk]), first).status_code == 302
    second = seen | {"contact_name": "李四", "region_code": "420581100"}
    refused = client.post(reverse("entities:edit", args=[firm.pk]), second)
    firm.refresh_from_db()
    assert refused.status_code == 200 and "已被他人修改" in refused.content.decode()
    assert firm.address == "宜都市红花套镇 1 号" and firm.contact_name != "李四"


def test_control_characters_never_reach_the_registry(roles, tmp_path):
    header = ["申请号", "发明名称", "申请日", "申请（专利权）人", "地址"]
    rows = [[f"CN{patentno.make('202410000401')}", "一种\x01茶叶\x07杀青机", "2024-02-01", "宜都市测试\x0b茶业有限公司",
             "湖北省宜都市五眼泉镇"]]  # fmt: skip
    run_import("patents", path=write_csv(tmp_path / "f.csv", header, rows, encoding="utf-8"), user=roles["county"],
               within=roles["county"].region)  # fmt: skip
    patent = Patent.objects.get()
    assert patent.title == "一种茶叶杀青机" and patent.applicants == "宜都市测试茶业有限公司"


@pytest.mark.parametrize("nasty", NASTY)
def test_the_white_paper_holds_text_only(nasty, client, roles):
    """A workstation's name and a typical case's title reach the white paper's workbook as text."""
    from openpyxl import load_workbook as load

    from zhichan.protection.models import Disclosure, Workstation

    Workstation.objects.create(kind="protection", name=f"工作站{nasty}", region=region("420581100"),
                               address="宜都市红花套镇", host=roles["yidu_firm"], established_on=date(2024, 3, 1))  # fmt: skip
    case = Case.objects.create(kind=CaseKind.ADJUDICATION, region=region("420581"), title="专利侵权纠纷",
                               requested_on=date(2026, 3, 2), number="宜都知裁字〔2026〕9号")  # fmt: skip
    Disclosure.objects.create(case=case, title=f"典型案例{nasty}", body={}, published_on=date(2026, 6, 1), typical=True,
                              typical_note=nasty)  # fmt: skip
    client.force_login(roles["county"])
    answer = client.get(reverse("protection:white_paper"), {"year": "2026"})
    book = load(io.BytesIO(b"".join(answer.streaming_content)))
    texts = [c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("典型案例" in t for t in texts) and any("工作站" in t for t in texts)
    assert not [t for t in texts if t.startswith(("=", "+", "@", "-"))]
    assert not [c for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    from docx import Document  # the Word white paper carries the same text, control characters dropped

    word = Document(
        io.BytesIO(client.get(reverse("protection:white_paper"), {"year": "2026", "format": "docx"}).content)
    )
    assert any(p.text.startswith("（一）典型案例") for p in word.paragraphs)


def test_bad_parameters_are_not_found_not_server_errors(client, roles):
    client.force_login(roles["county"])
    assert client.get(reverse("protection:white_paper"), {"year": "二〇二六"}).status_code == 404
    assert client.get(reverse("market:grades"), {"holder": "1 OR 1=1"}).status_code == 404


def test_a_pledge_list_cannot_pledge_another_regions_patent(roles, tmp_path):
    """Finding 3 through the pledge list: 枝江's official cannot register a pledge (and its
    events) on a 宜都 patent, nor a pledge whose pledgor is a 宜都 firm."""
    yidu = _patent("202110345678", "一种磷石膏基胶凝材料", roles["yidu_firm"])
    zhijiang = _patent("202110345689", "一种白酒酿造装置", roles["zhijiang_firm"])
    header = ["专利号", "出质人", "质权人", "登记生效日", "解除日", "合同登记号"]
    rows = [
        [f"ZL{yidu.number}", roles["zhijiang_firm"].name, "测试银行枝江支行", "2024-03-01", "", "Y2024420000901"],
        [f"ZL{zhijiang.number}", roles["yidu_firm"].name, "测试银行枝江支行", "2024-03-01", "", "Y2024420000902"],
        [f"ZL{zhijiang.number}", roles["zhijiang_firm"].name, "测试银行枝江支行", "2024-03-01", "", "Y2024420000903"],
    ]  # fmt: skip
    batch = run_import("pledges", path=write_csv(tmp_path / "p.csv", header, rows), user=roles["other_county"],
                       within=roles["other_county"].region)  # fmt: skip
    assert (batch.created, batch.rejected) == (1, 2) and [e["row"] for e in batch.errors] == [2, 3]
    assert not yidu.events.exists() and zhijiang.events.count() == 1


def test_opening_a_case_does_not_make_a_city_official_its_handler(roles):
    from zhichan.protection import cases

    complaint = _complaint()
    case = cases.case_from_complaint(complaint=complaint, kind=CaseKind.ADJUDICATION, user=roles["city"])
    assert case.handler is None and not protection.may_see_personal(roles["city"], case)
    other = cases.case_from_complaint(complaint=_complaint(phone="13900002222"), kind=CaseKind.ADJUDICATION,
                                      user=roles["county"])  # fmt: skip
    assert other.handler == roles["county"]
