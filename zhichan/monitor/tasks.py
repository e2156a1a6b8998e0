"""Background jobs of the monitoring system: the monthly or quarterly report in three formats."""

from pathlib import Path

from django.conf import settings
from django_tasks import task

from zhichan.jobs.models import Job
from zhichan.jobs.services import Progress, job_execute
from zhichan.lib import files

FORMATS = [("docx", "监测报告（Word）"), ("pdf", "监测报告（PDF）"), ("xlsx", "数据包（Excel）")]


def report_folder(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "reports" / str(job_id)


def _report(job: Job, progress: Progress) -> dict:
    from zhichan.monitor import reports
    from zhichan.regions.models import Region

    params = job.params
    region = Region.objects.get(code=params["region"])
    progress.total(len(FORMATS) + 1)
    data = reports.report_data(region, params["kind"], params["year"], params["number"])
    progress.advance(1)
    makers = {"docx": reports.report_docx, "pdf": reports.report_pdf, "xlsx": reports.report_xlsx}
    written = files.write_reports(
        report_folder(job.pk), data.title,
        [(fmt, label, lambda fmt=fmt: makers[fmt](data)) for fmt, label in FORMATS],
        progress=lambda: progress.advance(1),
    )  # fmt: skip
    return {"title": data.title, "as_of": data.as_of.isoformat(), "files": written}


@task()
def report_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_report)
