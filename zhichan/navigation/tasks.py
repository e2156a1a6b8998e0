"""The navigation report as a background job: analyse the scope, then write Word, PDF and xlsx."""

from pathlib import Path

from django.conf import settings
from django_tasks import task

from zhichan.jobs.models import Job
from zhichan.jobs.services import Progress, job_execute
from zhichan.lib import files

FORMATS = [("docx", "导航报告（Word）"), ("pdf", "导航报告（PDF）"), ("xlsx", "图表数据（Excel）")]


def report_folder(run_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "navigation" / str(run_id)


def write_reports(run) -> list[dict]:
    from zhichan.navigation import report

    makers = {"docx": report.report_docx, "pdf": report.report_pdf, "xlsx": report.report_xlsx}
    return files.write_reports(
        report_folder(run.pk), f"{run.scope.name}专利导航报告",
        [(fmt, label, lambda fmt=fmt: makers[fmt](run)) for fmt, label in FORMATS],
    )  # fmt: skip


def _navigate(job: Job, progress: Progress) -> dict:
    from zhichan.navigation import analysis
    from zhichan.navigation.models import Run

    run = Run.objects.select_related("scope").get(pk=job.params["run"])
    steps = 9 + len(FORMATS)
    progress.total(steps)
    analysis.analyse(run, progress=lambda n, _total, name: progress.advance(n, f"分析：{name}"))
    written = write_reports(run)
    progress.advance(steps, "报告已生成")
    return {"run": run.pk, "patents": run.patent_count, "seconds": run.seconds, "files": written}


@task()
def navigation_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_navigate)
