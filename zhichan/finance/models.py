"""IP finance (知识产权金融): pledge registrations and the loans they secure, the 授信企业白名单,
interest subsidies (贴息) computed from dated rules and the dated LPR table, the
risk-compensation pool and IP insurance."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.assets.models import (
    Copyright,
    DataIPRegistration,
    GeographicalIndication,
    ImportBatch,
    Patent,
    Trademark,
)
from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class Pledge(models.Model):
    """One pledge registration (质押登记) and the loan it secures.

    ``amount`` is the registered amount (主债权/融资金额), which the indicator 知识产权质押融资额 sums
    once per registration however many rights it covers. The loan fields feed the subsidy."""

    number = models.CharField(_("登记号"), max_length=60, blank=True, help_text=_("质押登记通知书编号。"))
    pledgor = models.ForeignKey(
        Entity,
        verbose_name=_("出质人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    pledgor_name = models.CharField(_("出质人名称"), max_length=200)
    pledgee = models.ForeignKey(
        Entity, verbose_name=_("质权人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="pledges_held",
    )  # fmt: skip
    pledgee_name = models.CharField(_("质权人名称"), max_length=200)
    guarantor = models.CharField(_("担保/增信机构"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("质押融资金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("登记清单未给出金额时为空（计入笔数，不计入金额）。"),
    )  # fmt: skip
    registered_on = models.DateField(_("登记生效日"))
    released_on = models.DateField(_("解除日"), null=True, blank=True)
    loan_amount = models.DecimalField(
        _("贷款本金（元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("空为与质押融资金额相同。"),
    )  # fmt: skip
    loan_start = models.DateField(_("贷款起息日"), null=True, blank=True)
    loan_end = models.DateField(_("贷款到期日"), null=True, blank=True)
    repaid_on = models.DateField(_("实际还清日"), null=True, blank=True, help_text=_("提前还清时填写。"))
    loan_rate = models.DecimalField(
        _("贷款年利率（%）"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("出质人所在区划，登记时确定；指标按此归属。"),
    )  # fmt: skip
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("质押登记")
        verbose_name_plural = _("质押登记")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "registered_on", "amount"], name="pledge_board"),
            models.Index(fields=["pledgee", "registered_on"], name="pledge_pledgee"),
        ]

    def __str__(self) -> str:
        return f"{self.registered_on} {self.pledgor_name} → {self.pledgee_name}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code if self.region_id else ""}

    def active_on(self, day) -> bool:
        return self.registered_on <= day and (self.released_on is None or day < self.released_on)

    @property
    def principal(self):
        return self.loan_amount if self.loan_amount is not None else (self.amount or 0)

    @property
    def loan_ends(self):
        """The day interest stops: repayment if early, else maturity."""
        return self.repaid_on or self.loan_end


class ItemKind(models.TextChoices):
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")
    GI = "gi", _("地理标志")
    COPYRIGHT = "copyright", _("著作权")
    DATAIP = "dataip", _("数据知识产权")


class PledgeItem(models.Model):
    """A right covered by a pledge, linked to the registry where it is there."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=10, choices=ItemKind.choices)
    number = models.CharField(_("号码"), max_length=40)
    title = models.CharField(_("名称"), max_length=300, blank=True)
    patent = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    trademark = models.ForeignKey(
        Trademark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gi = models.ForeignKey(
        GeographicalIndication, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copyright = models.ForeignKey(
        Copyright, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dataip = models.ForeignKey(
        DataIPRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(
        _("本项分摊金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("登记文件逐项给出时记录；未给出时按登记金额在各项标的间平均分摊。"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("质押标的")
        verbose_name_plural = _("质押标的")
        ordering = ["pledge", "pk"]
        constraints = [models.UniqueConstraint(fields=["pledge", "kind", "number"], name="pledge_item_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def right(self):
        return self.patent or self.trademark or self.gi or self.copyright or self.dataip


# ---------------------------------------------------------------------------------------------
# Interest subsidy


class LprRate(models.Model):
    """The LPR in force from ``effective_on`` until the next row (data/PROVENANCE.md)."""

    effective_on = models.DateField(_("起始日"), unique=True)
    one_year = models.DecimalField(_("1年期LPR（%）"), max_digits=5, decimal_places=2)
    five_year = models.DecimalField(_("5年期以上LPR（%）"), max_digits=5, decimal_places=2)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("贷款市场报价利率")
        verbose_name_plural = _("贷款市场报价利率")
        ordering = ["effective_on"]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.one_year}% / {self.five_year}%"


class Tenor(models.TextChoices):
    ONE = "one_year", _("1年期LPR")
    FIVE = "five_year", _("5年期以上LPR")


class RateBasis(models.TextChoices):
    DAILY = "daily", _("按计息期间逐日适用的LPR")
    CONTRACT = "contract", _("按贷款起息日的LPR")


class SubsidyRule(models.Model):
    """A 贴息 rule of a region for a period: subsidy = principal × LPR × share × days ÷ day count,
    capped by the loan's own rate where the rule says so, and per enterprise per calendar year.
    Rules are data: a new policy is a new row with its dates, the old one keeps its period."""

    name = models.CharField(_("名称"), max_length=200)
    basis = models.CharField(_("政策依据"), max_length=300, help_text=_("文件名称与文号，条款。"))
    region = models.ForeignKey(Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("施行日"))
    valid_to = models.DateField(_("废止日（含）"), null=True, blank=True)
    lpr_share = models.DecimalField(
        _("贴息比例（LPR 的倍数）"), max_digits=5, decimal_places=4, help_text=_("如 0.4 即 LPR 的 40%。")
    )
    tenor = models.CharField(_("参照LPR期限"), max_length=10, choices=Tenor.choices, default=Tenor.ONE)
    rate_basis = models.CharField(
        _("利率适用方式"), max_length=10, choices=RateBasis.choices, default=RateBasis.DAILY
    )
    day_count = models.PositiveSmallIntegerField(
        _("计息天数基数"), default=360, help_text=_("日利率 = 年利率 ÷ 基数；银行贷款惯例 360。")
    )
    cap_per_year = models.DecimalField(
        _("每家企业年度上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    not_above_loan_rate = models.BooleanField(_("贴息利率不超过贷款实际利率"), default=True)
    eligible_tags = models.JSONField(
        _("适用企业标签"), default=list, blank=True, help_text=_("空为不限；如科技型中小企业。")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("贴息规则")
        verbose_name_plural = _("贴息规则")
        ordering = ["region", "-valid_from"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}

    def tag_labels(self) -> list[str]:
        from zhichan.entities.tags import tag_label

        return [tag_label(t) for t in self.eligible_tags]


# ---------------------------------------------------------------------------------------------
# Whitelist


class Whitelist(models.Model):
    """A 授信企业白名单 in preparation: criteria, the candidates they select and staff's review.
    Publishing freezes it as a numbered, dated version that banks see."""

    name = models.CharField(_("名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(_("入选条件"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("授信企业白名单")
        verbose_name_plural = _("授信企业白名单")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("待审核")
    INCLUDED = "included", _("纳入")
    EXCLUDED = "excluded", _("不纳入")


class WhitelistCandidate(models.Model):
    """An enterprise the criteria selected (or staff added), with the figures that qualified it."""

    whitelist = models.ForeignKey(Whitelist, on_delete=models.CASCADE, related_name="candidates")
    entity = models.ForeignKey(Entity, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+")
    figures = models.JSONField(_("入选依据"), default=dict)
    by_criteria = models.BooleanField(_("按条件入选"), default=True)
    decision = models.CharField(
        _("审核"), max_length=10, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    note = models.CharField(_("审核意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("白名单候选企业")
        verbose_name_plural = _("白名单候选企业")
        ordering = ["whitelist", "entity__name"]
        constraints = [
            models.UniqueConstraint(fields=["whitelist", "entity"], name="whitelist_candidate_once")
        ]

    def __str__(self) -> str:
        return str(self.entity)


class WhitelistVersion(models.Model):
    """A published whitelist: the entries as they were on the day, never edited afterwards."""

    whitelist = models.ForeignKey(Whitelist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("批次"))
    published_on = models.DateField(_("发布日"))
    criteria = models.JSONField(_("入选条件"))
    entries = models.JSONField(_("名单"), help_text=_("每家企业：名称、统一社会信用代码、区划、入选依据。"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("白名单发布版本")
        verbose_name_plural = _("白名单发布版本")
        ordering = ["-published_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["whitelist", "number"], name="whitelist_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.whitelist} 第{self.number}批（{self.published_on}）"


# ---------------------------------------------------------------------------------------------
# Risk-compensation pool and insurance


class PoolEntryKind(models.TextChoices):
    FUNDING = "funding", _("注资")
    COMPENSATION = "compensation", _("代偿/风险补偿")
    RECOVERY = "recovery", _("追偿回收")
    INTEREST = "interest", _("利息收入")
    REFUND = "refund", _("退出/返还")


POOL_INFLOWS = {PoolEntryKind.FUNDING, PoolEntryKind.RECOVERY, PoolEntryKind.INTEREST}


class PoolEntry(models.Model):
    """A movement of the risk-compensation pool (风险补偿资金池): money in or out, with the loan
    concerned for compensations and recoveries. The balance is the running sum."""

    region = models.ForeignKey(
        Region, verbose_name=_("资金池所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=14, choices=PoolEntryKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=16, decimal_places=2)
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("相关质押贷款"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim = models.ForeignKey(
        "RiskClaim", verbose_name=_("代偿申请"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="entries",
    )  # fmt: skip
    counterparty = models.CharField(_("对方单位"), max_length=200, blank=True)
    document = models.CharField(_("凭证/文号"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("风险补偿资金池收支")
        verbose_name_plural = _("风险补偿资金池收支")
        ordering = ["region", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.amount}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}

    @property
    def signed(self):
        return self.amount if self.kind in POOL_INFLOWS else -self.amount


SHARE_HELP = _("0 到 1 之间的小数，如 0.5 即 50%。")


class PoolRule(models.Model):
    """How the pool shares the loss of a defaulted pledged loan (风险补偿规则): the shares of the
    pool, the bank and the guarantor, the cap per loan, and the conditions a claim must meet.
    Rules are data with their period, like the subsidy rules."""

    name = models.CharField(_("名称"), max_length=200)
    basis = models.CharField(_("政策依据"), max_length=300, help_text=_("文件名称与文号，条款。"))
    region = models.ForeignKey(
        Region, verbose_name=_("资金池所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("施行日"))
    valid_to = models.DateField(_("废止日（含）"), null=True, blank=True)
    pool_share = models.DecimalField(
        _("资金池分担比例"), max_digits=5, decimal_places=4, help_text=SHARE_HELP
    )
    bank_share = models.DecimalField(_("银行分担比例"), max_digits=5, decimal_places=4, help_text=SHARE_HELP)
    guarantor_share = models.DecimalField(
        _("担保/保险机构分担比例"), max_digits=5, decimal_places=4, default=0, help_text=SHARE_HELP
    )
    cap_per_loan = models.DecimalField(
        _("单笔贷款最高补偿（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    min_overdue_days = models.PositiveSmallIntegerField(
        _("逾期满多少天可申请"), default=90, help_text=_("自逾期之日起算，满该天数方可申请补偿。")
    )
    claim_within_days = models.PositiveSmallIntegerField(
        _("逾期后多少天内须申请"), null=True, blank=True, help_text=_("空为不限。")
    )
    whitelist_only = models.BooleanField(
        _("限白名单企业"), default=False, help_text=_("仅补偿放款时在已发布授信白名单上的企业的贷款。")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("风险补偿规则")
        verbose_name_plural = _("风险补偿规则")
        ordering = ["region", "-valid_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        shares = (self.pool_share, self.bank_share, self.guarantor_share)
        if any(s is not None and not 0 <= s <= 1 for s in shares):
            raise ValidationError(_("分担比例应在 0 到 1 之间。"))
        if None not in shares and sum(shares) != 1:
            raise ValidationError(_("资金池、银行和担保机构的分担比例之和应为 1（现为 %(s)s）。") % {
                "s": sum(shares).normalize()})  # fmt: skip
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("废止日不能早于施行日。")})

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("银行已报告，待审核")
    APPROVED = "approved", _("已核准，待代偿")
    PARTIAL = "partial", _("部分代偿（资金池余额不足）")
    COMPENSATED = "compensated", _("已代偿")
    REFUSED = "refused", _("不予补偿")


class RiskClaim(models.Model):
    """A pledged loan in default: the bank's report and claim, the office's review with the rule
    applied, and what the pool paid and got back (its `PoolEntry` rows)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("质押贷款"), on_delete=models.PROTECT, related_name="claims"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("资金池所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        PoolRule,
        verbose_name=_("适用规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    overdue_since = models.DateField(_("逾期起始日"))
    reported_on = models.DateField(_("申请日"))
    outstanding = models.DecimalField(_("未偿还本金（元）"), max_digits=16, decimal_places=2)
    measures = models.CharField(
        _("已采取的处置措施"), max_length=500, help_text=_("催收、诉讼、处置质物等。")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED
    )
    approved = models.DecimalField(
        _("核定补偿额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    worked = models.CharField(_("核定依据"), max_length=500, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_on = models.DateField(_("审核日"), null=True, blank=True)

    class Meta:
        verbose_name = _("风险补偿申请")
        verbose_name_plural = _("风险补偿申请")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return _("%(p)s 逾期 %(d)s") % {"p": self.pledge.pledgor_name, "d": self.overdue_since}

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class InsuranceKind(models.TextChoices):
    ENFORCEMENT = "enforcement", _("知识产权维权费用保险（执行险）")
    INFRINGEMENT = "infringement", _("知识产权侵权责任保险")
    PLEDGE = "pledge", _("知识产权质押融资保证保险")
    OVERSEAS = "overseas", _("海外知识产权侵权责任保险")
    FILING = "filing", _("专利申请费用补偿保险")
    OTHER = "other", _("其他")


class InsuranceProduct(models.Model):
    """An IP insurance product offered in the region (险种, insurer, rate, cover, the region's
    premium subsidy), which policies are taken out under."""

    name = models.CharField(_("产品名称"), max_length=200)
    insurer = models.CharField(_("保险机构"), max_length=200)
    kind = models.CharField(_("险种"), max_length=14, choices=InsuranceKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("推广区划"), on_delete=models.PROTECT, related_name="+")
    premium_rate = models.DecimalField(
        _("费率（%）"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("保费占保险金额的百分比。"),
    )
    max_coverage = models.DecimalField(_("单笔最高保险金额（元）"), max_digits=16, decimal_places=2, null=True,
                                       blank=True)  # fmt: skip
    subsidy_share = models.DecimalField(
        _("保费补贴比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("本区划对投保企业的保费补贴比例；补贴按奖补规则发放。"),
    )  # fmt: skip
    valid_from = models.DateField(_("推广起始"), null=True, blank=True)
    valid_to = models.DateField(_("推广截止"), null=True, blank=True)
    terms = models.CharField(_("保障范围"), max_length=500, blank=True)
    active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("知识产权保险产品")
        verbose_name_plural = _("知识产权保险产品")
        ordering = ["region__code", "insurer", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "insurer", "name"], name="insurance_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.name}"

    def clean(self):
        for name in ("premium_rate", "subsidy_share"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise ValidationError({name: _("百分比应在 0 到 100 之间。")})

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class InsurancePolicy(models.Model):
    """An IP insurance policy taken out by an entity."""

    product = models.ForeignKey(
        InsuranceProduct, verbose_name=_("保险产品"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="policies",
    )  # fmt: skip

    number = models.CharField(_("保单号"), max_length=60)
    kind = models.CharField(_("险种"), max_length=14, choices=InsuranceKind.choices)
    insurer = models.CharField(_("保险机构"), max_length=200)
    insured = models.ForeignKey(
        Entity, verbose_name=_("被保险人"), on_delete=models.PROTECT, related_name="+"
    )
    patents = models.ManyToManyField(Patent, verbose_name=_("承保专利"), blank=True, related_name="+")
    premium = models.DecimalField(_("保费（元）"), max_digits=14, decimal_places=2)
    premium_subsidy = models.DecimalField(
        _("保费补贴（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    coverage = models.DecimalField(_("保险金额（元）"), max_digits=16, decimal_places=2)
    starts_on = models.DateField(_("保险起期"))
    ends_on = models.DateField(_("保险止期"))
    claims_paid = models.DecimalField(_("已赔付（元）"), max_digits=16, decimal_places=2, default=0)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("知识产权保险")
        verbose_name_plural = _("知识产权保险")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["insurer", "number"], name="insurance_policy_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布，银行可见")
    CLOSED = "closed", _("已关闭")


class FinancingNeed(models.Model):
    """An enterprise's financing need (融资需求) against its IP: reviewed by the office, then seen
    by the banks, which answer it; the enterprise follows its status."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="financing_needs"
    )
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("融资金额（元）"), max_digits=16, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("期限（月）"))
    purpose = models.CharField(_("资金用途"), max_length=300)
    rights = models.CharField(_("可质押的知识产权"), max_length=500, help_text=_("专利号、商标注册号等。"))
    contact = models.CharField(_("联系人及电话"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    submitted_on = models.DateField(_("提交日期"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    answers = models.JSONField(_("银行回应"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity} {self.amount}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class InsuranceClaimStatus(models.TextChoices):
    REPORTED = "reported", _("已报案，待理赔")
    PAID = "paid", _("已赔付")
    REFUSED = "refused", _("拒赔")


class InsuranceClaim(models.Model):
    """A claim under an IP insurance policy (维权费用、侵权赔偿、贷款损失…) and its outcome; the
    policy's 已赔付 is the sum of what its claims were paid."""

    policy = models.ForeignKey(
        InsurancePolicy, verbose_name=_("保单"), on_delete=models.CASCADE, related_name="claims"
    )
    incident_on = models.DateField(_("出险日"))
    reported_on = models.DateField(_("报案日"))
    description = models.CharField(
        _("出险情况"), max_length=500, help_text=_("如：起诉侵权方、被诉侵权、贷款违约。")
    )
    claimed = models.DecimalField(_("索赔金额（元）"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=10, choices=InsuranceClaimStatus.choices, default=InsuranceClaimStatus.REPORTED
    )
    paid = models.DecimalField(_("赔付金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(_("结案日"), null=True, blank=True)
    note = models.CharField(_("理赔说明"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("保险理赔")
        verbose_name_plural = _("保险理赔")
        ordering = ["policy", "incident_on", "pk"]

    def __str__(self) -> str:
        return f"{self.policy} {self.incident_on} {self.get_status_display()}"

    def get_additional_data(self) -> dict:
        return {"region": self.policy.region.code}


for model in (Pledge, PledgeItem, LprRate, SubsidyRule, InsuranceProduct, Whitelist, WhitelistCandidate, WhitelistVersion,
              PoolEntry, PoolRule, RiskClaim, InsurancePolicy, InsuranceClaim, FinancingNeed):  # fmt: skip
    auditlog.register(model)
