"""专利导航 and 预警 (docs/navigation.md): a saved scope of patents, runs that analyse it as of a
date (every figure traceable to the patents the run counted) and produce the navigation report,
and watches that re-run a scope for an enterprise or an industry and notify on change."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class Scope(models.Model):
    """What a navigation looks at. Criteria of different kinds all apply (AND); values within one
    kind are alternatives (OR). An empty kind does not restrict."""

    name = models.CharField(_("名称"), max_length=200)
    office = models.ForeignKey(
        Region, verbose_name=_("所属机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(
        _("导航需求"), blank=True, help_text=_("服务对象、要解决的问题（GB/T 39551 需求分析）。")
    )
    ipc = models.CharField(
        _("IPC 范围"), max_length=500, blank=True, help_text=_("如 H01M; H01G 11/00; C04B 11/")
    )
    sei = models.JSONField(_("战略性新兴产业"), default=list, blank=True)
    pi = models.JSONField(_("专利密集型产业大类"), default=list, blank=True)
    keywords = models.CharField(
        _("关键词"), max_length=500, blank=True, help_text=_("名称或摘要含任一词；以空格或分号分隔。")
    )
    applicants = models.TextField(_("申请人"), blank=True, help_text=_("每行一个名称（含即可）。"))
    area = models.ForeignKey(
        Region, verbose_name=_("地域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("留空为登记簿全部专利。"),
    )  # fmt: skip
    filed_from = models.DateField(_("申请日起"), null=True, blank=True)
    filed_to = models.DateField(_("申请日止"), null=True, blank=True)
    kinds = models.JSONField(_("专利类型"), default=list, blank=True)
    home = models.ForeignKey(Region, verbose_name=_("本区域"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("报告中定位的区域。"))  # fmt: skip
    peers = models.JSONField(_("比较区域"), default=list, blank=True, help_text=_("区划代码列表。"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("导航范围")
        verbose_name_plural = _("导航范围")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.office.code}


class Run(models.Model):
    """One analysis of a scope as of a date: the patents it counted (RunPatent), the figures of
    every analysis, and the report files (written by the background job)."""

    scope = models.ForeignKey(Scope, on_delete=models.CASCADE, related_name="runs")
    as_of = models.DateField(_("统计日"))
    criteria = models.JSONField(_("检索条件"), default=dict)  # the scope as it was when run
    patent_count = models.PositiveIntegerField(_("专利数"), default=0)
    figures = models.JSONField(_("分析结果"), default=dict)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("导航分析")
        verbose_name_plural = _("导航分析")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scope} {self.as_of}"


class RunPatent(models.Model):
    """A patent a run counted (the run's frozen scope)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="+", db_index=False)
    patent = models.ForeignKey("assets.Patent", on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False, db_index=False)  # fmt: skip

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "patent"], name="run_patent_once")]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.patent_id}"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")


class Watch(models.Model):
    """A warning watch (预警): a scope re-run on a schedule for an enterprise (its competitors'
    filings in its fields, patents it could use that lapse or expire) or an industry."""

    scope = models.ForeignKey(Scope, on_delete=models.CASCADE, related_name="watches")
    entity = models.ForeignKey(Entity, verbose_name=_("预警对象企业"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="patent_watches")  # fmt: skip
    frequency = models.CharField(
        _("频率"), max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    next_on = models.DateField(_("下次运行"))
    active = models.BooleanField(_("启用"), default=True)
    digest = models.JSONField(_("上次结果"), default=dict, blank=True)
    last_run_on = models.DateField(_("上次运行"), null=True, blank=True)

    class Meta:
        verbose_name = _("专利预警")
        verbose_name_plural = _("专利预警")
        ordering = ["next_on"]
        indexes = [models.Index(fields=["active", "next_on"], name="watch_due")]

    def __str__(self) -> str:
        return f"{self.scope}（{self.entity or _('产业')}）"


class WatchNotice(models.Model):
    """What changed since the watch's previous run."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="notices")
    on = models.DateField(_("日期"))
    summary = models.CharField(_("摘要"), max_length=500)
    items = models.JSONField(_("明细"), default=dict)
    read_at = models.DateTimeField(_("已读"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警通知")
        verbose_name_plural = _("预警通知")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.summary


for model in (Scope, Watch):
    auditlog.register(model)
