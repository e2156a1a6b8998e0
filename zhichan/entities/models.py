"""Innovation entities (创新主体): enterprises, universities, institutes, individuals, others."""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.regions.models import Region


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研院所")
    INDIVIDUAL = "individual", _("个人")
    BANK = "bank", _("金融机构")
    AGENCY = "agency", _("知识产权服务机构")
    OTHER = "other", _("其他组织")


class Tag(models.TextChoices):
    """The entity tags the seed documents name (Huangshi 2024 #6, Yidu plan #1-5)."""

    CHAIN_LEADER = "chain_leader", _("链主企业")
    HIGH_TECH = "high_tech", _("高新技术企业")
    SPECIALIZED = "specialized", _("专精特新企业")
    IPO_RESERVE = "ipo_reserve", _("上市后备企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    ABOVE_SCALE = "above_scale", _("规上企业")
    NATIONAL_DEMO = "national_ip_demo", _("国家知识产权示范企业")
    NATIONAL_ADVANTAGE = "national_ip_advantage", _("国家知识产权优势企业")
    PROVINCIAL_DEMO = "provincial_ip_demo", _("省知识产权示范企业")
    PROVINCIAL_ADVANTAGE = "provincial_ip_advantage", _("省知识产权优势企业")
    STANDARD_29490 = "gbt29490", _("贯标企业（GB/T 29490）")
    STANDARD_56005 = "iso56005", _("贯标企业（ISO 56005）")


class Entity(models.Model):
    """An innovation entity: who holds IP in the region.

    ``credit_code`` is the validated 统一社会信用代码 (individuals have none). An entity merged
    into another keeps its row with ``merged_into`` set, so history and links stay readable.
    """

    name = models.CharField(_("名称"), max_length=200)
    name_key = models.CharField(_("名称匹配键"), max_length=200, db_index=True, editable=False)
    kind = models.CharField(
        _("类型"), max_length=16, choices=EntityKind.choices, default=EntityKind.ENTERPRISE
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entities",
        help_text=_("由地址解析得到；无法确定时为空，仅省级及系统管理员可见。"),
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    industry_code = models.CharField(_("国民经济行业（GB/T 4754）"), max_length=5, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("已合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("创新主体")
        verbose_name_plural = _("创新主体")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "kind"], name="entity_region_kind")]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}


class OfficeTag(models.Model):
    """A tag an office defines beside the seeds' ones (e.g. 样板企业, 托管企业): usable wherever a
    tag is — on entities with their validity, award and 贴息 eligibility, indicator filters."""

    code = models.CharField(
        _("代码"), max_length=32, unique=True,
        help_text=_("小写字母开头，字母、数字和下划线，如 custody；主体标签和规则以此为准，使用后不能再改。"),
    )  # fmt: skip
    name = models.CharField(_("名称"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("定义单位区划"), on_delete=models.PROTECT, related_name="office_tags",
        help_text=_("由该区划的管理部门维护；各区划都可使用。"),
    )  # fmt: skip
    basis = models.CharField(_("依据"), max_length=300, blank=True, help_text=_("认定或管理的文件、文号。"))
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("自定义标签")
        verbose_name_plural = _("自定义标签")
        ordering = ["region__code", "code"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from zhichan.entities.tags import check

        errors = check(self)
        if errors:
            raise ValidationError(errors)

    def uses(self, code: str | None = None) -> dict[str, int]:
        from zhichan.entities.tags import uses

        return uses(code or self.code)


class EntityTag(models.Model):
    """A tag held for a period (e.g. 高新技术企业 certified 2023-12-08, valid three years): one of
    the seeds' (`Tag`) or an office's own (`OfficeTag`, by its code)."""

    entity = models.ForeignKey(Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("标签"), max_length=32)
    valid_from = models.DateField(_("起始日期"), null=True, blank=True)
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("主体标签")
        verbose_name_plural = _("主体标签")
        ordering = ["entity", "tag", "valid_from"]
        indexes = [models.Index(fields=["tag", "valid_from", "valid_to"], name="entitytag_validity")]

    def __str__(self) -> str:
        return f"{self.entity} · {self.get_tag_display()}"

    def get_tag_display(self) -> str:
        from zhichan.entities.tags import tag_label

        return tag_label(self.tag)

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else "", "entity": self.entity_id}


class AliasKind(models.TextChoices):
    FORMER = "former", _("曾用名")
    ALIAS = "alias", _("别名（数据中的写法）")
    MERGED = "merged", _("合并来源")


class EntityAlias(models.Model):
    """Another name under which the entity appears in data (former names, spelling variants)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("名称"), max_length=200)
    name_key = models.CharField(_("名称匹配键"), max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("类型"), max_length=8, choices=AliasKind.choices, default=AliasKind.ALIAS)
    valid_to = models.DateField(_("使用至"), null=True, blank=True)

    class Meta:
        verbose_name = _("主体别名")
        verbose_name_plural = _("主体别名")
        ordering = ["entity", "name"]
        constraints = [models.UniqueConstraint(fields=["entity", "name_key"], name="entity_alias_unique")]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else "", "entity": self.entity_id}


auditlog.register(Entity)
auditlog.register(EntityTag)
auditlog.register(EntityAlias)
auditlog.register(OfficeTag)
