"""Protection (保护), part 1: complaints and reports (投诉举报) with their statutory time limits as
dated data, deadlines stored and watched by a worker, and the complainant's personal data kept
to the handling staff (docs/protection.md)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity
from zhichan.regions.models import Region


class TimeLimit(models.Model):
    """A legal time limit, in working days, with the rule and article it comes from and the date
    from which it applies (a new rule is a new row; cases keep the limit in force when they began)."""

    code = models.CharField(_("代码"), max_length=40)
    label = models.CharField(_("时限"), max_length=100)
    workdays = models.PositiveSmallIntegerField(_("工作日"))
    basis = models.CharField(_("依据"), max_length=300)
    valid_from = models.DateField(_("施行日"))
    sure = models.BooleanField(_("已核对原文"), default=True)

    class Meta:
        verbose_name = _("法定时限")
        verbose_name_plural = _("法定时限")
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="time_limit_version")]

    def __str__(self) -> str:
        return f"{self.label}（{self.workdays} 个工作日）"


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
    file = models.FileField(_("文件"), upload_to="complaints/%Y/%m/")
    name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    MET = "met", _("按期完成")
    MISSED = "missed", _("已逾期")
    CANCELLED = "cancelled", _("已撤销")


class Deadline(models.Model):
    """A due date of a complaint, from the limit in force on its start; the worker reminds before
    and alerts after it (compare-and-set on the stamps, so it acts once)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="deadlines")
    limit = models.ForeignKey(TimeLimit, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("起算日"))
    due_on = models.DateField(_("届满日"))
    estimated = models.BooleanField(_("节假日未公布、按周末推算"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_on = models.DateField(_("完成日"), null=True, blank=True)
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
        return f"{self.from_status} → {self.to_status}"


for model in (TimeLimit, Complaint, Attachment, Deadline, ComplaintStep):
    auditlog.register(model, exclude_fields=["name", "phone", "email"] if model is Complaint else None)
