"""Background jobs of the regions app."""

from pathlib import Path

from django_tasks import task

from zhichan.jobs.models import Job
from zhichan.jobs.services import Progress, job_execute


def _figures_import(job: Job, progress: Progress) -> dict:
    from zhichan.accounts.access import regions_for_user
    from zhichan.regions.services import figures_import

    user = job.created_by
    allowed = regions_for_user(user) if user is not None and not user.is_superuser else None
    path = Path(job.params["path"])
    report = figures_import(
        source=path, filename=job.params["filename"], user=user, allowed_regions=allowed, progress=progress
    )
    return report.as_dict()


@task()
def figures_import_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_figures_import)
