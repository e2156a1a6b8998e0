"""Starting, running and re-running background jobs.

A job kind is a django-tasks task that takes the job id and calls ``job_execute`` with its
handler. The handler receives the Job and a Progress and returns a JSON-able summary.
"""

import logging
import re
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhichan.jobs.models import Job, JobStatus
from zhichan.lib.runner import runner_id

log = logging.getLogger(__name__)


SERVER_PATH = re.compile(r"(?:/[A-Za-z_.][\w.-]*){2,}|[A-Za-z]:\\")


def _progress_key(job_id: int) -> str:
    return f"zhichan:job:{job_id}:progress"


class Progress:
    """Reports progress, at most about once a second: to the shared cache, which every process
    reads at once (an import's own transaction would hide its row's updates until the end), and
    to the job row."""

    def __init__(self, job: Job, min_interval: float = 1.0):
        self.job = job
        self.min_interval = min_interval
        self._last = 0.0

    def total(self, total: int) -> None:
        self.job.progress_total = total
        self._write(force=True)

    def advance(self, done: int, message: str = "") -> None:
        self.job.progress_done = done
        if message:
            self.job.message = message[:500]
        self._write()

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.min_interval:
            job = self.job
            cache.set(
                _progress_key(job.pk), (job.progress_done, job.progress_total, job.message), 7 * 24 * 3600
            )
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done,
                progress_total=self.job.progress_total,
                message=self.job.message,
            )
            self._last = now


def live(job: Job) -> Job:
    """The job with the progress its process last reported (see ``Progress``)."""
    if job.status == JobStatus.RUNNING:
        found = cache.get(_progress_key(job.pk))
        if found is not None:
            job.progress_done, job.progress_total, job.message = found
    return job


def failure_message(error: Exception) -> str:
    """What a user is told of a failure: the error's own words (our errors are Chinese
    sentences), never a traceback or a server path; the traceback goes to the log."""
    from django.core.exceptions import ValidationError

    if isinstance(error, ValidationError):
        return "；".join(error.messages)[:1000]
    text = str(error).strip()
    if (
        not text
        or "Traceback" in text
        or SERVER_PATH.search(text)
        or not any("\u4e00" <= c <= "\u9fff" for c in text)
    ):
        return "处理时发生内部错误，已记录在服务器日志中；可重新运行，如仍失败请联系系统管理员。"
    return text[:1000]


def job_start(*, task, kind: str, title: str, params: dict, user=None, region=None, rerun_of=None) -> Job:
    """Record a job and enqueue its task once the surrounding transaction commits."""
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params | {"task": task.module_path},
        created_by=user if user is not None and user.is_authenticated else None,
        region=region,
        rerun_of=rerun_of,
    )
    transaction.on_commit(lambda: _enqueue(job, task))
    return job


def _enqueue(job: Job, task) -> None:
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_execute(*, job_id: int, handler: Callable[[Job, Progress], dict]) -> dict:
    """Run a handler for a queued job; claims the job with a compare-and-set first.

    A job already claimed (running or finished) is left alone, so a task delivered twice runs
    once. Errors are stored on the job and re-raised so that the worker records them too.
    """
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), runner=runner_id()
    )
    if not claimed:
        log.info("job %s already claimed; skipping", job_id)
        return {}
    job = Job.objects.get(pk=job_id)
    try:
        result = handler(job, Progress(job))
    except Exception as error:
        log.exception("job %s (%s) failed", job_id, job.kind)
        reason = failure_message(error)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=reason, message=f"失败：{reason}"[:500], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED,
        result=result or {},
        message="已完成",
        finished_at=timezone.now(),
        progress_done=job.progress_total or job.progress_done,
    )
    return result or {}


def job_rerun(*, job: Job, user=None) -> Job:
    """Start a failed job again with the same parameters (a new row; the failed one stays)."""
    if job.status != JobStatus.FAILED:
        raise ValueError("只有失败的任务可以重新运行。")
    task = import_string(job.params["task"])
    params = {k: v for k, v in job.params.items() if k != "task"}
    return job_start(
        task=task, kind=job.kind, title=job.title, params=params, user=user, region=job.region, rerun_of=job
    )
