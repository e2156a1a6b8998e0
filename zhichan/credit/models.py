"""Credit grading (信用分级分类) of entities: a scheme of rules (points per kind of record, how long a
record counts), the records the platform holds or staff enter, and each entity's grade with the
reasons, which staff may adjust with a recorded justification."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity


class CreditScheme(models.Model):
    """A version of the grading rules: the base score and the grade thresholds. A scheme without a
    region is the installation's; a region's own scheme applies to the entities of its subtree
    (the nearest region's current scheme wins, `services.scheme_for`)."""

    name = models.CharField(_("名称"), max_length=100)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("适用区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("本区划及其下辖主体适用（系统管理员留空：全系统默认方案）。"),
    )
    base = models.SmallIntegerField(_("基础分"), default=100)
    grade_a = models.SmallIntegerField(_("A 级不低于"), default=110)
    grade_b = models.SmallIntegerField(_("B 级不低于"), default=90)
    grade_c = models.SmallIntegerField(_("C 级不低于"), default=70)
    is_current = models.BooleanField(_("现行"), default=False)
    valid_from = models.DateField(_("施行日"))

    class Meta:
        verbose_name = _("信用评价方案")
        verbose_name_plural = _("信用评价方案")
        ordering = ["-valid_from"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="credit_scheme_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if not self.grade_a > self.grade_b > self.grade_c:
            raise ValidationError({"grade_b": _("等级分数线须 A 高于 B、B 高于 C。")})

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}

    def grade_of(self, score: int) -> str:
        if score >= self.grade_a:
            return "A"
        if score >= self.grade_b:
            return "B"
        return "C" if score >= self.grade_c else "D"


class RuleSource(models.TextChoices):
    ENTERED = "entered", _("工作人员录入或业务模块写入的信用记录")
    TAG = "tag", _("主体标签（按标签有效期）")
    AWARD = "award", _("专利获奖")


class CreditRule(models.Model):
    """One kind of record and the points it carries while it counts."""

    scheme = models.ForeignKey(CreditScheme, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("代码"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    points = models.SmallIntegerField(_("分值"), help_text=_("扣分为负数。"))
    valid_years = models.PositiveSmallIntegerField(
        _("计分年限"), default=3, help_text=_("记录发生后计分的年数。")
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=RuleSource.choices, default=RuleSource.ENTERED
    )
    match = models.CharField(
        _("匹配"), max_length=60, blank=True, help_text=_("标签代码，或奖项名称中的文字。")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("信用评价规则")
        verbose_name_plural = _("信用评价规则")
        ordering = ["scheme", "-points"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="credit_rule_code")]

    def __str__(self) -> str:
        return f"{self.label}（{self.points:+d}）"

    def clean(self):
        from zhichan.entities.tags import tag_codes

        if self.source == RuleSource.TAG and self.match not in tag_codes():
            raise ValidationError(
                {"match": _("按标签计分时，“匹配”须是一个标签代码（如 national_ip_demo）。")}
            )
        if self.source == RuleSource.AWARD and not self.match.strip():
            raise ValidationError({"match": _("按获奖计分时，“匹配”须写奖项名称中的文字（如 中国专利奖）。")})
        if self.scheme_id and self.code:
            same = CreditRule.objects.filter(scheme_id=self.scheme_id, code=self.code).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError({"code": _("本方案已有代码为“%(c)s”的规则。") % {"c": self.code}})

    def get_additional_data(self) -> dict:
        region = self.scheme.region if self.scheme_id else None
        return {"region": region.code if region else ""}


class CreditRecord(models.Model):
    """A fact about an entity that the rules score: a penalty, a confirmed abnormal application,
    an award reclaimed… entered by staff with its document, or written by a module."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="credit_records"
    )
    code = models.CharField(_("记录类别"), max_length=40, help_text=_("对应评价规则的代码。"))
    occurred_on = models.DateField(_("发生日期"))
    detail = models.CharField(_("事实"), max_length=500)
    document = models.CharField(_("文书/依据"), max_length=200, blank=True)
    revoked_on = models.DateField(
        _("撤销日期"), null=True, blank=True, help_text=_("经复议、诉讼撤销或信用修复。")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    case = models.ForeignKey(
        "protection.Case", verbose_name=_("来源案件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="credit_records",
    )  # fmt: skip
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["entity", "-occurred_on"]
        indexes = [models.Index(fields=["entity", "occurred_on"], name="credit_record_entity")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.code} {self.detail}"

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else "", "entity": self.entity_id}


class CreditGrade(models.Model):
    """An entity's grade on a day under a scheme: score, grade, the reasons, and any adjustment."""

    entity = models.OneToOneField(
        Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="credit"
    )
    scheme = models.ForeignKey(
        CreditScheme, verbose_name=_("评价方案"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.SmallIntegerField(_("得分"))
    computed_grade = models.CharField(_("计算等级"), max_length=1)
    grade = models.CharField(_("等级"), max_length=1, db_index=True)
    reasons = models.JSONField(_("计分依据"), default=list)
    computed_on = models.DateField(_("评价日"))
    adjust_reason = models.CharField(_("调整理由"), max_length=300, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调整人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("信用等级")
        verbose_name_plural = _("信用等级")
        ordering = ["grade", "-score"]

    def __str__(self) -> str:
        return f"{self.entity} {self.grade}"

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else "", "entity": self.entity_id}


class GradeChange(models.Model):
    """A change of an entity's computed grade: when, from what to what, and what caused it (the
    record or action that made the platform grade again)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="grade_changes"
    )
    on = models.DateField(_("日期"))
    before = models.CharField(_("原等级"), max_length=1, blank=True)
    after = models.CharField(_("新等级"), max_length=1)
    score = models.SmallIntegerField(_("得分"))
    cause = models.CharField(_("原因"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信用等级变动")
        verbose_name_plural = _("信用等级变动")
        ordering = ["entity", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity} {self.before or '—'}→{self.after}"

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else "", "entity": self.entity_id}


for model in (CreditScheme, CreditRule, CreditRecord, CreditGrade, GradeChange):
    auditlog.register(model)
