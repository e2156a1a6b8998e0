"""Large list exports become background jobs with a download (issue 29 finding 11): the job
writes exactly what the list would have streamed for the user who asked, and only users who may
see the job can download the file."""

from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhichan.assets.models import Patent, PatentKind
from zhichan.jobs import exports
from zhichan.jobs.models import Job
from zhichan.jobs.services import job_execute
from zhichan.lib import patentno

pytestmark = pytest.mark.django_db


def _patents(n: int, holder, title="一种茶叶杀青机", start=0):
    for i in range(start, start + n):
        Patent.objects.create(number=patentno.make(f"2024{'1' if i % 2 else '2'}{i + 1:07d}"),
                              kind=PatentKind.INVENTION if i % 2 else PatentKind.UTILITY, title=title,
                              filed_on=date(2024, 1, 1), applicants=holder.name, region=holder.region)  # fmt: skip


def test_a_long_list_is_exported_by_a_job(client, roles, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(exports, "INLINE_MAX", 5)
    _patents(8, roles["yidu_firm"], title='=HYPERLINK("http://evil.example")')
    _patents(3, roles["zhijiang_firm"], start=100)
    client.force_login(roles["county"])
    small = client.get(reverse("assets:patent_export", args=["csv"]), {"kind": "design"})
    assert small.status_code == 200  # short lists stream at once
    answer = client.get(reverse("assets:patent_export", args=["xlsx"]))
    job = Job.objects.get(kind="export")
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[job.pk])
    result = job_execute(job_id=job.pk, handler=exports._write)
    assert result["rows"] == 8  # 宜都's only, as the list shows the county official
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "下载（8 条，XLSX）" in page
    download = client.get(reverse("jobs:file", args=[job.pk, "export.xlsx"]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    sheet = load_workbook(tmp_path / "exports" / str(job.pk) / "export.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 9 and all(r[2].startswith("'=") for r in rows[1:])
    client.force_login(roles["other_county"])
    assert client.get(reverse("jobs:file", args=[job.pk, "export.xlsx"])).status_code == 404


def test_an_export_job_names_only_known_exports(roles):
    job = Job.objects.create(kind="export", title="x", created_by=roles["county"],
                             params={"export": "zhichan.ops.backup.backup", "fmt": "csv", "query": ""})  # fmt: skip
    with pytest.raises(ValueError, match="无效的导出任务"):
        job_execute(job_id=job.pk, handler=exports._write)
