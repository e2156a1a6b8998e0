"""Background jobs of the registry: imports of uploaded files."""

from pathlib import Path

from django.urls import reverse
from django_tasks import task

from zhichan.jobs.models import Job
from zhichan.jobs.services import Progress, job_execute


def _import(job: Job, progress: Progress) -> dict:
    from zhichan.accounts.access import user_region
    from zhichan.assets.imports import run_import

    user = job.created_by
    within = user_region(user) if user is not None and not user.is_superuser else None
    batch = run_import(
        job.params["kind"],
        path=Path(job.params["path"]),
        filename=job.params["filename"],
        user=user,
        within=within,
        progress=progress,
    )
    return {
        "rows_read": batch.rows_read,
        "created": batch.created,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "rejected_count": batch.rejected,
        "url": reverse("assets:batch", args=[batch.pk]),
    }


@task()
def import_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_import)


def _reresolve(job: Job, progress: Progress) -> dict:
    from zhichan.assets.services import addresses_reresolve

    return addresses_reresolve(progress=progress)


@task()
def reresolve_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_reresolve)
