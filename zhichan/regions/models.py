"""The administrative division tree (GB/T 2260 down to 镇乡街道) and yearly figures per region."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级（镇乡街道）")


# How many leading digits of the code identify a region at each level; a region's subtree is
# every region whose code starts with its prefix (420000 → "42", 420500 → "4205", …).
PREFIX_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9}


class Region(models.Model):
    """One administrative division: province, prefecture, county or township.

    Province, city and county codes are the 6-digit GB/T 2260 codes; township codes are the
    9-digit 统计用区划代码. ``prefix`` holds the significant digits, so that a subtree is a
    single indexed ``startswith`` filter.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    prefix = models.CharField(_("代码前缀"), max_length=12, db_index=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    is_active = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @staticmethod
    def prefix_for(code: str, level: int) -> str:
        return code[: PREFIX_LENGTH[Level(level)]]

    def subtree(self) -> models.QuerySet["Region"]:
        return Region.objects.filter(prefix__startswith=self.prefix)

    def contains(self, other: "Region") -> bool:
        return other.prefix.startswith(self.prefix)

    @property
    def prefixes(self) -> list[str]:
        """The prefixes of this region and of every region enclosing it: ``region__prefix__in``
        finds the records set up here or above (rules, schemes, lists of a province or city)."""
        return [self.prefix[:n] for n in range(1, len(self.prefix) + 1)]

    def ancestors(self) -> list["Region"]:
        """From the province down to this region's parent (one query per level, at most 3)."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def full_name(self) -> str:
        names = [r.name for r in self.ancestors() if r.name not in {"市辖区", "县", "省直辖县级行政区划"}]
        return "".join([*names, self.name])


class RegionFigure(models.Model):
    """A region's figures for one year: the denominators of per-capita indicators.

    Population in persons, GDP in 万元. Each value may be missing; an indicator that needs a
    missing denominator says so instead of guessing.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(1949)])
    resident_population = models.PositiveIntegerField(_("常住人口（人）"), null=True, blank=True)
    registered_population = models.PositiveIntegerField(_("户籍人口（人）"), null=True, blank=True)
    market_entities = models.PositiveIntegerField(_("市场主体数（户）"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("企业数（户）"), null=True, blank=True)
    gdp = models.DecimalField(
        _("地区生产总值（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    pi_value_added = models.DecimalField(
        _("专利密集型产业增加值（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("统计部门按《知识产权（专利）密集型产业统计分类（2019）》核算的增加值。"),
    )
    general_budget = models.DecimalField(
        _("一般公共预算支出（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("奖补资金按其比例安排（宜都方案：不低于 0.1%）。"),
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("区划年度数据")
        verbose_name_plural = _("区划年度数据")
        ordering = ["region__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="region_figure_unique_year")]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}"

    def get_additional_data(self) -> dict:
        """Stored with each audit entry so that the audit view can scope entries by region."""
        return {"region": self.region.code}


auditlog.register(RegionFigure)
