"""Long-running work (imports, generation, recomputation) with progress people can watch."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """One run of a background job.

    The django-tasks worker executes it; the job row is what users see: progress, the last
    message, the result summary or the error. A failed job can be re-run with the same
    parameters (``job_rerun``), which creates a new row and keeps the failed one.
    """

    kind = models.CharField(_("类型"), max_length=64)
    title = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("已处理"), default=0)
    progress_total = models.PositiveIntegerField(_("总量"), default=0)
    message = models.CharField(_("当前信息"), max_length=500, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    rerun_of = models.ForeignKey(
        "self", verbose_name=_("重新运行自"), null=True, blank=True, on_delete=models.SET_NULL
    )
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    runner = models.CharField(
        _("执行进程"), max_length=100, blank=True, help_text=_("主机:进程号，用于识别中断的任务。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
