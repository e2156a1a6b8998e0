"""Background jobs run by the real django-tasks database worker."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from zhichan.jobs.models import Job, JobStatus
from zhichan.jobs.services import job_rerun
from zhichan.regions.models import RegionFigure

# The worker commits and closes connections as it does in production, so these tests run on
# committed data (pytest-django runs them after the others; the flush empties the tree, which
# the committed_tree fixture restores).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("committed_tree")]


@pytest.fixture
def post(client):
    return client.post


def upload(rows, name="figures.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())


def test_upload_runs_as_job_with_progress_and_row_errors(client, post, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles["county"])
    response = post(
        reverse("regions:figures_import"),
        {"file": upload([["区划代码", "年度", "常住人口"], ["420581", 2024, 380000], ["420581", "x", 1]])},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.task_id
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert "排队中" in page.content.decode()

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert job.result["created"] == 1
    assert job.result["rejected"] == [{"row": 3, "column": "年度", "message": "年度“x”无效"}]
    assert RegionFigure.objects.get(region__code="420581", year=2024).resident_population == 380000
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in partial and "年度“x”无效" in partial and "hx-trigger" not in partial


def test_failed_job_can_be_rerun(client, post, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles["county"])
    post(reverse("regions:figures_import"), {"file": upload([["区划代码", "年度"], ["420581", 2024]])})
    job = Job.objects.get()
    stored = job.params["path"]
    # The stored file is damaged before the worker reaches it: the job fails and says why.
    with open(stored, "wb") as handle:
        handle.write(b"PK\x03\x04 damaged")
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "不是有效的 Excel" in job.error
    # Once the file is good again, re-running succeeds and keeps the failed run.
    with open(stored, "wb") as handle:
        handle.write(upload([["区划代码", "年度", "常住人口"], ["420581", 2024, 5]]).getvalue())
    response = post(reverse("jobs:rerun", args=[job.pk]))
    new = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("jobs:detail", args=[new.pk]) and new.rerun_of == job
    run_worker()
    new.refresh_from_db()
    assert new.status == JobStatus.SUCCEEDED
    with pytest.raises(ValueError):
        job_rerun(job=new)


def test_other_county_cannot_watch_the_job(client, post, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles["county"])
    post(reverse("regions:figures_import"), {"file": upload([["区划代码", "年度"], ["420581", 2024]])})
    job = Job.objects.get()
    client.force_login(roles["other_county"])
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    client.force_login(roles["city"])
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_upload_rejects_wrong_types(client, roles):
    client.force_login(roles["county"])
    fake = io.BytesIO(b"not a workbook")
    fake.name = "figures.xlsx"
    response = client.post(reverse("regions:figures_import"), {"file": fake})
    assert "不是有效的 xlsx 文件" in response.content.decode()
    other = io.BytesIO(b"%PDF")
    other.name = "figures.pdf"
    assert "只接受" in client.post(reverse("regions:figures_import"), {"file": other}).content.decode()
    assert not Job.objects.exists()
