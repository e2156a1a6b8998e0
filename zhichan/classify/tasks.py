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
