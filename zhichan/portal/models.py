"""Objections to what the office publishes (公示异议): an award list during its publicity period,
a whitelist or a 双随机 task's results within the days after publication. The objector's name
and contact are personal data: shown to the office's staff only."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.regions.models import Region

OBJECTION_DAYS = (
    7  # a whitelist or a task's results may be objected to within seven days, the day published included
)


class Published(models.TextChoices):
    AWARD = "award", _("奖补公示")
    WHITELIST = "whitelist", _("授信企业白名单")
    INSPECTION = "inspection", _("双随机抽查结果")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("已收到，待核查")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    kind = models.CharField(_("公示类型"), max_length=12, choices=Published.choices)
    ref = models.PositiveIntegerField(_("公示编号"))
    region = models.ForeignKey(
        Region, verbose_name=_("公示机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("公示名称"), max_length=300)
    entry = models.CharField(_("异议对象"), max_length=200, help_text=_("名单中的单位名称。"))
    reason = models.TextField(_("异议理由"))
    name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    filed_on = models.DateField(_("提出日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )
    answer = models.CharField(_("核查结论"), max_length=500, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["kind", "ref"], name="objection_published")]

    def __str__(self) -> str:
        return f"{self.title}：{self.entry}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


auditlog.register(Objection)
