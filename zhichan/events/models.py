"""Training and publicity events (宣传周, 4·26, trainings, 进企业/进校园…) with attendance, counted
each year against the plans' targets (e.g. Yidu #32: at least 3 enterprise patent trainings a year)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.regions.models import Region


class EventKind(models.TextChoices):
    TRAINING = "training", _("企业知识产权培训")
    STAFF_TRAINING = "staff_training", _("执法与管理人员培训")
    BRAND_TRAINING = "brand_training", _("地理标志与商标品牌培训")
    WEEK = "week", _("知识产权宣传周")
    DAY_426 = "day_426", _("4·26世界知识产权日活动")
    DAY_510 = "day_510", _("5·10中国品牌日活动")
    TOUR = "tour", _("知识产权万里行")
    ENTERPRISE = "enterprise", _("进企业")
    CAMPUS = "campus", _("进校园")
    COMMUNITY = "community", _("进社区/进机关")
    VIDEO = "video", _("宣传片/宣传视频")
    MATCHMAKING = "matchmaking", _("银企对接/项目推介")
    OTHER = "other", _("其他")


class Event(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=14, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organizer = models.CharField(_("主办单位"), max_length=200)
    audience = models.CharField(_("对象"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)
    enterprises = models.PositiveIntegerField(_("覆盖企业数"), default=0)
    note = models.TextField(_("内容摘要"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("培训宣传活动")
        verbose_name_plural = _("培训宣传活动")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["region", "starts_on"], name="event_region_day")]

    def __str__(self) -> str:
        return f"{self.starts_on} {self.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class EventTarget(models.Model):
    """How many events of a kind a region must hold each year, with the plan sentence it comes from."""

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=14, choices=EventKind.choices)
    kinds = models.JSONField(
        _("合计的类型"), default=list, blank=True,
        help_text=_("目标按几类活动合计时填写（如各类培训合计），否则只计“类型”一类。"),
    )  # fmt: skip
    per_year = models.PositiveSmallIntegerField(_("每年不少于"))
    from_year = models.PositiveSmallIntegerField(_("起始年度"))
    to_year = models.PositiveSmallIntegerField(_("截止年度"))
    quote = models.CharField(_("出处原文"), max_length=300)
    source = models.CharField(_("出处"), max_length=200)

    class Meta:
        verbose_name = _("活动年度目标")
        verbose_name_plural = _("活动年度目标")
        ordering = ["region", "kind"]

    def __str__(self) -> str:
        return f"{self.region} {self.get_kind_display()} ≥{self.per_year}"


auditlog.register(Event)
auditlog.register(EventTarget)
