"""Protection (保护): complaints and reports (投诉举报), cases under explicit workflows with their
statutory time limits as dated data, deadlines stored and watched by a worker, evidence, parties
and rights, enforcement disclosure, workstations and overseas risk warnings (docs/protection.md).
Personal data of complainants and natural-person parties stays with the handling staff."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.lib import attachments
from zhichan.regions.models import Region


class LimitUnit(models.TextChoices):
    WORKDAY = "workday", _("个工作日")
    DAY = "day", _("日")
    MONTH = "month", _("个月")


class LimitHolder(models.TextChoices):
    OFFICE = "office", _("办案机关")  # missing it raises an alert
    PARTY = "party", _("当事人")  # its end opens the next step; nobody is alerted


class TimeLimit(models.Model):
    """A legal time limit with the rule and article it comes from and the date from which it
    applies (a new rule is a new row; a case keeps the limit in force when its clock started).
    ``sure`` is False while the figure has not been checked against the official text."""

    code = models.CharField(_("代码"), max_length=40)
    label = models.CharField(_("时限"), max_length=100)
    amount = models.PositiveSmallIntegerField(_("期限"))
    unit = models.CharField(_("单位"), max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKDAY)
    holder = models.CharField(
        _("义务方"), max_length=8, choices=LimitHolder.choices, default=LimitHolder.OFFICE
    )
    basis = models.CharField(_("依据"), max_length=300)
    valid_from = models.DateField(_("施行日"))
    sure = models.BooleanField(_("已核对原文"), default=True)
    note = models.CharField(_("核对说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("法定时限")
        verbose_name_plural = _("法定时限")
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="time_limit_version")]

    def __str__(self) -> str:
        return f"{self.label}（{self.span}）"

    @property
    def span(self) -> str:
        return f"{self.amount} {self.get_unit_display()}"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉（维护自身权益）")
    REPORT = "report", _("举报（反映违法线索）")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上提交")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("来访")
    LETTER = "letter", _("信函")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    MEDIATING = "mediating", _("调解中")
    INVESTIGATING = "investigating", _("核查中")
    REFERRED = "referred", _("已转办/立案")
    CLOSED = "closed", _("已办结")


COMPLAINT_TRANSITIONS = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.ACCEPTED, ComplaintStatus.DECLINED, ComplaintStatus.INVESTIGATING,
                               ComplaintStatus.REFERRED},
    ComplaintStatus.ACCEPTED: {ComplaintStatus.MEDIATING, ComplaintStatus.REFERRED, ComplaintStatus.CLOSED},
    ComplaintStatus.MEDIATING: {ComplaintStatus.CLOSED, ComplaintStatus.REFERRED},
    ComplaintStatus.INVESTIGATING: {ComplaintStatus.REFERRED, ComplaintStatus.CLOSED},
    ComplaintStatus.REFERRED: {ComplaintStatus.CLOSED},
    ComplaintStatus.DECLINED: set(),
    ComplaintStatus.CLOSED: set(),
}  # fmt: skip


class Triage(models.TextChoices):
    PATENT_DISPUTE = "patent_dispute", _("专利侵权纠纷")
    COUNTERFEIT_PATENT = "counterfeit_patent", _("假冒专利")
    TRADEMARK = "trademark", _("商标侵权")
    GI = "gi", _("地理标志")
    OTHER = "other", _("其他")


class Complaint(models.Model):
    """A complaint or report; the complainant follows it with the receipt code, without an account."""

    receipt = models.CharField(_("受理回执码"), max_length=12, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=ComplaintKind.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    region = models.ForeignKey(Region, verbose_name=_("受理区划"), on_delete=models.PROTECT, related_name="+")
    # Personal data: shown only to the handler and administrators (access.py).
    name = models.CharField(_("姓名/名称"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    anonymous = models.BooleanField(_("匿名举报"), default=False)
    subject = models.CharField(_("被投诉（举报）人"), max_length=200)
    subject_entity = models.ForeignKey(
        Entity,
        verbose_name=_("被投诉主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    right_number = models.CharField(_("涉及的专利号/商标注册号"), max_length=40, blank=True)
    description = models.TextField(_("事实与诉求"))
    triage = models.CharField(_("分类"), max_length=20, choices=Triage.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=14, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    public_note = models.CharField(
        _("对外答复"), max_length=500, blank=True, help_text=_("凭回执码查询时可见。")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # The account of a filer who was signed in (an enterprise user): they see it under 我的.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交账号"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="complaints_filed",
    )  # fmt: skip
    received_on = models.DateField(_("收到日期"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.receipt} {self.get_kind_display()}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachments.complaint_path)
    name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    PAUSED = "paused", _("中止计时")
    MET = "met", _("按期完成")
    MISSED = "missed", _("已逾期")
    LAPSED = "lapsed", _("期满")  # a party's limit ran out (not a failure of the office)
    CANCELLED = "cancelled", _("已撤销")


class Deadline(models.Model):
    """A due date of a complaint or a case, from the limit in force on its start; the worker
    reminds before and alerts after it (compare-and-set on the stamps, so it acts once). A
    suspended case's deadlines are paused: the clock stops and the due date moves on resumption."""

    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    limit = models.ForeignKey(TimeLimit, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("起算日"))
    due_on = models.DateField(_("届满日"))
    counted_on = models.DateField(
        _("计算届满日"), null=True, blank=True,
        help_text=_("按日、月计算的期限未顺延前的末日；延长和中止后恢复都从这一天接续计算，再遇休息日顺延。"),
    )  # fmt: skip
    estimated = models.BooleanField(_("节假日未公布、按周末推算"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_on = models.DateField(_("完成日"), null=True, blank=True)
    paused_on = models.DateField(_("中止计时日"), null=True, blank=True)
    extended = models.BooleanField(_("已批准延长"), default=False)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("逾期告警时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="deadline_watch")]

    def __str__(self) -> str:
        return f"{self.limit.label} {self.due_on}"


class ComplaintStep(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("原状态"), max_length=14, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=14, choices=ComplaintStatus.choices)
    note = models.CharField(_("记录"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["complaint", "at", "pk"]

    def __str__(self) -> str:
        before = f"{self.get_from_status_display()} → " if self.from_status else ""
        return f"{before}{self.get_to_status_display()}"


# ---------------------------------------------------------------------------------------------
# Cases (案件): each kind an explicit workflow (workflow.py) with its limits


class CaseKind(models.TextChoices):
    ADJUDICATION = "adjudication", _("专利侵权纠纷行政裁决")
    SIMPLE = "simple", _("专利侵权纠纷行政裁决（简易程序）")
    COUNTERFEIT = "counterfeit", _("假冒专利查处")
    TRADEMARK = "trademark", _("商标侵权查处")
    MEDIATION = "mediation", _("专利纠纷调解")
    REFERRAL = "referral", _("诉调对接/仲裁移交")
    CRIMINAL = "criminal", _("两法衔接移送公安")


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", _("收到请求/线索")
    FILED = "filed", _("已立案")
    REJECTED = "rejected", _("不予受理/不予立案")
    SERVED = "served", _("已送达")
    ANSWERED = "answered", _("已答辩")
    HEARING = "hearing", _("口头审理")
    INVESTIGATING = "investigating", _("调查取证/技术调查")
    NOTIFIED = "notified", _("已告知（陈述申辩/听证）")
    MEDIATING = "mediating", _("调解中")
    DECIDED = "decided", _("已裁决/已作出决定")
    MEDIATED = "mediated", _("调解达成协议")
    FAILED = "failed", _("调解不成")
    REFERRED = "referred", _("已移交")
    APPROVED = "approved", _("已批准移送")
    TRANSFERRED = "transferred", _("已移送公安")
    CONFIRMED = "confirmed", _("调解协议已司法确认")
    NOTARIZED = "notarized", _("调解协议已公证")
    ARBITRATED = "arbitrated", _("已作出仲裁裁决")
    JUDGED = "judged", _("法院已调解或判决")
    POLICE_RECEIVED = "police_recv", _("公安机关已受理")
    POLICE_FILED = "police_filed", _("公安机关已立案")
    POLICE_DECLINED = "police_no", _("公安机关不予立案")
    REVIEW = "review", _("已提请复议/建议检察监督")
    ENFORCING = "enforcing", _("执行中")
    WITHDRAWN = "withdrawn", _("撤回")
    CLOSED = "closed", _("已结案")


class CaseSetting(models.TextChoices):
    """Where the infringement took place: the settings the seeds single out for protection."""

    ECOMMERCE = "ecommerce", _("电商平台")
    EXHIBITION = "exhibition", _("展会")
    MARKET = "market", _("专业市场")
    STORE = "store", _("商场、门店")
    FACTORY = "factory", _("生产、仓储场所")
    OTHER = "other", _("其他")


class RightKind(models.TextChoices):
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")
    GI = "gi", _("地理标志")
    COPYRIGHT = "copyright", _("著作权")
    SECRET = "secret", _("商业秘密")
    PLANT = "plant", _("植物新品种")
    LAYOUT = "layout", _("集成电路布图设计")
    OTHER = "other", _("其他")


class CaseFinding(models.TextChoices):
    VIOLATION = "violation", _("侵权（违法）成立")
    NONE = "none", _("不构成侵权（违法），或不予处罚")


class Case(models.Model):
    """A protection case: a patent-dispute adjudication (ordinary or simple procedure), a
    counterfeit-patent or trademark enforcement case, a mediation, a referral to court or
    arbitration, or a transfer to public security. Its status moves only along its kind's
    transition table; its clock stops while it is suspended."""

    number = models.CharField(_("案号"), max_length=40, unique=True)
    kind = models.CharField(_("案件类型"), max_length=14, choices=CaseKind.choices)
    status = models.CharField(
        _("状态"), max_length=14, choices=CaseStatus.choices, default=CaseStatus.REQUESTED
    )
    region = models.ForeignKey(
        Region, verbose_name=_("办案机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("案由"), max_length=200)
    summary = models.TextField(_("案情摘要"), blank=True)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("来源投诉举报"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases",
    )  # fmt: skip
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    infringed_on = models.DateField(_("侵权行为发生日"), null=True, blank=True)
    requested_on = models.DateField(_("收到请求/发现线索日"))
    filed_on = models.DateField(_("立案日"), null=True, blank=True)
    # 审结: decided, mediated, withdrawn — where the processing time ends; 归档 comes after any
    # enforcement.
    decided_on = models.DateField(_("审结日（裁决、决定、调解或撤回）"), null=True, blank=True)
    closed_on = models.DateField(_("归档结案日"), null=True, blank=True)
    outcome = models.TextField(_("处理结果"), blank=True)
    basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    setting = models.CharField(_("发生场所"), max_length=12, choices=CaseSetting.choices, blank=True)
    right_kind = models.CharField(_("涉及权利"), max_length=10, choices=RightKind.choices, blank=True)
    # What a decision found, and what it imposed (a penalty's fine and confiscations): a finding of
    # infringement or violation writes the respondents' credit records (``cases.credit_from_case``).
    finding = models.CharField(_("认定结果"), max_length=10, choices=CaseFinding.choices, blank=True)
    fine = models.DecimalField(_("罚款（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    confiscated = models.DecimalField(
        _("没收违法所得（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    goods = models.CharField(_("没收、销毁的侵权物品"), max_length=300, blank=True)
    suspended = models.BooleanField(_("中止中"), default=False)
    suspended_days = models.PositiveIntegerField(_("中止天数"), default=0)
    # Filled when the case is concluded: natural days from filing to conclusion (the indicator),
    # and the same less the days the case stood suspended (the statutory clock).
    cycle_days = models.PositiveIntegerField(_("处理周期（日）"), null=True, blank=True)
    clock_days = models.PositiveIntegerField(_("计时天数（扣除中止）"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保护案件")
        verbose_name_plural = _("保护案件")
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["region", "kind", "decided_on"], name="case_cycle")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class PartyRole(models.TextChoices):
    REQUESTER = "requester", _("请求人/权利人")
    RESPONDENT = "respondent", _("被请求人/当事人")
    THIRD = "third", _("第三人")
    AGENT = "agent", _("代理人")


class Party(models.Model):
    """A party to a case, linked to the registry's entity where it is one. A natural person's
    name, ID number, phone and address are personal data: the handler sees them, disclosures
    never do."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("地位"), max_length=10, choices=PartyRole.choices)
    natural_person = models.BooleanField(_("自然人"), default=False)
    entity = models.ForeignKey(
        Entity, verbose_name=_("登记主体"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名/名称"), max_length=200)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["case", "role", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseRight(models.Model):
    """A right the case is about: a patent or trademark of the registry, or a number it lacks."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights")
    patent = models.ForeignKey(
        "assets.Patent",
        verbose_name=_("专利"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trademark = models.ForeignKey(
        "assets.Trademark", verbose_name=_("商标"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    number = models.CharField(_("专利号/注册号"), max_length=40)

    class Meta:
        verbose_name = _("涉案权利")
        verbose_name_plural = _("涉案权利")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.number


class HandoffKind(models.TextChoices):
    ASSIST = "assist", _("协助调查取证")
    TRANSFER = "transfer", _("移送线索/案件管辖")
    JOINT = "joint", _("联合执法")


class HandoffStatus(models.TextChoices):
    SENT = "sent", _("已发出，待接收")
    ACCEPTED = "accepted", _("已接收，办理中")
    DECLINED = "declined", _("不予接收（已退回）")
    ANSWERED = "answered", _("已办结回复")


class Handoff(models.Model):
    """跨区域协作: a clue or case one office sends to another region's office — for help with an
    investigation, to hand over jurisdiction, or to act together — and the answer. Both offices
    see it within their own scopes; the receiving office sees what the sender wrote, not the
    sender's case file."""

    kind = models.CharField(_("协作类型"), max_length=10, choices=HandoffKind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=HandoffStatus.choices, default=HandoffStatus.SENT
    )
    from_region = models.ForeignKey(
        Region, verbose_name=_("发出机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey(
        Region, verbose_name=_("接收机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "Case",
        verbose_name=_("发出方案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handoffs",
    )
    subject = models.CharField(_("事由"), max_length=200)
    request = models.TextField(_("请求事项与线索"))
    respond_by = models.DateField(_("请求回复日期"), null=True, blank=True)
    sent_on = models.DateField(_("发出日期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发出人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    accepted_on = models.DateField(_("接收日期"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收方承办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    answer = models.TextField(_("办理结果/回复"), blank=True)
    answered_on = models.DateField(_("回复日期"), null=True, blank=True)
    their_case = models.ForeignKey(
        "Case",
        verbose_name=_("接收方立案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("跨区域协作")
        verbose_name_plural = _("跨区域协作")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_region} → {self.to_region} {self.subject}"

    def get_additional_data(self) -> dict:
        return {"region": self.from_region.code, "to_region": self.to_region.code}


class CaseDocument(models.Model):
    """A document of the case file (请求书, 答辩书, 证据, 笔录, 技术调查意见, 裁决书…); each upload
    of the same document is a new version, the older ones kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("文书/证据名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, default="evidence")
    submitted_by = models.CharField(_("提交方"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("案卷材料")
        verbose_name_plural = _("案卷材料")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    file = models.FileField(_("文件"), upload_to=attachments.case_path)
    name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("材料版本")
        verbose_name_plural = _("材料版本")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Assignment(models.Model):
    """A technical investigator or expert from the pool (agencies.Expert) assigned to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(
        "agencies.Expert", verbose_name=_("专家"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("职责"), max_length=40)
    assigned_on = models.DateField(_("指派日期"))
    no_conflict = models.BooleanField(_("已声明无利害关系"), default=False)

    class Meta:
        verbose_name = _("技术调查官与专家指派")
        verbose_name_plural = _("技术调查官与专家指派")
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "expert"], name="assignment_once")]

    def __str__(self) -> str:
        return f"{self.case} {self.expert}"


class Suspension(models.Model):
    """A period during which the case's clock stood still (中止, 公告, 鉴定…)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("中止事由"), max_length=200)
    starts_on = models.DateField(_("中止日"))
    ends_on = models.DateField(_("恢复日"), null=True, blank=True)

    class Meta:
        verbose_name = _("中止")
        verbose_name_plural = _("中止")
        ordering = ["case", "starts_on"]

    def __str__(self) -> str:
        return f"{self.case} {self.starts_on}"


class CaseStep(models.Model):
    """Every move of a case: status changes, suspensions, extensions, assignments, documents."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("动作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=14, blank=True)
    to_status = models.CharField(_("新状态"), max_length=14, blank=True)
    on = models.DateField(_("日期"))
    note = models.CharField(_("记录"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办案记录")
        verbose_name_plural = _("办案记录")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"


class Disclosure(models.Model):
    """A decided case published (执法信息公开) in the standard format, personal data removed.
    ``typical`` marks the office's 典型案例."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="disclosure")
    title = models.CharField(_("标题"), max_length=200)
    body = models.JSONField(_("公开内容"))  # the standard fields, already redacted
    published_on = models.DateField(_("公开日期"))
    due_on = models.DateField(_("应公开日期"), null=True, blank=True)
    typical = models.BooleanField(_("典型案例"), default=False)
    typical_note = models.TextField(_("典型意义"), blank=True)
    withdrawn_on = models.DateField(_("撤下日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("执法信息公开")
        verbose_name_plural = _("执法信息公开")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Workstations and overseas risk warnings


class StationKind(models.TextChoices):
    PROTECTION = "protection", _("知识产权保护工作站")
    AID = "aid", _("维权援助工作站")
    MEDIATION = "mediation", _("知识产权纠纷调解组织")
    BRAND = "brand", _("商标品牌指导站")


class StationLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


STATION_RANK = {
    "": 0,
    StationLevel.COUNTY: 1,
    StationLevel.CITY: 2,
    StationLevel.PROVINCE: 3,
    StationLevel.NATIONAL: 4,
}


class Workstation(models.Model):
    """A protection or aid workstation, a mediation organisation or a brand guidance station,
    hosted by an entity (a park, an association, a firm) in a township."""

    kind = models.CharField(_("类型"), max_length=12, choices=StationKind.choices)
    level = models.CharField(
        _("认定级别"), max_length=10, choices=StationLevel.choices, blank=True,
        help_text=_("哪一级知识产权管理部门认定（授牌）；奖补规则可要求“市级以上”。"),
    )  # fmt: skip
    name = models.CharField(_("名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("地址"), max_length=300)
    host = models.ForeignKey(
        Entity, verbose_name=_("依托单位"), on_delete=models.PROTECT, related_name="workstations"
    )
    established_on = models.DateField(_("设立日期"))
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    services = models.CharField(_("服务内容"), max_length=300, blank=True)
    contact = models.CharField(_("对外联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("保护工作站")
        verbose_name_plural = _("保护工作站")
        ordering = ["region__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class StationStaff(models.Model):
    station = models.ForeignKey(Workstation, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("姓名"), max_length=50)
    duty = models.CharField(_("职责"), max_length=100)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("工作站人员")
        verbose_name_plural = _("工作站人员")

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询服务")
    REFERRAL = "referral", _("转交案件线索")
    MEDIATION = "mediation", _("调解纠纷")
    TRAINING = "training", _("培训宣传")
    GUIDANCE = "guidance", _("企业指导")


class ServiceLog(models.Model):
    station = models.ForeignKey(Workstation, on_delete=models.CASCADE, related_name="logs")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("服务类型"), max_length=14, choices=ServiceKind.choices)
    count = models.PositiveIntegerField(_("次数/人次"), default=1)
    case = models.ForeignKey(Case, verbose_name=_("转交案件"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")  # fmt: skip
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("服务台账")
        verbose_name_plural = _("服务台账")
        ordering = ["station", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.station} {self.on}"


class StationReview(models.Model):
    """The yearly review of a workstation; a passed review is what the subsidy programme pays
    (保护工作站每年 1 万元, awards ItemSource.WORKSTATION)."""

    station = models.ForeignKey(Workstation, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("考核合格"))
    figures = models.JSONField(_("年度台账汇总"), default=dict)
    comment = models.CharField(_("考核意见"), max_length=500, blank=True)
    reviewed_on = models.DateField(_("考核日期"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("工作站年度考核")
        verbose_name_plural = _("工作站年度考核")
        ordering = ["-year", "station"]
        constraints = [models.UniqueConstraint(fields=["station", "year"], name="station_review_year")]

    def __str__(self) -> str:
        return f"{self.station} {self.year}"

    def figures_display(self) -> str:
        """The year's service figures in words: 咨询服务 40，培训宣传 50."""
        labels = dict(ServiceKind.choices)
        return "，".join(f"{labels.get(kind, kind)} {n}" for kind, n in self.figures.items() if n) or "—"


class RiskWarning(models.Model):
    """An overseas IP risk warning (海外知识产权风险预警) for an industry and a country or region,
    linked to the entities it concerns."""

    region = models.ForeignKey(
        Region, verbose_name=_("发布机关区划"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    country = models.CharField(_("国家/地区"), max_length=100)
    industry = models.CharField(_("产业/技术领域"), max_length=200)
    ipc = models.CharField(_("相关 IPC"), max_length=200, blank=True)
    level = models.CharField(
        _("风险等级"), max_length=10, choices=[("high", _("高")), ("medium", _("中")), ("low", _("低"))]
    )
    summary = models.TextField(_("风险提示"))
    advice = models.TextField(_("应对建议"), blank=True)
    source = models.CharField(_("信息来源"), max_length=300, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    entities = models.ManyToManyField(
        Entity, through="WarningTarget", related_name="risk_warnings", blank=True
    )

    class Meta:
        verbose_name = _("海外风险预警")
        verbose_name_plural = _("海外风险预警")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class WarningTarget(models.Model):
    warning = models.ForeignKey(RiskWarning, on_delete=models.CASCADE, related_name="targets")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    why = models.CharField(_("关联理由"), max_length=300)
    read_at = models.DateTimeField(_("企业已读"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警对象")
        verbose_name_plural = _("预警对象")
        constraints = [models.UniqueConstraint(fields=["warning", "entity"], name="warning_target_once")]

    def __str__(self) -> str:
        return f"{self.warning} → {self.entity}"


auditlog.register(Complaint, exclude_fields=["name", "phone", "email"])
auditlog.register(Party, exclude_fields=["name", "id_number", "phone", "address"])
auditlog.register(StationStaff, exclude_fields=["phone"])
for model in (TimeLimit, Attachment, Deadline, ComplaintStep, Case, CaseRight, CaseDocument, DocumentVersion,
              Assignment, Suspension, CaseStep, Disclosure, Workstation, ServiceLog, StationReview, RiskWarning,
              WarningTarget, Handoff):  # fmt: skip
    auditlog.register(model)
