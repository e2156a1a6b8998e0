"""Background jobs of the classification: recomputing a rule version over the whole register."""

from django_tasks import task

from zhichan.jobs.models import Job
from zhichan.jobs.services import Progress, job_execute


def _classify(job: Job, progress: Progress) -> dict:
    from zhichan.classify.engine import classify
    from zhichan.classify.models import RuleSet

    ruleset = RuleSet.objects.get(pk=job.params["ruleset"])
    return {"classified": classify(ruleset, progress=progress)}


@task()
def classify_task(job_id: int) -> dict:
    return job_execute(job_id=job_id, handler=_classify)


def classify_soon(ruleset_pk: int) -> None:
    """A rule version whose classes are stale is classified in full in the background, once
    (nothing to do if it is fresh by now, or a job for it is already waiting or running)."""
    from django.utils.translation import gettext as _

    from zhichan.assets.models import Patent
    from zhichan.classify.models import RuleSet
    from zhichan.jobs.models import JobStatus
    from zhichan.jobs.services import job_start

    ruleset = RuleSet.objects.filter(pk=ruleset_pk).first()
    if ruleset is None or not ruleset.stale or not Patent.everything.exists():
        return
    if Job.objects.filter(kind="classify", params__ruleset=ruleset.pk,
                          status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():  # fmt: skip
        return
    job_start(task=classify_task, kind="classify", title=_("重算分类：%(r)s") % {"r": ruleset.name},
              params={"ruleset": ruleset.pk})  # fmt: skip
