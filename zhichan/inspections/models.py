"""双随机一公开: inspection plans whose targets and inspectors are drawn at random from defined
pools, reproducibly (a published seed and algorithm, `draw.py`), stratified by credit grade, with
conflict-of-interest exclusions, and whose results are recorded and published."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class Inspector(models.Model):
    """A law-enforcement officer in the inspector pool (执法检查人员名录库)."""

    name = models.CharField(_("姓名"), max_length=50)
    badge = models.CharField(_("执法证号"), max_length=40, unique=True)
    unit = models.CharField(_("所在单位"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")
        ordering = ["badge"]

    def __str__(self) -> str:
        return f"{self.name}（{self.badge}）"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class Conflict(models.Model):
    """An inspector who must not inspect an entity (former employer, relatives, prior dealings)."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="conflicts")
    entity = models.ForeignKey(Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("回避事由"), max_length=200)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [models.UniqueConstraint(fields=["inspector", "entity"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.entity}"

    def get_additional_data(self) -> dict:
        return {"region": self.inspector.region.code}


class InspectionItem(models.Model):
    """One line of the region's 随机抽查事项清单: what is checked, on what legal basis, of whom and how.
    A plan names the item it carries out."""

    name = models.CharField(_("抽查事项"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(
        _("检查依据"), max_length=500, help_text=_("法律法规及条款，如《专利法》第六十八条。")
    )
    subjects = models.CharField(_("检查对象"), max_length=200, help_text=_("如 标注专利标识的生产经营者。"))
    method = models.CharField(
        _("检查方式"), max_length=200, blank=True, help_text=_("如 现场检查、书面检查、网络监测。")
    )
    department = models.CharField(_("实施部门"), max_length=200, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("抽查事项")
        verbose_name_plural = _("随机抽查事项清单")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="inspection_item_name")]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("待抽取")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公示")


class InspectionPlan(models.Model):
    """One spot-check task: its pools (frozen at the draw), seed, strata and results."""

    name = models.CharField(_("任务名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        InspectionItem, verbose_name=_("抽查事项"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="plans",
    )  # fmt: skip
    basis = models.CharField(_("检查事项与依据"), max_length=300)
    seed = models.CharField(
        _("随机种子"),
        max_length=100,
        help_text=_("抽取前公布，如公告编号加当日福彩开奖号码；任何人可据此复核。"),
    )
    strata = models.JSONField(
        _("按信用等级的抽查比例"), default=dict,
        help_text=_("如 {\"A\": 0.02, \"B\": 0.05, \"C\": 0.1, \"D\": 0.3, \"-\": 0.05}；“-”为未评价主体。"),
    )  # fmt: skip
    inspectors_per_target = models.PositiveSmallIntegerField(_("每户检查人员数"), default=2)
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    targets_pool = models.JSONField(
        _("检查对象名录"), default=list, help_text=_("抽取时冻结：[代码, 名称, 等级]。")
    )
    inspectors_pool = models.JSONField(
        _("检查人员名录"), default=list, help_text=_("抽取时冻结：[执法证号, 姓名]。")
    )
    conflicts = models.JSONField(
        _("回避关系"), default=list, help_text=_("抽取时冻结：[执法证号, 主体代码]。")
    )
    fingerprint = models.CharField(_("名录指纹"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("双随机抽查任务")
        verbose_name_plural = _("双随机抽查任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class Outcome(models.TextChoices):
    PENDING = "", _("待检查")
    CLEAN = "clean", _("未发现问题")
    RECTIFY = "rectify", _("发现问题，责令整改")
    CASE = "case", _("发现问题，立案查处")
    ABSENT = "absent", _("通过登记的住所（经营场所）无法联系")


class InspectionTarget(models.Model):
    """A drawn entity with the inspectors assigned to it and the result."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    entity = models.ForeignKey(Entity, verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("代码"), max_length=40)
    grade = models.CharField(_("抽取时信用等级"), max_length=1)
    key = models.CharField(_("抽签值"), max_length=64)
    inspectors = models.JSONField(_("检查人员"), default=list, help_text=_("[执法证号, 姓名, 抽签值]。"))
    outcome = models.CharField(_("检查结果"), max_length=10, choices=Outcome.choices, blank=True)
    finding = models.CharField(_("检查情况"), max_length=500, blank=True)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽中的检查对象")
        verbose_name_plural = _("抽中的检查对象")
        ordering = ["plan", "grade", "key"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.entity}"


for model in (Inspector, Conflict, InspectionItem, InspectionPlan, InspectionTarget):
    auditlog.register(model)
