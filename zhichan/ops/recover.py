"""After a crash or a restart: work left "running" by a process that no longer exists is marked
interrupted. Imports write in one transaction, so the database has already dropped whatever
the dead process wrote; the batch and its job say so and can be run again."""

from django.utils import timezone

from zhichan.assets.models import ImportBatch, ImportStatus
from zhichan.jobs.models import Job, JobStatus
from zhichan.lib.runner import runner_gone

JOB_MESSAGE = "运行中断：执行的进程已退出（如服务器重启）。未完成的写入已随事务回滚，可重新运行。"
IMPORT_MESSAGE = "导入中断：执行的进程已退出，本次导入未写入任何记录（事务已回滚），请重新导入。"


def interrupted_recover() -> dict:
    now = timezone.now()
    jobs = [
        j.pk
        for j in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "runner")
        if runner_gone(j.runner)
    ]
    # Compare-and-set: a job that finished meanwhile keeps its own result.
    failed_jobs = Job.objects.filter(pk__in=jobs, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, error=JOB_MESSAGE, message="运行中断", finished_at=now
    )
    batches = [
        b.pk
        for b in ImportBatch.objects.filter(status=ImportStatus.RUNNING).only("pk", "runner")
        if runner_gone(b.runner)
    ]
    failed_batches = ImportBatch.objects.filter(pk__in=batches, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        errors=[{"row": 0, "column": "", "message": IMPORT_MESSAGE}],
        finished_at=now,
    )
    return {"jobs": failed_jobs, "imports": failed_batches}
