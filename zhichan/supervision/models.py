"""Work-plan supervision (督查督办): each numbered item of a plan with its lead and responsible
units, target, deadline and milestones; units' progress reports; overdue items; the quarterly 通报."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.monitor.models import Plan


class ItemStatus(models.TextChoices):
    OPEN = "open", _("未开始")
    ACTIVE = "active", _("推进中")
    DONE = "done", _("已完成")


class WorkItem(models.Model):
    """A numbered task of a plan (e.g. item 7 of Huangshi's 2024 work points)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("规划（方案）"), on_delete=models.CASCADE, related_name="work_items"
    )
    number = models.CharField(_("序号"), max_length=10)
    position = models.PositiveSmallIntegerField(_("顺序"))
    heading = models.CharField(_("任务"), max_length=200)
    text = models.TextField(_("原文"))
    target = models.TextField(_("任务目标"), blank=True)
    lead_unit = models.CharField(_("牵头单位"), max_length=200, blank=True)
    units = models.CharField(_("责任单位"), max_length=500, blank=True)
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="work_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"

    def get_additional_data(self) -> dict:
        return {"region": self.plan.region.code}


class Milestone(models.Model):
    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="milestones")
    text = models.CharField(_("节点"), max_length=300)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["item", "due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="milestone_due")]

    def __str__(self) -> str:
        return self.text


class ProgressReport(models.Model):
    """A unit's report on an item for a quarter."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    unit = models.CharField(_("报送单位"), max_length=200)
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    problems = models.CharField(_("存在问题"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reported_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["item", "-year", "-quarter", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} {self.unit}"


class Inspection(models.Model):
    """A 专项督查 round on a plan: who checked what, when, and what it found."""

    plan = models.ForeignKey("monitor.Plan", on_delete=models.CASCADE, related_name="inspections")
    title = models.CharField(_("督查名称"), max_length=200)
    scope = models.CharField(_("督查范围与方式"), max_length=300, blank=True)
    started_on = models.DateField(_("督查日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("专项督查")
        verbose_name_plural = _("专项督查")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"region": self.plan.region.code}


class Finding(models.Model):
    """A problem a round found in a unit's work, the deadline to put it right, and the rectification."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        WorkItem,
        verbose_name=_("涉及任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    unit = models.CharField(_("责任单位"), max_length=200)
    problem = models.TextField(_("发现的问题"))
    rectify_by = models.DateField(_("整改时限"))
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)

    class Meta:
        verbose_name = _("督查发现的问题")
        verbose_name_plural = _("督查发现的问题")
        ordering = ["inspection", "rectify_by", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.problem[:40]}"

    def get_additional_data(self) -> dict:
        return {"region": self.inspection.plan.region.code}


for model in (Inspection, Finding, WorkItem, Milestone, ProgressReport):
    auditlog.register(model)
