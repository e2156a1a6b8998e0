"""Notices: what the platform tells a person — in the app, and by e-mail and SMS as they choose."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    DEADLINE = "deadline", _("办理时限提醒")
    OVERDUE = "overdue", _("逾期告警")
    FEE = "fee", _("年费与续展提醒")
    APPLICATION = "application", _("申报审核结果")
    CASE = "case", _("投诉与案件进展")
    WARNING = "warning", _("预警与监测结果")


# What a person receives when they have chosen nothing: e-mail for all, SMS for what has a legal
# or payment date attached.
SMS_BY_DEFAULT = {NoticeKind.DEADLINE, NoticeKind.OVERDUE, NoticeKind.FEE}


class Notice(models.Model):
    """One notice to one user. ``key`` makes a reminder idempotent: the same key is sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类别"), max_length=12, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    key = models.CharField(_("去重键"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    failure = models.CharField(_("发送失败原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notice_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A user's choice of channels for one kind of notice (in the app always)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=NoticeKind.choices)
    email = models.BooleanField(_("电子邮件"), default=True)
    sms = models.BooleanField(_("短信"), default=False)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()}"


auditlog.register(Preference)
