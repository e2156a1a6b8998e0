"""The monitoring report: Word with native charts, PDF, the xlsx pack, as a background job."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.monitor.test_compute import LUCHENG, patent, region
from zhichan.jobs.models import Job, JobStatus
from zhichan.monitor import reports


def test_period_ends():
    assert reports.period_end("month", 2024, 2) == date(2024, 2, 29)
    assert reports.period_end("month", 2025, 12) == date(2025, 12, 31)
    assert reports.period_end("quarter", 2025, 3) == date(2025, 9, 30)


@pytest.mark.django_db
def test_the_three_files_carry_the_figures_and_charts(settings):
    settings.HOME_REGION_CODE = "420581"
    patent(LUCHENG)
    patent(LUCHENG, granted=date(2025, 8, 1))
    data = reports.report_data(region("420581"), "quarter", 2025, 3)
    assert data.title == "宜都市知识产权监测报告（2025年第三季度）"
    document = Document(io.BytesIO(reports.report_docx(data)))
    board = document.tables[0]
    first = [c.text for c in board.rows[1].cells]
    assert first[:3] == ["有效发明专利量", "件", "2"]
    with zipfile.ZipFile(io.BytesIO(reports.report_docx(data))) as package:
        charts = sorted(n for n in package.namelist() if n.startswith("word/charts/chart"))
        kinds = package.read(charts[1]).decode()
        assert len(charts) == 5 and "<c:barChart>" in kinds and "发明" in kinds  # type composition
        assert "<c:lineChart>" in package.read(charts[-1]).decode()  # the trend
        assert any(n.startswith("word/embeddings/") for n in package.namelist())  # editable data
    drawn = reports.pdf_drawn(data)  # without LibreOffice: reportlab, the reader's Song font
    assert drawn.startswith(b"%PDF") and b"STSong-Light" in drawn
    book = load_workbook(io.BytesIO(reports.report_xlsx(data)))
    assert book["指标"]["C1"].value == "有效发明专利量（件）" and book["指标"]["C2"].value == 2
    assert book["指标"]["C2"].number_format == "#,##0" and book["指标"]["C1"].font.bold
    assert book["指标"].freeze_panes == "A2" and book["指标"].column_dimensions["B"].width >= 8
    assert any(sheet._charts for sheet in book.worksheets)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree")
def test_the_report_job_and_its_downloads(client, roles, settings, tmp_path):
    """Run by the real worker, as in production (committed data)."""
    from tests.jobs.test_jobs import run_worker

    settings.HOME_REGION_CODE = "420581"
    settings.MEDIA_ROOT = tmp_path
    patent(LUCHENG)
    client.force_login(roles["county"])
    form = {"region": "420581", "kind": "quarter", "year": "2025", "number": "2"}
    response = client.post(reverse("monitor:reports"), form)
    job = Job.objects.get(kind="monitor_report")
    assert response.status_code == 302 and job.params["region"] == "420581"
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    names = [f["name"] for f in job.result["files"]]
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "pdf", "xlsx"]
    download = client.get(reverse("monitor:report_file", args=[job.pk, names[1]]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("monitor:report_file", args=[job.pk, "..%2F..%2Fsecret"])).status_code == 404
    assert "监测报告（PDF）" in client.get(reverse("monitor:reports")).content.decode()
    client.force_login(roles["other_county"])
    assert client.get(reverse("monitor:report_file", args=[job.pk, names[1]])).status_code == 404
    assert client.post(reverse("monitor:reports"), form).status_code == 404  # not its region
    client.force_login(roles["county"])
    future = {**form, "year": "2099"}
    assert client.post(reverse("monitor:reports"), future).status_code == 302  # refused with a message
    assert Job.objects.filter(kind="monitor_report").count() == 1
