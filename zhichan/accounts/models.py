"""Users and their roles: who they are decides what they may see (see ``access.py``)."""

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "official", _("知识产权管理部门工作人员")
    ENTERPRISE = "enterprise", _("创新主体用户")
    BANK = "bank", _("金融机构用户")
    AGENCY = "agency", _("服务机构用户")
    EXPERT = "expert", _("专家")


class User(AbstractUser):
    """A person who logs in.

    Officials are bound to a region and see its subtree (a province official the province, a
    county official the county). Enterprise, bank and agency users are bound to an entity.
    System administrators are ``is_superuser``.
    """

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.OFFICIAL)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("管辖区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    entity = models.ForeignKey(
        "entities.Entity", verbose_name=_("所属主体"), null=True, blank=True, on_delete=models.PROTECT
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True, help_text=_("接收短信通知。"))
    office_admin = models.BooleanField(
        _("本单位管理员"),
        default=False,
        help_text=_("管理本区划（含下级）的用户、职责分离等设置；仅对管理部门工作人员有效。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL and self.region_id is not None

    @property
    def home_region(self):
        """The region the user belongs to: an official's own, else the entity's, else the one
        recorded for the account (an expert's)."""
        if self.region_id is not None:
            return self.region
        return self.entity.region if self.entity_id is not None else None

    def get_additional_data(self) -> dict:
        """The audit entry's region: office administrators read the history of their users."""
        region = self.home_region
        return {"region": region.code if region is not None else ""}


auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["mobile"])


class ApiToken(models.Model):
    """An API token, kept only as its SHA-256 digest: the token itself is shown once, when it is
    made, and a backup or a database dump holds nothing that opens the API. Each token has an
    expiry date and can be revoked by its user or an administrator."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("前缀"), max_length=8, help_text=_("令牌的前 8 位，用于辨认"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"


auditlog.register(ApiToken, exclude_fields=["digest", "last_used_at"])


class Procedure(models.TextChoices):
    """Steps that one person should not take twice on the same matter (separation of duties)."""

    AWARD_APPROVAL = "award_approval", _("奖补申请：初审人不得批准同一申请")
    CASE_DECISION = "case_decision", _("案件：承办人不得审批本人承办案件的裁决、决定或移送")


class Separation(models.Model):
    """An office's choice for one procedure. Without a row for the region or an enclosing one the
    separation holds: an office relaxes it explicitly, with a reason, and the history keeps who
    did."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.CharField(_("程序"), max_length=20, choices=Procedure.choices)
    enforced = models.BooleanField(_("启用职责分离"), default=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        User, verbose_name=_("设置人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("职责分离设置")
        verbose_name_plural = _("职责分离设置")
        constraints = [
            models.UniqueConstraint(fields=["region", "procedure"], name="separation_unique_procedure")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.get_procedure_display()}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


auditlog.register(Separation)


def acting(user):
    """The user a record names as having acted: None for a system run or an anonymous request."""
    return user if user is not None and user.is_authenticated else None
