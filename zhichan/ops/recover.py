"""After a crash or a restart: work left "running" by a process that no longer exists is settled
by what the database holds, not by a guess.

- An import whose process died: on PostgreSQL its one transaction was rolled back, on SQLite it
  committed chunk by chunk; either way ``import_rollback`` removes whatever it wrote (nothing on
  PostgreSQL) and marks it failed, saying how many records were written and removed.
- A bulk load killed while the patent tables' indexes were set aside: they are built again.
- An import job whose import had already committed (the process died just after) is marked
  done with the import's result; other jobs of dead processes are marked interrupted, to re-run.
"""

from django.urls import reverse
from django.utils import timezone

from zhichan.assets.imports import BULK_MODELS, import_rollback
from zhichan.assets.models import ImportBatch, ImportStatus
from zhichan.jobs.models import Job, JobStatus
from zhichan.lib.bulk import indexes_restore
from zhichan.lib.runner import runner_gone

JOB_MESSAGE = "运行中断：执行的进程已退出（如服务器重启），任务未完成，可重新运行。"
IMPORT_REASON = "导入中断：执行的进程已退出（如服务器重启）"


def _import_result(batch: ImportBatch) -> dict:
    return {"rows_read": batch.rows_read, "created": batch.created, "updated": batch.updated,
            "unchanged": batch.unchanged, "rejected_count": batch.rejected,
            "url": reverse("assets:batch", args=[batch.pk])}  # fmt: skip


def interrupted_recover() -> dict:
    now = timezone.now()
    batches = [
        b
        for b in ImportBatch.objects.filter(status=ImportStatus.RUNNING).only("pk", "runner", "kind")
        if runner_gone(b.runner)
    ]
    imports = 0
    for batch in batches:
        # Compare-and-set: only one recover settles a batch.
        if ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.RUNNING).update(
            runner=f"{batch.runner}†"
        ):
            import_rollback(ImportBatch.objects.get(pk=batch.pk), IMPORT_REASON)
            imports += 1
    if imports:
        indexes_restore(BULK_MODELS)  # a bulk load killed while its indexes were set aside
    jobs = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "runner", "kind", "started_at"):
        if not runner_gone(job.runner):
            continue
        batch = None
        if job.kind == "assets.import":
            batch = (
                ImportBatch.objects.filter(runner__in=[job.runner, f"{job.runner}†"], created_at__gte=job.started_at)
                .order_by("pk").first() if job.started_at else None
            )  # fmt: skip
        if batch is not None and batch.status == ImportStatus.DONE:
            update = {"status": JobStatus.SUCCEEDED, "result": _import_result(batch),
                      "message": "已完成（导入已写入，进程随后退出）", "progress_done": batch.rows_read}  # fmt: skip
        elif batch is not None:
            message = (batch.errors or [{}])[0].get("message", IMPORT_REASON)
            update = {"status": JobStatus.FAILED, "error": message, "message": "运行中断"}
        else:
            update = {"status": JobStatus.FAILED, "error": JOB_MESSAGE, "message": "运行中断"}
        jobs += Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(finished_at=now, **update)
    return {"jobs": jobs, "imports": imports}
