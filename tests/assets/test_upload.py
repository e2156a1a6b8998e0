"""Uploading an export runs the import in the real django-tasks worker, with a report to read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.assets.test_imports import INCOPAT_HEADER, incopat_rows, write_csv
from tests.conftest import make_user
from zhichan.assets.models import ImportBatch, Patent
from zhichan.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("committed_tree")]


def test_upload_runs_as_a_job_and_links_to_the_report(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    official = make_user("t_upload", region_code="420581")
    client.force_login(official)
    path = write_csv(tmp_path / "export.csv", INCOPAT_HEADER, incopat_rows())
    response = client.post(
        reverse("assets:imports"),
        {
            "kind": "patents",
            "file": SimpleUploadedFile("导出.csv", path.read_bytes(), content_type="text/csv"),
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    call_command("db_worker", batch=True, no_startup_delay=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.progress_total == 9 and job.percent == 100  # the bar had a total from the start
    batch = ImportBatch.objects.get()
    assert job.result["url"] == reverse("assets:batch", args=[batch.pk])
    assert batch.created_by == official and batch.region.code == "420581"
    assert (batch.created, batch.rejected) == (5, 3)
    assert Patent.objects.count() == 5
    page = client.get(job.result["url"]).content.decode()
    assert "数据质量报告" in page and "校验位错误" in page


def test_upload_refuses_other_file_types(client, tmp_path):
    client.force_login(make_user("t_upload2", region_code="420581"))
    response = client.post(
        reverse("assets:imports"), {"kind": "patents", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200 and "只接受" in response.content.decode()
    assert not Job.objects.exists()
