"""The 公共服务事项清单 and its 办事指南: what the office does for the public, how to apply, what to
bring, how long it takes and at which window (Yidu plan #39)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.regions.models import Region


class ServiceItem(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    category = models.CharField(
        _("类别"), max_length=50, help_text=_("如 专利、商标、保护、运用、信息服务。")
    )
    name = models.CharField(_("事项名称"), max_length=200)
    summary = models.TextField(_("事项说明"))
    conditions = models.TextField(_("办理条件"), blank=True)
    materials = models.TextField(_("申请材料"), blank=True, help_text=_("每行一项。"))
    steps = models.TextField(_("办理流程"), blank=True, help_text=_("每行一步。"))
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), null=True, blank=True)
    legal_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), null=True, blank=True)
    fee = models.CharField(_("收费"), max_length=200, default="不收费")
    basis = models.TextField(_("设定依据"), blank=True)
    window = models.CharField(_("办理窗口/责任科室"), max_length=200)
    address = models.CharField(_("办理地点"), max_length=300, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    online = models.URLField(_("网上办理"), blank=True)
    published = models.BooleanField(_("已公布"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("公共服务事项")
        verbose_name_plural = _("公共服务事项")
        ordering = ["region", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}

    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


auditlog.register(ServiceItem)


class Letterhead(models.Model):
    """The office's 版头 and 版记 on the 公文 the platform drafts (GB/T 9704-2012, `lib/gongwen.py`):
    the issuing office's mark and signature, the 机关代字 of its 发文字号, the offices a 通报 and a
    report are addressed to, 抄送 and the 印发机关."""

    region = models.OneToOneField(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    mark = models.CharField(
        _("发文机关标志"), max_length=60, help_text=_("版头的红色机关名称，如 宜都市市场监督管理局文件。")
    )
    issuer = models.CharField(_("发文机关署名"), max_length=60, help_text=_("如 宜都市市场监督管理局。"))
    prefix = models.CharField(
        _("机关代字"), max_length=20, blank=True,
        help_text=_("发文字号中年份前的部分，如 宜市监知（发文字号：宜市监知〔2026〕12号）；序号由文书登记后填写。"),
    )  # fmt: skip
    bulletin_to = models.CharField(
        _("通报主送机关"),
        max_length=300,
        blank=True,
        help_text=_("如 各乡镇人民政府、街道办事处，市直有关单位。"),
    )
    report_to = models.CharField(
        _("报告主送机关"), max_length=200, blank=True, help_text=_("上级机关，如 宜昌市市场监督管理局。")
    )
    cc = models.CharField(_("抄送机关"), max_length=300, blank=True)
    printer = models.CharField(
        _("印发机关"), max_length=60, blank=True, help_text=_("如 宜都市市场监督管理局办公室。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("公文版头")
        verbose_name_plural = _("公文版头")

    def __str__(self) -> str:
        return self.mark

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class DocumentTemplate(models.Model):
    """An office's own .docx template of a 公文 the platform drafts (`lib/templates.py`): its 版头,
    落款 and standing wording around the placeholders the platform fills."""

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文种"), max_length=30)
    content = models.BinaryField(_("模板文件"))
    filename = models.CharField(_("上传的文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="document_template_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.kind}"

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


class SiteFooter(models.Model):
    """What a government website's footer must carry (《政府网站发展指引》: 主办单位, 联系方式, ICP
    备案编号, 公安机关备案号, 网站标识码), kept by the office for its region's portal."""

    region = models.OneToOneField(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    sponsor = models.CharField(_("主办单位"), max_length=200)
    organizer = models.CharField(_("承办单位"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    icp = models.CharField(
        _("ICP备案编号"), max_length=100, blank=True, help_text=_("如 鄂ICP备12345678号。")
    )
    police = models.CharField(_("公安机关备案号"), max_length=100, blank=True)
    site_code = models.CharField(
        _("网站标识码"), max_length=20, blank=True, help_text=_("政府网站标识码，10 位，由上级主管部门分配。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("门户页脚")
        verbose_name_plural = _("门户页脚")

    def __str__(self) -> str:
        return self.sponsor

    def get_additional_data(self) -> dict:
        return {"region": self.region.code}


auditlog.register(SiteFooter)
auditlog.register(Letterhead)
auditlog.register(DocumentTemplate, exclude_fields=["content"])
