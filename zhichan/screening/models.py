"""Screening for 非正常专利申请 and 商标恶意注册: runs over a region and period, flags with their
evidence, reviewed by staff; a confirmed flag becomes a credit record of the entity."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class ScreeningRun(models.Model):
    """One screening of the region's filings in a period, with the thresholds it used."""

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    filed_from = models.DateField(_("申请日起"))
    filed_to = models.DateField(_("申请日止"))
    params = models.JSONField(_("阈值"), default=dict)
    counts = models.JSONField(_("结果统计"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("筛查批次")
        verbose_name_plural = _("筛查批次")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.region} {self.filed_from}–{self.filed_to}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class FlagKind(models.TextChoices):
    NEAR_DUPLICATE = "near_duplicate", _("内容高度雷同的申请")
    BURST = "burst", _("短期内集中大量申请")
    OFF_FIELD = "off_field", _("大量申请明显偏离申请人技术领域")
    HOARDING = "hoarding", _("跨类别大量囤积商标")


class FlagStatus(models.TextChoices):
    PENDING = "pending", _("待核查")
    CONFIRMED = "confirmed", _("经核实属实")
    DISMISSED = "dismissed", _("排除")


class Flag(models.Model):
    """A suspicion with its evidence (the filings, their similarity or counts), for staff to check."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("类型"), max_length=16, choices=FlagKind.choices)
    entity = models.ForeignKey(
        Entity, verbose_name=_("主体"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_names = models.CharField(_("申请人/注册人"), max_length=1000)
    score = models.FloatField(_("强度"))
    evidence = models.JSONField(_("证据"))
    status = models.CharField(
        _("核查"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.PENDING
    )
    note = models.CharField(_("核查意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("筛查线索")
        verbose_name_plural = _("筛查线索")
        ordering = ["run", "status", "-score"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.holder_names[:40]}"

    def get_additional_data(self) -> dict:
        return {"region": self.run.region.code}


auditlog.register(ScreeningRun)
auditlog.register(Flag)
