"""Which jobs a user may watch: their own, and those of their region's subtree for officials."""

from django.db.models import Q, QuerySet
from django.http import Http404

from zhichan.accounts.access import user_region
from zhichan.jobs.models import Job


def jobs_for_user(user) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    scope = Q(created_by=user)
    region = user_region(user)
    if region is not None:
        scope |= Q(region__prefix__startswith=region.prefix)
    return Job.objects.filter(scope)


def job_for_user_or_404(user, pk: int) -> Job:
    job = jobs_for_user(user).filter(pk=pk).first()
    if job is None:
        raise Http404("任务不存在或无权查看")
    return job
