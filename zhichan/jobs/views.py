from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.jobs.access import job_for_user_or_404, jobs_for_user
from zhichan.jobs.services import job_rerun, live
from zhichan.lib.views import paginate, staff_required


@staff_required
def job_list(request):
    jobs = jobs_for_user(request.user).select_related("created_by")
    return render(request, "jobs/list.html", {"page": paginate(request, jobs)})


@staff_required
def job_detail(request, pk: int):
    job = live(job_for_user_or_404(request.user, pk))
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@staff_required
@require_POST
def job_rerun_view(request, pk: int):
    job = job_for_user_or_404(request.user, pk)
    try:
        new = job_rerun(job=job, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("jobs:detail", pk=job.pk)
    messages.success(request, _("已重新提交任务。"))
    return redirect("jobs:detail", pk=new.pk)


@staff_required
def job_file(request, pk: int, name: str):
    """A file a job produced (an export, a report), for those who may see the job."""
    from django.http import Http404

    from zhichan.jobs.exports import job_folder
    from zhichan.lib.files import report_response

    job = job_for_user_or_404(request.user, pk)
    folder = job_folder(job)
    if folder is None:
        raise Http404
    return report_response(folder, (job.result or {}).get("files", []), name)
