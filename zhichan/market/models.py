"""Transfer and licensing (转让、许可), the 可转化专利资源库 and 开放许可, patent pools, graded
university stock patents, technology demands, recommendations and deals."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.assets.models import Patent
from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class TransactionKind(models.TextChoices):
    TRANSFER = "transfer", _("转让")
    LICENSE = "license", _("许可")
    INVESTMENT = "investment", _("作价入股")


class LicenseType(models.TextChoices):
    EXCLUSIVE = "exclusive", _("独占许可")
    SOLE = "sole", _("排他许可")
    ORDINARY = "ordinary", _("普通许可")
    OPEN = "open", _("开放许可")


class PatentPool(models.Model):
    """A patent pool (专利池): members contribute patents, the operator grants licences on them."""

    name = models.CharField(_("名称"), max_length=200)
    operator = models.ForeignKey(
        Entity, verbose_name=_("运营主体"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("技术领域"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)
    members = models.ManyToManyField(Entity, verbose_name=_("成员单位"), related_name="pools", blank=True)
    patents = models.ManyToManyField(Patent, verbose_name=_("入池专利"), related_name="pools", blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    founded_on = models.DateField(_("组建日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专利池")
        verbose_name_plural = _("专利池")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class Transaction(models.Model):
    """A transfer or licence contract over one or more patents.

    Recording one writes the matching legal event (权利转移 / 实施许可备案) on each patent's
    timeline, which is what the indicator 专利转让许可次数 counts (one per patent, as CNIPA counts)."""

    kind = models.CharField(_("类型"), max_length=10, choices=TransactionKind.choices)
    license_type = models.CharField(_("许可方式"), max_length=10, choices=LicenseType.choices, blank=True)
    seller = models.ForeignKey(
        Entity,
        verbose_name=_("转让人/许可人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seller_name = models.CharField(_("转让人/许可人名称"), max_length=200)
    buyer = models.ForeignKey(
        Entity,
        verbose_name=_("受让人/被许可人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    buyer_name = models.CharField(_("受让人/被许可人名称"), max_length=200)
    patents = models.ManyToManyField(Patent, verbose_name=_("专利"), related_name="transactions")
    amount = models.DecimalField(_("合同金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    signed_on = models.DateField(_("合同签订日"))
    effective_on = models.DateField(_("登记/备案生效日"))
    term_end = models.DateField(_("许可期限至"), null=True, blank=True)
    registration_number = models.CharField(_("登记/备案号"), max_length=60, blank=True)
    pool = models.ForeignKey(
        PatentPool, verbose_name=_("专利池"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="licences",
    )  # fmt: skip
    listing = models.ForeignKey(
        "Listing", verbose_name=_("开放许可声明"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="acceptances", help_text=_("接受开放许可而订立的许可。"),
    )  # fmt: skip
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+",
        help_text=_("转让人/许可人所在区划；无法确定时为登记人的辖区。"),
    )  # fmt: skip
    note = models.CharField(_("备注"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("转让许可")
        verbose_name_plural = _("转让许可")
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["region", "effective_on"], name="transaction_period")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.seller_name} → {self.buyer_name}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class ListingKind(models.TextChoices):
    TRANSFER = "transfer", _("转让")
    LICENSE = "license", _("许可")
    OPEN = "open", _("开放许可")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已成交")


class Listing(models.Model):
    """A patent offered for transfer or licence (可转化专利资源库), or an open-licence declaration
    (开放许可声明) with its published fee terms. Published once, it shows on every channel that
    lists offers: the search, the portal, the API and the export (one row, read by all)."""

    patent = models.ForeignKey(
        Patent, verbose_name=_("专利"), on_delete=models.PROTECT, related_name="listings"
    )
    holder = models.ForeignKey(
        Entity, verbose_name=_("权利人"), on_delete=models.PROTECT, related_name="listings"
    )
    kind = models.CharField(_("方式"), max_length=10, choices=ListingKind.choices)
    price = models.DecimalField(
        _("报价（元）"), max_digits=16, decimal_places=2, null=True, blank=True, help_text=_("空为面议。")
    )
    # Open-licence fee terms (专利开放许可使用费标准): an entry fee and/or a royalty rate, or a yearly fee.
    entry_fee = models.DecimalField(_("入门费（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    royalty_rate = models.DecimalField(
        _("提成比例（%）"), max_digits=6, decimal_places=3, null=True, blank=True,
        help_text=_("按被许可人实施专利产品销售额计。"),
    )  # fmt: skip
    annual_fee = models.DecimalField(
        _("年许可费（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    pay_after_use = models.BooleanField(_("先使用后付费"), default=False)
    free_months = models.PositiveSmallIntegerField(
        _("先使用期（月）"), null=True, blank=True, help_text=_("先使用后付费：许可后多少个月内免付使用费。")
    )
    pay_after_use_terms = models.CharField(
        _("先使用后付费约定"),
        max_length=300,
        blank=True,
        help_text=_("先使用期满后的付费方式、产品未实现销售时的处理等。"),
    )
    evaluation_report = models.CharField(
        _("专利权评价报告编号"), max_length=60, blank=True,
        help_text=_("实用新型、外观设计专利声明开放许可须提供（专利法第五十条）。"),
    )  # fmt: skip
    evaluation_on = models.DateField(_("评价报告作出日"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    available_until = models.DateField(_("有效期至"), null=True, blank=True)
    description = models.TextField(_("技术说明与应用场景"), blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专利供给")
        verbose_name_plural = _("专利供给")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["patent", "kind"],
                condition=models.Q(status__in=["draft", "submitted", "published"]),
                name="listing_one_open_per_kind",
            )
        ]
        indexes = [models.Index(fields=["status", "region"], name="listing_status_region")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.patent.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class Grade(models.TextChoices):
    A = "A", _("A 类：转化前景好，优先推介")
    B = "B", _("B 类：有转化潜力，择机推介")
    C = "C", _("C 类：转化价值一般，维持观察")
    D = "D", _("D 类：建议放弃或低成本处置")


class Outcome(models.TextChoices):
    """What became of a graded stock patent (the campaign's 盘活 follow-up)."""

    LICENSED = "licensed", _("已许可（含开放许可）")
    TRANSFERRED = "transferred", _("已转让")
    INVESTED = "invested", _("作价入股")
    IMPLEMENTED = "implemented", _("自行实施或合作实施")
    MAINTAINED = "maintained", _("继续维持，待转化")
    ABANDONED = "abandoned", _("放弃（不再缴纳年费）")


class PatentGrade(models.Model):
    """The grade (分级分类) of a stock patent, computed from the registry by the rule in
    `grading.py` with the points of each criterion, or set by staff with a reason."""

    patent = models.OneToOneField(
        Patent, verbose_name=_("专利"), on_delete=models.CASCADE, related_name="grade"
    )
    holder = models.ForeignKey(Entity, verbose_name=_("权利人"), on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(_("等级"), max_length=1, choices=Grade.choices)
    score = models.PositiveSmallIntegerField(_("得分"))
    reasons = models.JSONField(_("评分依据"), default=list)
    computed_grade = models.CharField(_("计算等级"), max_length=1, choices=Grade.choices)
    override_reason = models.CharField(_("调整理由"), max_length=300, blank=True)
    assessed_on = models.DateField(_("评定日"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调整人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    outcome = models.CharField(_("处置结果"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("处置日期"), null=True, blank=True)
    outcome_note = models.CharField(_("处置说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("存量专利分级")
        verbose_name_plural = _("存量专利分级")
        ordering = ["grade", "-score"]
        indexes = [models.Index(fields=["holder", "grade"], name="patentgrade_holder")]

    def __str__(self) -> str:
        return f"{self.patent.number} {self.grade}"

    def get_additional_data(self) -> dict:
        return {"region": self.holder.region.code if self.holder.region_id else ""}


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")


class Demand(models.Model):
    """A technology demand posted by an enterprise (技术需求)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("需求方"), on_delete=models.PROTECT, related_name="demands"
    )
    title = models.CharField(_("需求名称"), max_length=200)
    text = models.TextField(_("需求描述"), help_text=_("要解决的技术问题、期望的指标、应用场景。"))
    ipc = models.CharField(
        _("IPC 范围"), max_length=20, blank=True, help_text=_("可选，如 H01M 或 C04B 35。")
    )
    industry = models.CharField(
        _("战略性新兴产业"), max_length=10, blank=True, help_text=_("可选，战略性新兴产业分类代码前缀。")
    )
    budget = models.DecimalField(_("预算（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.DRAFT
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "region"], name="demand_status_region")]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class RecommendationStatus(models.TextChoices):
    SENT = "sent", _("已推送")
    INTERESTED = "interested", _("有意向")
    DECLINED = "declined", _("不感兴趣")


class Recommendation(models.Model):
    """A patent recommended to an enterprise by reverse matching, with the reasons it was ranked
    there; the enterprise sees it in its notices and answers."""

    patent = models.ForeignKey(Patent, verbose_name=_("专利"), on_delete=models.CASCADE, related_name="+")
    listing = models.ForeignKey(
        Listing, verbose_name=_("供给"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("推荐企业"), on_delete=models.CASCADE, related_name="recommendations"
    )
    score = models.FloatField(_("匹配度"))
    reasons = models.JSONField(_("推荐理由"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推送人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField(_("推送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专利推送")
        verbose_name_plural = _("专利推送")
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["patent", "entity"], name="recommendation_once")]

    def __str__(self) -> str:
        return f"{self.patent.number} → {self.entity}"

    def get_additional_data(self) -> dict:
        return {"region": self.entity.region.code if self.entity.region_id else ""}


class DealStage(models.TextChoices):
    CONTACT = "contact", _("初步接洽")
    NEGOTIATION = "negotiation", _("洽谈")
    CONTRACT = "contract", _("签约")
    DONE = "done", _("已成交")
    FAILED = "failed", _("未成交")


# The allowed moves of a deal; anything else is refused (services.deal_move).
DEAL_TRANSITIONS = {
    DealStage.CONTACT: {DealStage.NEGOTIATION, DealStage.FAILED},
    DealStage.NEGOTIATION: {DealStage.CONTRACT, DealStage.FAILED},
    DealStage.CONTRACT: {DealStage.DONE, DealStage.FAILED, DealStage.NEGOTIATION},
    DealStage.DONE: set(),
    DealStage.FAILED: set(),
}


class Deal(models.Model):
    """A match followed through: contact, negotiation, contract, and the outcome."""

    demand = models.ForeignKey(
        Demand,
        verbose_name=_("技术需求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("专利供给"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
    )
    patent = models.ForeignKey(Patent, verbose_name=_("专利"), on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(Entity, verbose_name=_("需方"), on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey(
        Entity, verbose_name=_("供方"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("阶段"), max_length=12, choices=DealStage.choices, default=DealStage.CONTACT)
    transaction = models.ForeignKey(
        Transaction,
        verbose_name=_("成交合同"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("结果说明"), max_length=500, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("跟进人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("对接跟进")
        verbose_name_plural = _("对接跟进")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.buyer} · {self.patent.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class DealStep(models.Model):
    """One move of a deal, with who made it and why."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="steps")
    from_stage = models.CharField(_("原阶段"), max_length=12, choices=DealStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=12, choices=DealStage.choices)
    note = models.CharField(_("记录"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["deal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ProductKind(models.TextChoices):
    FILING = "filing", _("专利产品备案")
    DENSE = "dense", _("专利密集型产品认定")


class ProductStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待审核")
    APPROVED = "approved", _("已通过并公布")
    REJECTED = "rejected", _("未通过")


class PatentProduct(models.Model):
    """A product an enterprise files with the patents it carries (专利产品备案), or puts forward
    for 专利密集型产品认定; the office checks the patents against the registry — valid and held by
    the filer — decides, and publishes what passed."""

    kind = models.CharField(_("类型"), max_length=8, choices=ProductKind.choices, default=ProductKind.FILING)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.SUBMITTED
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("备案主体"), on_delete=models.PROTECT, related_name="patent_products"
    )
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("产品名称"), max_length=200)
    spec = models.CharField(_("规格型号"), max_length=200, blank=True)
    industry = models.CharField(_("所属产业领域"), max_length=200, blank=True)
    description = models.TextField(_("专利在产品中的实施情况"), blank=True)
    sales = models.DecimalField(
        _("上年度销售额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    patents = models.ManyToManyField(Patent, verbose_name=_("产品实施的专利"), related_name="products")
    submitted_on = models.DateField(_("提交日期"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("审核意见"), max_length=500, blank=True)
    checks = models.JSONField(_("审核时的专利核验"), default=list)

    class Meta:
        verbose_name = _("专利产品")
        verbose_name_plural = _("专利产品")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code, "entity": self.entity_id}


for model in (PatentProduct, PatentPool, Transaction, Listing, PatentGrade, Demand, Recommendation, Deal):
    auditlog.register(model)
