"""What the monitoring system stores: plans and their targets, figures entered where the registry
cannot count (peers outside the region, figures of other modules not yet built). Indicator values themselves are computed, never stored (cached boards carry `zhichan.lib.stamp`)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A plan or work-points document that sets indicator targets for a region."""

    title = models.CharField(_("名称"), max_length=200)
    issuer = models.CharField(_("印发机关"), max_length=100)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="plans"
    )
    starts_on = models.DateField(_("起始日"))
    ends_on = models.DateField(_("截止日"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    source = models.CharField(_("出处"), max_length=300, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("规划（方案）")
        verbose_name_plural = _("规划（方案）")
        ordering = ["-ends_on", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "title"], name="plan_unique_title")]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class TargetKind(models.TextChoices):
    LEVEL = "level", _("到期达到")  # the indicator's value on the deadline
    INCREASE = "increase", _("期内新增累计")  # the flow summed from the plan's start to the deadline
    GROWTH = "growth", _("年均增长率")  # compound yearly growth from the baseline, in %


class Target(models.Model):
    """One numeric target of a plan: an indicator, a value to reach by a deadline, a baseline."""

    plan = models.ForeignKey(Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("指标"), max_length=40)
    kind = models.CharField(
        _("目标类型"), max_length=10, choices=TargetKind.choices, default=TargetKind.LEVEL
    )
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4)
    at_most = models.BooleanField(_("不超过（越小越好）"), default=False)
    strict = models.BooleanField(_("须超过（“突破”“超”）"), default=False)
    deadline = models.DateField(_("期限"))
    baseline = models.DecimalField(_("基期值"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_on = models.DateField(_("基期日"), null=True, blank=True)
    quote = models.CharField(_("原文"), max_length=500, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.indicator}"

    @property
    def indicator_name(self) -> str:
        from zhichan.monitor.indicators import INDICATORS

        found = INDICATORS.get(self.indicator)
        return str(found.name) if found else self.indicator

    def get_additional_data(self) -> dict:
        return {"region": self.plan.region.code}


class EnteredValue(models.Model):
    """An indicator value entered or imported for a region: where the registry does not cover the
    region (a peer county in another province), or for an indicator it cannot count."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), on_delete=models.CASCADE, related_name="entered_values"
    )
    indicator = models.CharField(_("指标"), max_length=40)
    on = models.DateField(_("截至日期"), help_text=_("年度数据填当年 12 月 31 日。"))
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    source = models.CharField(_("来源"), max_length=300)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("录入指标值")
        verbose_name_plural = _("录入指标值")
        ordering = ["region__code", "indicator", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator", "on"], name="entered_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.indicator} {self.on}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


auditlog.register(Plan)
auditlog.register(Target)
auditlog.register(EnteredValue)


class PeerSet(models.Model):
    """Regions compared side by side (the Yidu plan's figures 1–4 compare 宜都 with six or seven
    counties elsewhere): the registry where it covers a member, entered values where it does not."""

    name = models.CharField(_("名称"), max_length=100)
    owner = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), on_delete=models.CASCADE, related_name="peer_sets",
        help_text=_("该区划及其上级的用户可查看。"),
    )  # fmt: skip
    members = models.JSONField(_("成员区划代码"), default=list, help_text=_("按显示顺序排列的区划代码。"))
    indicators = models.JSONField(_("对比指标"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("对比组")
        verbose_name_plural = _("对比组")
        ordering = ["owner__code", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="peer_set_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.owner.code}


auditlog.register(PeerSet)


class RankingScheme(models.Model):
    """How an office ranks the units under it each quarter (三级督查，每季度排名通报): the indicators
    and their weights. The composite score is the weighted mean of each indicator's value as a
    share of the best unit's (×100; for lower-is-better indicators, the best over the value)."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("被排名单位的上级区划"), on_delete=models.CASCADE,
        related_name="ranking_schemes",
    )  # fmt: skip
    weights = models.JSONField(
        _("指标与权重"), default=list, help_text=_('如 [{"indicator": "high_value_per_10k", "weight": 40}]')
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("排名方案")
        verbose_name_plural = _("排名方案")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="ranking_scheme_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


auditlog.register(RankingScheme)


class CountedFrom(models.TextChoices):
    """Where an office-defined indicator's figure comes from (monitor/office.py)."""

    ENTERED = "entered", _("录入")
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")
    GI = "gi", _("地理标志")
    ENTITY = "entity", _("主体（企业、高校、机构）")
    PLEDGE = "pledge", _("质押登记")
    EVENT = "event", _("专利法律事件")
    CASE = "case", _("保护案件")
    STATION = "station", _("保护工作站、维权援助站、调解组织")
    POOL = "pool", _("专利池")
    PRODUCT = "product", _("专利产品备案与专利密集型产品认定（已通过）")


class CountedWhen(models.TextChoices):
    ON_DATE = "on_date", _("截至统计日有效或持有（存量）")
    NEW = "new", _("统计期内新增（增量）")
    FILED = "filed", _("统计期内申请或立案（增量）")


class OfficeIndicator(models.Model):
    """An indicator an office defines itself, beside the built-in ones (monitor/indicators.py):
    counted from the registry with the filters the page offers, or entered. It is used like a
    built-in one everywhere (board, targets, rankings, reports, import-values, the API)."""

    code = models.CharField(
        _("代码"), max_length=40, unique=True,
        help_text=_("小写字母开头，字母、数字和下划线，如 plant_variety_valid；导入、接口和目标以此为准，定义后不宜再改。"),
    )  # fmt: skip
    name = models.CharField(_("名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    definition = models.TextField(_("定义"))
    basis = models.CharField(_("出处"), max_length=300, help_text=_("规划、方案或统计口径的出处。"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("定义单位区划"), on_delete=models.PROTECT, related_name="indicators",
        help_text=_("由该区划的管理部门维护；各区划的指标看板都可使用。"),
    )  # fmt: skip
    counted_from = models.CharField(
        _("计算方式"), max_length=12, choices=CountedFrom.choices,
        help_text=_("从登记簿的哪张表计数；登记簿无法统计的选“录入”，在 区域对比 → 导入录入值 按期填报。"),
    )  # fmt: skip
    counted_when = models.CharField(
        _("统计口径"), max_length=10, choices=CountedWhen.choices, default=CountedWhen.ON_DATE, blank=True,
        help_text=_("新增按授权、注册、登记、取得标签、生效或审结之日计；申请按申请日或立案日计。"),
    )  # fmt: skip
    filters = models.JSONField(_("筛选条件"), default=list, blank=True)
    sums_amount = models.BooleanField(
        _("合计金额"), default=False, help_text=_("质押登记：合计登记金额而非笔数。")
    )
    divisor = models.PositiveIntegerField(
        _("换算除数"), default=1, help_text=_("如金额以元计、单位为万元时填 10000，亿元填 100000000。")
    )
    digits = models.PositiveSmallIntegerField(_("小数位数"), default=0)
    lower_is_better = models.BooleanField(_("越小越好"), default=False)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("自定义指标")
        verbose_name_plural = _("自定义指标")
        ordering = ["region__code", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}

    def clean(self) -> None:
        from zhichan.monitor.office import check

        check(self)

    def uses(self, code: str | None = None) -> dict[str, int]:
        """What refers to the indicator by its code: targets, entered values, ranking schemes and
        peer sets (kind → how many)."""
        code = code or self.code
        found = {
            str(Target._meta.verbose_name): Target.objects.filter(indicator=code).count(),
            str(EnteredValue._meta.verbose_name): EnteredValue.objects.filter(indicator=code).count(),
            str(RankingScheme._meta.verbose_name): sum(
                any(w.get("indicator") == code for w in s.weights) for s in RankingScheme.objects.all()
            ),
            str(PeerSet._meta.verbose_name): sum(code in (p.indicators or []) for p in PeerSet.objects.all()),
        }
        return {kind: n for kind, n in found.items() if n}


auditlog.register(OfficeIndicator)
