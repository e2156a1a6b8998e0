"""Awards and subsidies (奖补): programmes with their rules as data, applications whose items are
verified against the registry, the ledger that forbids paying an item twice, the review
workflow, publication, payout and budgets (docs/awards.md)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.assets.models import Patent
from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class Programme(models.Model):
    """A funding programme of a region for a year, under a document."""

    name = models.CharField(_("名称"), max_length=200)
    basis = models.CharField(_("政策依据"), max_length=300, help_text=_("文件名称与文号、条款。"))
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    budget = models.DecimalField(_("预算（元）"), max_digits=16, decimal_places=2)
    opens_on = models.DateField(_("受理开始"))
    closes_on = models.DateField(_("受理截止"))
    review_days = models.PositiveSmallIntegerField(_("审核时限（天）"), default=20)
    publicity_days = models.PositiveSmallIntegerField(_("公示期（天）"), default=7)
    budget_share = models.DecimalField(
        _("占一般公共预算的最低比例"), max_digits=6, decimal_places=5, null=True, blank=True,
        help_text=_("如 0.001 即 0.1%（宜都方案第四章）。"),
    )  # fmt: skip
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("奖补项目")
        verbose_name_plural = _("奖补项目")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class RuleKind(models.TextChoices):
    PER_ITEM = "per_item", _("按件奖励")
    FIXED = "fixed", _("定额年度补助")
    REIMBURSE = "reimburse", _("按比例报销（有上限）")
    STAGED = "staged", _("分阶段项目资助")
    CERTIFICATION = "certification", _("贯标认证补贴")
    INTEREST = "interest", _("质押融资贴息（按贷款、贴息规则和LPR计算）")
    PREMIUM = "premium", _("知识产权保险保费补贴（按保单和产品补贴比例）")


class ItemSource(models.TextChoices):
    """What the registry can check for a per-item rule."""

    CN_INVENTION_GRANT = "cn_invention_grant", _("国内授权发明专利（授权公告日在期间内）")
    PCT_FOREIGN_GRANT = "pct_foreign_grant", _("PCT 途径国外授权发明专利（有国外授权同族）")
    UTILITY_GRANT = "utility_grant", _("授权实用新型专利")
    WORKSTATION = "workstation_pass", _("依托的保护工作站年度考核合格（定额）")
    NONE = "", _("不按专利（定额、报销、项目、认证）")


class Split(models.TextChoices):
    EQUAL = "equal", _("共有人平均分配")
    FIRST = "first", _("第一权利人全额")


class AwardRule(models.Model):
    """One way a programme pays: the amount, who is eligible, what counts, the caps.

    ``category`` names the thing paid for across programmes and years (e.g. "invention_grant"):
    an item paid under a category is never paid again under it (the `Payment` ledger)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=14, choices=RuleKind.choices)
    category = models.CharField(_("奖补类别"), max_length=40, help_text=_("跨年度、跨项目防重复的类别键。"))
    source = models.CharField(_("登记簿核验"), max_length=20, choices=ItemSource.choices, blank=True)
    period_from = models.DateField(_("计入期间起"), null=True, blank=True)
    period_to = models.DateField(_("计入期间止（含）"), null=True, blank=True)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, help_text=_("每件、每年或每阶段。")
    )
    ratio = models.DecimalField(_("报销比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    cap_per_item = models.DecimalField(
        _("单项上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cap_per_entity = models.DecimalField(
        _("每个主体年度上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    split = models.CharField(_("共有专利分配"), max_length=6, choices=Split.choices, default=Split.EQUAL)
    eligible_tags = models.JSONField(_("适用主体标签"), default=list, blank=True)
    station_kinds = models.JSONField(
        _("适用工作站类型"), default=list, blank=True, help_text=_("工作站补助只付给这些类型（空：不限）。")
    )
    station_level = models.CharField(
        _("工作站最低认定级别"),
        max_length=10,
        blank=True,
        help_text=_("如“市级”：市级以上认定的工作站才可申请（空：不限）。"),
    )
    stages = models.JSONField(
        _("阶段与比例"),
        default=list,
        blank=True,
        help_text=_('如 [["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]]。'),
    )
    automatic = models.BooleanField(
        _("免申即享"), default=False, help_text=_("登记簿即可判定时，由系统生成名单。")
    )

    class Meta:
        verbose_name = _("奖补规则")
        verbose_name_plural = _("奖补规则")
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.programme.region.code}


class AppStatus(models.TextChoices):
    DRAFT = "draft", _("草稿（待企业确认）")
    SUBMITTED = "submitted", _("已提交")
    CHECKED = "checked", _("已初审")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予支持")
    PUBLISHED = "published", _("已公示")
    PAID = "paid", _("已拨付")


# The review workflow: anything else is refused (services.application_move).
TRANSITIONS = {
    AppStatus.DRAFT: {AppStatus.SUBMITTED},
    AppStatus.SUBMITTED: {AppStatus.CHECKED, AppStatus.RETURNED, AppStatus.REJECTED},
    AppStatus.CHECKED: {AppStatus.APPROVED, AppStatus.RETURNED, AppStatus.REJECTED},
    AppStatus.RETURNED: {AppStatus.SUBMITTED},
    AppStatus.APPROVED: {AppStatus.PUBLISHED},
    AppStatus.PUBLISHED: {AppStatus.PAID, AppStatus.REJECTED},
    AppStatus.REJECTED: set(),
    AppStatus.PAID: set(),
}


class Application(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("奖补项目"), on_delete=models.PROTECT, related_name="applications"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("申请主体"), on_delete=models.PROTECT, related_name="award_applications"
    )
    status = models.CharField(_("状态"), max_length=10, choices=AppStatus.choices, default=AppStatus.DRAFT)
    automatic = models.BooleanField(_("免申即享"), default=False)
    bank_name = models.CharField(_("开户行"), max_length=100, blank=True)
    account_name = models.CharField(_("户名"), max_length=200, blank=True)
    account_number = models.CharField(_("账号"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due = models.DateField(_("审核截止"), null=True, blank=True, db_index=True)
    notified_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("奖补申请")
        verbose_name_plural = _("奖补申请")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["programme", "entity"], name="award_application_once")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.entity}"

    def get_additional_data(self) -> dict:
        return {"region": self.programme.region.code, "entity": self.entity_id}


class Claim(models.Model):
    """One item of an application: what is claimed under which rule, and the verified amount."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="claims")
    rule = models.ForeignKey(AwardRule, verbose_name=_("规则"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("防重复键"), max_length=80, help_text=_("类别内唯一标识所奖补的对象。"))
    patent = models.ForeignKey(
        Patent, verbose_name=_("专利"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("内容"), max_length=300)
    expense = models.DecimalField(_("费用（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    share = models.DecimalField(_("份额"), max_digits=6, decimal_places=4, default=1)
    eligible = models.BooleanField(_("符合条件"), default=False)
    amount = models.DecimalField(_("核定金额（元）"), max_digits=14, decimal_places=2, default=0)
    reason = models.CharField(_("核验说明"), max_length=500)

    class Meta:
        verbose_name = _("申请事项")
        verbose_name_plural = _("申请事项")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.description


class Payment(models.Model):
    """The ledger of what has been granted: one row per (category, key, entity). Its unique
    constraint is what makes a second payment of the same item impossible, whatever the programme."""

    category = models.CharField(_("奖补类别"), max_length=40)
    key = models.CharField(_("对象"), max_length=80)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("年度"))
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("奖补台账")
        verbose_name_plural = _("奖补台账")
        constraints = [models.UniqueConstraint(fields=["category", "key", "entity"], name="payment_once")]

    def __str__(self) -> str:
        return f"{self.category} {self.key} {self.amount}"


class Step(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("原状态"), max_length=10, choices=AppStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=AppStatus.choices)
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        before = f"{self.get_from_status_display()} → " if self.from_status else ""
        return f"{before}{self.get_to_status_display()}"


class Publicity(models.Model):
    """The 公示 of a programme's approved list, for its period."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="publicities")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    entries = models.JSONField(_("名单"))

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.programme} {self.starts_on}–{self.ends_on}"


# ---------------------------------------------------------------------------------------------
# 高价值专利培育项目: a project funded in stages (seed 003 #7: 先期立项、中期评估、后期验收)


class ProjectStatus(models.TextChoices):
    APPLIED = "applied", _("已申报，待评审")
    APPROVED = "approved", _("已立项，实施中")
    REFUSED = "refused", _("不予立项")
    ACCEPTED = "accepted", _("已验收")
    TERMINATED = "terminated", _("已终止")


class Project(models.Model):
    """A cultivation project under a staged rule: the application, the experts' scores, 立项 with
    its budget, each later stage's result, changes, termination, and the patents it produced.
    A stage is paid (through an application of any programme with a staged rule of the same
    category) only after it passed, and only after every stage before it passed."""

    rule = models.ForeignKey(
        AwardRule, verbose_name=_("资助规则"), on_delete=models.PROTECT, related_name="projects",
        limit_choices_to={"kind": RuleKind.STAGED},
    )  # fmt: skip
    entity = models.ForeignKey(
        Entity, verbose_name=_("承担单位"), on_delete=models.PROTECT, related_name="projects"
    )
    partners = models.CharField(
        _("合作单位"), max_length=300, blank=True, help_text=_("高校、科研院所、服务机构等。")
    )
    title = models.CharField(_("项目名称"), max_length=200)
    field = models.CharField(_("技术领域/产业"), max_length=100)
    summary = models.TextField(_("项目内容"))
    leader = models.CharField(_("项目负责人"), max_length=50)
    target_filings = models.PositiveIntegerField(_("目标：发明专利申请（件）"), default=0)
    target_grants = models.PositiveIntegerField(_("目标：发明专利授权（件）"), default=0)
    requested = models.DecimalField(_("申请资助（元）"), max_digits=14, decimal_places=2)
    budget = models.DecimalField(
        _("立项资助额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("立项时核定；各阶段按规则的比例拨付。"),
    )  # fmt: skip
    starts_on = models.DateField(_("实施起始"), null=True, blank=True)
    ends_on = models.DateField(_("计划完成"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.APPLIED
    )
    applied_on = models.DateField(_("申报日"))
    patents = models.ManyToManyField(Patent, verbose_name=_("项目专利"), blank=True, related_name="+")
    ended_note = models.CharField(_("终止或结论说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("高价值专利培育项目")
        verbose_name_plural = _("高价值专利培育项目")
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"region": self.rule.programme.region.code}

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _share in self.rule.stages]


class ProjectReview(models.Model):
    """One expert's score of a project's application (评审), 0–100."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(
        "agencies.Expert", verbose_name=_("评审专家"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2)
    opinion = models.CharField(_("评审意见"), max_length=500, blank=True)
    on = models.DateField(_("评审日"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip

    class Meta:
        verbose_name = _("项目评审")
        verbose_name_plural = _("项目评审")
        ordering = ["project", "on", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "expert"], name="project_review_once")]

    def __str__(self) -> str:
        return f"{self.project} {self.expert} {self.score}"


class ProjectStage(models.Model):
    """A stage's result (立项, 中期评估, 验收…): passed or not, with the opinion. A stage not
    passed may be assessed again after rectification; the latest result counts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=20)
    passed = models.BooleanField(_("通过"))
    on = models.DateField(_("日期"))
    note = models.CharField(_("意见"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("项目阶段结论")
        verbose_name_plural = _("项目阶段结论")
        ordering = ["project", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.project} {self.stage} {self.on}"


class ProjectChange(models.Model):
    """A change approved during the project (负责人, 合作单位, 期限, 内容) or its termination."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    on = models.DateField(_("日期"))
    what = models.CharField(_("变更事项"), max_length=200)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("项目变更")
        verbose_name_plural = _("项目变更")
        ordering = ["project", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.project} {self.what} {self.on}"


for model in (Programme, AwardRule, Application, Claim, Payment, Publicity, Project, ProjectReview, ProjectStage,
              ProjectChange):  # fmt: skip
    auditlog.register(model)
